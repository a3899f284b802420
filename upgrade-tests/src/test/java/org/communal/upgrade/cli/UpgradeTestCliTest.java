package org.communal.upgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.communal.upgrade.EmbeddedServers;
import org.communal.upgrade.ScratchDatabase;
import org.communal.upgrade.cli.UpgradeTestCli.Exit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on a small Flyway project that is not Communal: a library catalogue. */
class UpgradeTestCliTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  @TempDir Path dir;
  private Path project;

  @BeforeEach
  void copyTheProject() throws IOException, URISyntaxException {
    Path source = Path.of(UpgradeTestCliTest.class.getResource("library").toURI());
    project = dir.resolve("library");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path target = project.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private Exit run(String... args) {
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    return new UpgradeTestCli(out, err, false).run(List.of(args));
  }

  /** The library project's options, on embedded PostgreSQL 13, plus more. */
  private Exit runLibrary(String... more) {
    List<String> args = new ArrayList<>(List.of("--migrations", project.resolve("migrations")
        .toString(), "--releases", project.resolve("releases.txt").toString(), "--fixtures",
        project.resolve("fixtures").toString(), "--binaries", binaries().toString(),
        "--project", "library", "--pg", "13"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static Path binaries() {
    return Path.of(System.getProperty("communal.postgres.binaries", "target/postgres-binaries"));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsHelpNamingEveryOptionAndTheExitCodes() {
    assertThat(run("--help")).isEqualTo(Exit.PASSED);

    assertThat(out()).startsWith("Usage: java -jar communal-upgrade-test.jar --migrations DIR")
        .contains("--migrations DIR", "--releases FILE", "--manifest FILE", "--write-manifest",
            "--pg LIST", "--rows N", "--seed N", "--modes LIST", "--zones LIST", "--fixtures DIR",
            "--jdbc URL", "--binaries DIR", "--report DIR", "--project NAME", "--help",
            "Exit codes: 0 every path passed, 1 a path failed, 2 wrong usage (nothing ran), 3");
    assertThat(out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
    assertThat(err()).isEmpty();
  }

  @Test
  void exitsWithTwoAndEveryProblemForABadCommandLine() {
    assertThat(run("--pg", "12", "--modes", "fast")).isEqualTo(Exit.USAGE);

    assertThat(err()).isEqualTo("""
        Error: --migrations is required: the folder that holds the project's Flyway migrations \
        (V1__create.sql, ...).
        Error: --pg 12: the harness supports PostgreSQL 13 and later.
        Error: --modes fast is not a mode: give batched, stepwise or both.
        Nothing was run. See --help for the options.
        """);
    assertThat(out()).isEmpty();
  }

  @Test
  void exitsWithTwoWhenAFileIsMissing() {
    assertThat(run("--migrations", dir.resolve("nowhere").toString(), "--releases",
        dir.resolve("releases.txt").toString(), "--fixtures", "nofixtures")).isEqualTo(Exit.USAGE);

    assertThat(err()).contains(
        "Error: --migrations " + dir.resolve("nowhere") + " is not a folder.",
        "Error: --releases " + dir.resolve("releases.txt") + " does not exist.",
        "Error: --fixtures nofixtures is not a folder of <release>.sql files.");
  }

  @Test
  void exitsWithTwoForAFolderWithoutMigrations() throws IOException {
    Files.createDirectories(dir.resolve("empty"));

    assertThat(run("--migrations", dir.resolve("empty").toString())).isEqualTo(Exit.USAGE);

    assertThat(err()).contains("No migration files found at filesystem:" + dir.resolve("empty"));
  }

  @Test
  void exitsWithTwoForAMalformedReleaseMapNamingItsLine() throws IOException {
    Files.writeString(project.resolve("releases.txt"), "1.0 1\n1.1\n");

    assertThat(runLibrary()).isEqualTo(Exit.USAGE);

    assertThat(err()).contains(project.resolve("releases.txt") + " line 2: \"1.1\" has 1"
        + " field; a line holds a release and its schema version");
  }

  @Test
  void writesNoManifestForAReleaseWhoseSchemaVersionHasNoMigration() throws IOException {
    Path manifest = project.resolve("released-migrations.txt");
    Files.delete(manifest);
    Files.writeString(project.resolve("releases.txt"), "1.0 1\n1.1 4\n");

    assertThat(runLibrary("--write-manifest")).isEqualTo(Exit.USAGE);

    assertThat(err()).startsWith("Error: --releases " + project.resolve("releases.txt")
        + " line 2: release 1.1 names schema version 4, but no migration file has that version");
    assertThat(manifest).doesNotExist();
  }

  @Test
  void refusesABadReleaseMapNamingEachLineAndWritesNoManifest() throws IOException {
    Path manifest = project.resolve("released-migrations.txt");
    Files.delete(manifest);
    Path map = project.resolve("releases.txt");
    Files.writeString(map, """
        # release  schema-version
        1.0        1
        1.1        7
        0.9        1   # the first beta
        1.0        2
        1.2        1
        1.3        v3
        """);

    assertThat(runLibrary("--write-manifest")).isEqualTo(Exit.USAGE);

    String line = "Error: --releases " + map + " line ";
    assertThat(err()).isEqualTo(line + "3: release 1.1 names schema version 7, but no migration"
        + " file has that version (the migrations are V1 to V3). Give the version of the newest"
        + " migration that release shipped.\n"
        + line + "4: \"0.9        1   # the first beta\" has 6 fields; a line holds a release"
        + " and its"
        + " schema version, such as \"1.4.0 12\". Put a comment on a line of its own, starting"
        + " with #.\n"
        + line + "5: release 1.0 is listed twice (first on line 2). Give each release one line.\n"
        + line + "6: release 1.2 (schema 1) comes after release 1.0 (schema 2, line 5), but its"
        + " schema is older. List the releases oldest first.\n"
        + line + "7: schema version \"v3\" is not a Flyway version: give digits separated by"
        + " dots, such as 12 or 1.2.\n"
        + "Nothing was run. See --help for the options.\n");
    assertThat(manifest).doesNotExist();
    assertThat(out()).isEmpty();
  }

  @Test
  void explainsHowToCreateAMissingManifestAndWritesItOnRequest() throws IOException {
    Path manifest = project.resolve("released-migrations.txt");
    String committed = Files.readString(manifest);
    Files.delete(manifest);

    assertThat(runLibrary()).isEqualTo(Exit.USAGE);
    assertThat(err()).contains("There is no manifest " + manifest + ".",
        "then create it with the same command plus --write-manifest, and commit it.");

    assertThat(runLibrary("--write-manifest")).isEqualTo(Exit.PASSED);
    assertThat(out()).contains("Wrote " + manifest + ": 2 released migration files of 2"
        + " releases.");
    assertThat(Files.readAllLines(manifest).stream().filter(l -> !l.startsWith("#")))
        .containsExactlyElementsOf(committed.lines().filter(l -> !l.startsWith("#")).toList());

    errBytes.reset();
    assertThat(runLibrary("--write-manifest")).isEqualTo(Exit.USAGE);
    assertThat(err()).contains("The manifest " + manifest + " already exists, and"
        + " --write-manifest never overwrites one");
  }

  @Test
  void exitsWithThreeWhenTheServerCannotBeReached() {
    Exit exit = run("--migrations", project.resolve("migrations").toString(), "--jdbc",
        "jdbc:postgresql://127.0.0.1:1/postgres?user=nobody&connectTimeout=5");

    assertThat(exit).isEqualTo(Exit.ERROR);
    assertThat(err()).startsWith("The upgrade test could not run: Cannot reach PostgreSQL at"
        + " jdbc:postgresql://127.0.0.1:1/postgres");
  }

  @Test
  void passesTheLibraryOnPostgres13AndWritesEveryReport() throws IOException {
    Path reports = dir.resolve("reports");

    Exit exit = runLibrary("--zones", "UTC", "--report", reports.toString());

    assertThat(exit).as(out() + err()).isEqualTo(Exit.PASSED);
    assertThat(out()).contains(
        "Upgrade test of library: from an empty database and 2 releases to HEAD (3 migration"
            + " files).\nOn embedded PostgreSQL [13]; PostgreSQL 13; batched, stepwise; time zones"
            + " UTC; 100 generated rows per table, seed 1.\n",
        "1.0 -> HEAD, PostgreSQL 13, batched, UTC: PASSED in ",
        "1.1 -> HEAD, PostgreSQL 13, stepwise, UTC: PASSED in ",
        "6 paths: 6 passed, 0 failed;", "All paths passed.");
    try (Stream<Path> files = Files.list(reports)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
          "index.html", "report.json", "TEST-empty-pg13-batched-UTC.xml",
          "TEST-empty-pg13-stepwise-UTC.xml", "TEST-1.0-pg13-batched-UTC.xml",
          "TEST-1.0-pg13-stepwise-UTC.xml", "TEST-1.1-pg13-batched-UTC.xml",
          "TEST-1.1-pg13-stepwise-UTC.xml");
    }
    assertThat(Files.readString(reports.resolve("index.html")))
        .contains("Upgrade test of library: <span class=\"verdict-pass\">passed</span>");
  }

  @Test
  void failsWhenAnUpgradeLosesRowsAndTheReportNamesIt() throws IOException {
    Files.writeString(project.resolve("migrations/V3__add_isbn.sql"), """
        ALTER TABLE books ADD COLUMN isbn varchar(17);
        -- Books without an author cannot get an ISBN yet.
        DELETE FROM books WHERE author_id IS NULL;
        """);
    Path reports = dir.resolve("reports");

    Exit exit = runLibrary("--modes", "batched", "--zones", "UTC", "--report", reports.toString());

    assertThat(exit).as(out() + err()).isEqualTo(Exit.FAILED);
    assertThat(out()).contains("1.0 -> HEAD, PostgreSQL 13, batched, UTC: FAILED in ",
        "    - [data-lost] ", "Upgrade test FAILED.");
    String html = Files.readString(reports.resolve("index.html"));
    assertThat(html).contains("<h3>1.1 -&gt; HEAD, PostgreSQL 13, batched, UTC</h3>",
        "<h3>1.0 -&gt; HEAD, PostgreSQL 13, batched, UTC</h3>", "[data-lost]",
        "<strong>table books</strong>", "rows before the upgrade", "row(s) lost, e.g. id=");
  }

  @Test
  void runsOnAServerGivenByItsJdbcUrlAndRefusesAMajorItDoesNotRun() throws SQLException {
    try (EmbeddedServers external = EmbeddedServers.fromFolder(binaries())) {
      // A database of the server's own, as a real server has, outside the harness's scratch ones.
      ScratchDatabase scratch = external.create(13, "external");
      try (Connection c = scratch.dataSource(ZoneOffset.UTC).getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE catalogue");
      }
      String url = scratch.jdbcUrl().replace(scratch.name(), "catalogue");
      assertThat(url).contains("?user=");

      assertThat(run("--migrations", project.resolve("migrations").toString(), "--jdbc", url,
        "--pg", "18")).isEqualTo(Exit.USAGE);
      assertThat(err()).contains("Error: --pg asks for PostgreSQL [18], but jdbc:postgresql://",
          " serves [13]. Ask for --pg 13, or give another server.");

      List<String> args = new ArrayList<>(List.of("--migrations",
          project.resolve("migrations").toString(), "--releases",
          project.resolve("releases.txt").toString(), "--fixtures",
          project.resolve("fixtures").toString(), "--jdbc", url, "--modes", "batched",
          "--zones", "UTC"));
      assertThat(run(args.toArray(String[]::new))).as(out() + err()).isEqualTo(Exit.PASSED);
      assertThat(out()).contains("On " + url.substring(0, url.indexOf('?')),
          "; PostgreSQL 13; batched;", "3 paths: 3 passed, 0 failed;");
    }
  }
}
