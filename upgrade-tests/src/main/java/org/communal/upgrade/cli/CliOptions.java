package org.communal.upgrade.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.communal.upgrade.MatrixSettings;
import org.communal.upgrade.Mode;

/**
 * The command line of {@link UpgradeTestCli}, parsed and checked. Options take their value as the
 * next argument or after {@code =} ({@code --pg 13,18} or {@code --pg=13,18}).
 *
 * @param help whether {@code --help} was given (everything else is then ignored)
 * @param migrations the folder of the project's {@code V<version>__<description>.sql} files
 * @param releases the release map, lines of {@code <release> <schema-version>}; without it only
 *     the path from an empty database runs
 * @param manifest the manifest of released files; empty means beside the release map
 * @param writeManifest write the manifest from the current files instead of running
 * @param majors the PostgreSQL majors; empty means 13 and 18 (or the server's, with a JDBC URL)
 * @param rows generated rows per table
 * @param seed the generator's seed
 * @param modes batched, stepwise, or both
 * @param zones the session time zones
 * @param jdbc an external server instead of embedded ones
 * @param binaries a folder of zonky binaries jars
 * @param fixtures a folder of {@code <release>.sql} files with hand-written rows
 * @param report where to write the HTML, JSON and JUnit XML reports
 * @param project the project's name in reports; empty means the working folder's name
 */
public record CliOptions(boolean help, Path migrations, Optional<Path> releases,
    Optional<Path> manifest, boolean writeManifest, List<Integer> majors, int rows, long seed,
    List<Mode> modes, List<ZoneId> zones, Optional<String> jdbc, Optional<Path> binaries,
    Optional<Path> fixtures, Optional<Path> report, Optional<String> project) {
  /** The oldest PostgreSQL major the harness supports. */
  public static final int OLDEST_MAJOR = 13;

  /** The PostgreSQL majors when {@code --pg} is not given and the servers are embedded. */
  public static final List<Integer> DEFAULT_MAJORS = List.of(13, 18);

  /** The default generated rows per table. */
  public static final int DEFAULT_ROWS = 100;

  /** The default seed. */
  public static final long DEFAULT_SEED = 1;

  /** The options that take a value. */
  private static final List<String> VALUED = List.of("--migrations", "--releases", "--manifest",
      "--pg", "--rows", "--seed", "--modes", "--zones", "--jdbc", "--binaries", "--fixtures",
      "--report", "--project");

  /** The options that take none. */
  private static final List<String> FLAGS = List.of("--help", "-h", "--write-manifest");

  public CliOptions {
    majors = List.copyOf(majors);
    modes = List.copyOf(modes);
    zones = List.copyOf(zones);
  }

  /**
   * Parses a command line.
   *
   * @throws UsageException with every problem found, when there is any
   */
  public static CliOptions parse(List<String> args) {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = collect(args, problems);
    if (values.containsKey("--help")) {
      return new CliOptions(true, Path.of("."), Optional.empty(), Optional.empty(), false,
          List.of(), DEFAULT_ROWS, DEFAULT_SEED, List.of(), List.of(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    Parser p = new Parser(values, problems);
    CliOptions options = new CliOptions(false, p.requiredPath("--migrations"),
        p.path("--releases"), p.path("--manifest"), values.containsKey("--write-manifest"),
        p.majors(), p.number("--rows", DEFAULT_ROWS, 0, Integer.MAX_VALUE).intValue(),
        p.number("--seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE), p.modes(), p.zones(),
        p.text("--jdbc"), p.path("--binaries"), p.path("--fixtures"), p.path("--report"),
        p.text("--project"));
    options.checkCombinations(problems);
    if (!problems.isEmpty()) {
      throw new UsageException(problems);
    }
    return options;
  }

  private void checkCombinations(List<String> problems) {
    if (jdbc.isPresent() && binaries.isPresent()) {
      problems.add("--jdbc and --binaries exclude each other: --jdbc runs on a server you give,"
          + " --binaries on embedded ones. Give one of them.");
    }
    if (jdbc.isPresent() && majors.size() > 1) {
      problems.add("--jdbc gives one server, which runs one PostgreSQL major, but --pg asks for "
          + majors + ". Give that server's major alone, or leave --pg out.");
    }
    if (jdbc.isPresent() && !jdbc.get().startsWith("jdbc:postgresql://")) {
      problems.add("--jdbc " + jdbc.get() + " is not a PostgreSQL JDBC URL. Give one like"
          + " jdbc:postgresql://localhost:5432/postgres?user=me&password=secret.");
    }
    if (manifest.isPresent() && releases.isEmpty()) {
      problems.add("--manifest needs --releases: the manifest lists the files of the releases in"
          + " the release map.");
    }
    if (writeManifest && releases.isEmpty()) {
      problems.add("--write-manifest needs --releases: the manifest records the files of the"
          + " releases listed there.");
    }
  }

  /** Splits the arguments into options and their values, noting every malformed one. */
  private static Map<String, String> collect(List<String> args, List<String> problems) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
      String value;
      if (FLAGS.contains(name)) {
        name = name.equals("-h") ? "--help" : name;
        if (eq > 0 && arg.startsWith("--")) {
          problems.add(name + " takes no value, but was given \"" + arg.substring(eq + 1) + "\".");
        }
        value = "";
      } else if (VALUED.contains(name)) {
        if (eq > 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
          value = args.get(++i);
        } else {
          problems.add(name + " needs a value: " + name + " " + placeholder(name) + ".");
          value = null;
        }
      } else if (arg.startsWith("-")) {
        problems.add("Unknown option " + name + ". Run with --help to see the options.");
        continue;
      } else {
        problems.add("Unexpected argument \"" + arg + "\": every value follows its option, such"
            + " as --migrations " + arg + ".");
        continue;
      }
      if (values.containsKey(name)) {
        problems.add(name + " was given twice. Give it once; lists are comma-separated, such as"
            + " --pg 13,18.");
      }
      values.put(name, value);
    }
    return values;
  }

  private static String placeholder(String option) {
    return switch (option) {
      case "--pg" -> "13,18";
      case "--rows", "--seed" -> "N";
      case "--modes" -> "batched,stepwise";
      case "--zones" -> "UTC,Europe/Berlin";
      case "--jdbc" -> "URL";
      case "--project" -> "NAME";
      case "--releases", "--manifest" -> "FILE";
      default -> "DIR";
    };
  }

  /** Reads each option's value, noting every bad one. */
  private static final class Parser {
    private final Map<String, String> values;
    private final List<String> problems;

    Parser(Map<String, String> values, List<String> problems) {
      this.values = values;
      this.problems = problems;
    }

    Optional<String> text(String option) {
      String value = values.get(option);
      if (value != null && value.isBlank()) {
        problems.add(option + " is empty. Give " + option + " " + placeholder(option) + ".");
        return Optional.empty();
      }
      return Optional.ofNullable(value);
    }

    Optional<Path> path(String option) {
      return text(option).flatMap(v -> {
        try {
          return Optional.of(Path.of(v));
        } catch (InvalidPathException e) {
          problems.add(option + " " + v + " is not a valid path: " + e.getReason() + ".");
          return Optional.empty();
        }
      });
    }

    Path requiredPath(String option) {
      if (!values.containsKey(option)) {
        problems.add(option + " is required: the folder that holds the project's Flyway"
            + " migrations (V1__create.sql, ...).");
        return Path.of(".");
      }
      return path(option).orElse(Path.of("."));
    }

    Long number(String option, long fallback, long min, long max) {
      Optional<String> value = text(option);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        long n = Long.parseLong(value.get().strip().replace("_", ""));
        if (n < min || n > max) {
          problems.add(option + " " + value.get() + " is out of range: give a whole number from "
              + min + " to " + max + ".");
          return fallback;
        }
        return n;
      } catch (NumberFormatException e) {
        problems.add(option + " " + value.get() + " is not a whole number.");
        return fallback;
      }
    }

    List<Integer> majors() {
      return list("--pg", List.of(), v -> {
        try {
          int major = Integer.parseInt(v);
          if (major >= OLDEST_MAJOR) {
            return major;
          }
          problems.add("--pg " + v + ": the harness supports PostgreSQL " + OLDEST_MAJOR
              + " and later.");
        } catch (NumberFormatException e) {
          problems.add("--pg " + v + " is not a PostgreSQL major version: give majors such as"
              + " --pg 13,18.");
        }
        return null;
      });
    }

    List<Mode> modes() {
      return list("--modes", List.of(Mode.BATCHED, Mode.STEPWISE), v -> {
        try {
          return Mode.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          problems.add("--modes " + v + " is not a mode: give batched, stepwise or both.");
          return null;
        }
      });
    }

    List<ZoneId> zones() {
      return list("--zones", List.of(MatrixSettings.UTC, MatrixSettings.SECOND_ZONE), v -> {
        try {
          ZoneId zone = ZoneId.of(v);
          if (zone instanceof ZoneOffset offset && offset.getTotalSeconds() != 0) {
            problems.add("--zones " + v + " is an offset; give a region such as Europe/Berlin,"
                + " since PostgreSQL reads offsets with the opposite sign.");
            return null;
          }
          return zone;
        } catch (DateTimeException e) {
          problems.add("--zones " + v + " is not a time zone: give IANA names such as UTC or"
              + " Europe/Berlin.");
          return null;
        }
      });
    }

    /** A comma-separated list; the default when the option is absent. */
    private <T> List<T> list(String option, List<T> fallback, Function<String, T> parse) {
      Optional<String> value = text(option);
      if (value.isEmpty()) {
        return fallback;
      }
      List<T> items = new ArrayList<>();
      for (String item : value.get().split(",", -1)) {
        T parsed = item.isBlank() ? null : parse.apply(item.strip());
        if (item.isBlank()) {
          problems.add(option + " " + value.get() + " has an empty item. Separate items with"
              + " single commas, such as " + option + " " + placeholder(option) + ".");
        } else if (parsed != null && items.contains(parsed)) {
          problems.add(option + " names " + item.strip() + " twice.");
        } else if (parsed != null) {
          items.add(parsed);
        }
      }
      return items;
    }
  }
}
