package org.communal.upgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.communal.upgrade.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliOptionsTest {
  private static CliOptions parse(String... args) {
    return CliOptions.parse(List.of(args));
  }

  private static List<String> problems(String... args) {
    try {
      parse(args);
    } catch (UsageException e) {
      return e.problems();
    }
    throw new AssertionError("expected a usage error for " + List.of(args));
  }

  @Test
  void readsEveryOption() {
    CliOptions o = parse("--migrations", "db/migration", "--releases", "releases.txt",
        "--manifest", "m.txt", "--pg", "13,16,18", "--rows", "5000", "--seed", "-7",
        "--modes", "stepwise", "--zones", "Europe/Berlin,UTC,America/New_York",
        "--binaries", "bin", "--fixtures", "fx", "--report", "out", "--project", "shop");

    assertThat(o.help()).isFalse();
    assertThat(o.migrations()).isEqualTo(Path.of("db/migration"));
    assertThat(o.releases()).contains(Path.of("releases.txt"));
    assertThat(o.manifest()).contains(Path.of("m.txt"));
    assertThat(o.writeManifest()).isFalse();
    assertThat(o.majors()).containsExactly(13, 16, 18);
    assertThat(o.rows()).isEqualTo(5000);
    assertThat(o.seed()).isEqualTo(-7);
    assertThat(o.modes()).containsExactly(Mode.STEPWISE);
    assertThat(o.zones()).containsExactly(ZoneId.of("Europe/Berlin"), ZoneId.of("UTC"),
        ZoneId.of("America/New_York"));
    assertThat(o.jdbc()).isEmpty();
    assertThat(o.binaries()).contains(Path.of("bin"));
    assertThat(o.fixtures()).contains(Path.of("fx"));
    assertThat(o.report()).contains(Path.of("out"));
    assertThat(o.project()).contains("shop");
  }

  @Test
  void acceptsValuesAfterAnEqualsSign() {
    CliOptions o = parse("--migrations=db", "--jdbc=jdbc:postgresql://db:5432/postgres?user=a&b=c",
        "--pg=16", "--write-manifest", "--releases=r.txt");

    assertThat(o.migrations()).isEqualTo(Path.of("db"));
    assertThat(o.jdbc()).contains("jdbc:postgresql://db:5432/postgres?user=a&b=c");
    assertThat(o.majors()).containsExactly(16);
    assertThat(o.writeManifest()).isTrue();
  }

  @Test
  void fillsTheDefaults() {
    CliOptions o = parse("--migrations", "db");

    assertThat(o.releases()).isEmpty();
    assertThat(o.manifest()).isEmpty();
    assertThat(o.majors()).as("13 and 18, or the server's, decided later").isEmpty();
    assertThat(o.rows()).isEqualTo(100);
    assertThat(o.seed()).isEqualTo(1);
    assertThat(o.modes()).containsExactly(Mode.BATCHED, Mode.STEPWISE);
    assertThat(o.zones()).containsExactly(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"));
    assertThat(o.report()).isEmpty();
    assertThat(o.project()).isEmpty();
  }

  @Test
  void asksForHelpWhateverElseIsGiven() {
    assertThat(parse("--help").help()).isTrue();
    assertThat(parse("-h").help()).isTrue();
    assertThat(parse("--pg", "x", "--help").help()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--rows|x|--rows x is not a whole number.",
      "--rows|-1|--rows -1 is out of range: give a whole number from 0 to 2147483647.",
      "--rows|99999999999|--rows 99999999999 is out of range",
      "--seed|1.5|--seed 1.5 is not a whole number.",
      "--pg|12|--pg 12: the harness supports PostgreSQL 13 and later.",
      "--pg|thirteen|--pg thirteen is not a PostgreSQL major version: give majors such as"
          + " --pg 13,18.",
      "--pg|13,,18|--pg 13,,18 has an empty item. Separate items with single commas",
      "--pg|13,13|--pg names 13 twice.",
      "--modes|fast|--modes fast is not a mode: give batched, stepwise or both.",
      "--zones|Mars/Olympus|--zones Mars/Olympus is not a time zone: give IANA names",
      "--zones|+02:00|--zones +02:00 is an offset; give a region such as Europe/Berlin",
      "--jdbc|postgres://db/x|--jdbc postgres://db/x is not a PostgreSQL JDBC URL",
      "--project|''|--project is empty. Give --project NAME.",
  })
  void rejectsABadValueSayingWhatToGive(String option, String value, String message) {
    assertThat(problems("--migrations", "db", option, value))
        .singleElement().asString().startsWith(message);
  }

  @Test
  void requiresTheMigrationsFolder() {
    assertThat(problems("--pg", "13")).containsExactly("--migrations is required: the folder"
        + " that holds the project's Flyway migrations (V1__create.sql, ...).");
  }

  @Test
  void namesAnOptionThatLacksItsValueOnce() {
    assertThat(problems("--migrations")).containsExactly("--migrations needs a value:"
        + " --migrations DIR.");
    assertThat(problems("--migrations", "db", "--pg", "--rows", "5"))
        .containsExactly("--pg needs a value: --pg 13,18.");
  }

  @Test
  void rejectsUnknownOptionsStrayArgumentsAndRepeats() {
    assertThat(problems("--migrations", "db", "--verbose", "extra", "--pg", "13", "--pg", "18"))
        .containsExactly(
            "Unknown option --verbose. Run with --help to see the options.",
            "Unexpected argument \"extra\": every value follows its option, such as"
                + " --migrations extra.",
            "--pg was given twice. Give it once; lists are comma-separated, such as --pg 13,18.");
  }

  @Test
  void rejectsAValueOnAFlag() {
    assertThat(problems("--migrations", "db", "--releases", "r", "--write-manifest=yes"))
        .containsExactly("--write-manifest takes no value, but was given \"yes\".");
  }

  @Test
  void rejectsOptionsThatExcludeEachOther() {
    assertThat(problems("--migrations", "db", "--jdbc", "jdbc:postgresql://db/postgres",
        "--binaries", "bin", "--pg", "13,18")).containsExactly(
            "--jdbc and --binaries exclude each other: --jdbc runs on a server you give,"
                + " --binaries on embedded ones. Give one of them.",
            "--jdbc gives one server, which runs one PostgreSQL major, but --pg asks for [13, 18]."
                + " Give that server's major alone, or leave --pg out.");
    assertThat(problems("--migrations", "db", "--write-manifest", "--manifest", "m.txt"))
        .containsExactly(
            "--manifest needs --releases: the manifest lists the files of the releases in the"
                + " release map.",
            "--write-manifest needs --releases: the manifest records the files of the releases"
                + " listed there.");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThat(problems("--rows", "x", "--pg", "9", "--modes", "slow")).hasSize(4);
  }

  @Test
  void explainsTheProblemsInTheExceptionMessageToo() {
    assertThatThrownBy(() -> parse("--migrations", "db", "--rows", "x"))
        .isInstanceOf(UsageException.class).hasMessage("--rows x is not a whole number.");
    assertThat(Optional.of(parse("--migrations", "db", "--seed", "1_000").seed())).contains(1000L);
  }
}
