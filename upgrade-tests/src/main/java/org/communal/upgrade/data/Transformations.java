package org.communal.upgrade.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.communal.upgrade.Finding;
import org.communal.upgrade.Sql;
import org.communal.upgrade.UpgradeException;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Declared transformations: assertion files kept beside the migrations, for data a migration
 * changes on purpose (a column split, a backfill, a type change). {@code V9__names_split.assert}
 * belongs to the migration of version 9; it holds one or more queries that return the rows that
 * break the promise (none when it holds), and may name in {@code -- changes: table.column, table}
 * lines what the migration changes, so that the data comparison reports those changes as warnings.
 * The queries run on the upgraded database, with the upgraded schema first on the search path
 * and the data before the upgrade in the schema {@value BeforeCopy#SCHEMA} (see {@link
 * BeforeCopy}), in a read-only transaction rolled back afterwards.
 *
 * <p>Flyway reads only {@code .sql} files as SQL migrations, so it never runs or validates these;
 * nor does the release manifest check. Check codes: {@code transformation-failed} (rows
 * returned), {@code transformation-broken} (the query failed), {@code transformation-invalid}
 * (a file that does not follow the convention). Immutable and thread-safe.
 */
public final class Transformations {
  /** The suffix of assertion files. */
  public static final String SUFFIX = ".assert";

  private static final Pattern NAME = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.assert");
  private static final Pattern MIGRATION = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");
  private static final Pattern CHANGES = Pattern.compile("(?m)^\\s*--\\s*changes:(.*)$");
  private static final Pattern ENTRY = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)?");
  private static final int SHOWN_ROWS = 5;
  private static final int SHOWN_CHARS = 60;

  private final String location;
  private final List<Assertion> assertions;
  private final List<Finding> problems;

  private Transformations(String location, List<Assertion> assertions, List<Finding> problems) {
    this.location = location;
    this.assertions = List.copyOf(assertions);
    this.problems = List.copyOf(problems);
  }

  /** The assertion files of a Flyway location, read with this class's loader. */
  public static Transformations load(String location) {
    return load(Transformations.class.getClassLoader(), location);
  }

  /**
   * The assertion files of a Flyway location ({@code classpath:some/path} or {@code
   * filesystem:/some/dir}), its folders below included, as Flyway scans them.
   *
   * @throws UpgradeException if the location cannot be read
   */
  public static Transformations load(ClassLoader loader, String location) {
    Objects.requireNonNull(loader, "loader");
    Map<String, String> files = read(loader, Objects.requireNonNull(location, "location"));
    Set<MigrationVersion> migrations = new HashSet<>();
    files.keySet().stream().map(MIGRATION::matcher).filter(Matcher::matches)
        .forEach(m -> migrations.add(MigrationVersion.fromVersion(m.group(1))));
    List<Assertion> assertions = new ArrayList<>();
    List<Finding> problems = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (f.getKey().endsWith(SUFFIX)) {
        List<Finding> wrong = check(f.getKey(), f.getValue(), migrations, location);
        if (wrong.isEmpty()) {
          assertions.add(parse(f.getKey(), f.getValue()));
        }
        problems.addAll(wrong);
      }
    }
    return new Transformations(location, assertions, problems);
  }

  /** The location read. */
  public String location() {
    return location;
  }

  /** Every valid assertion file, by file name. */
  public List<Assertion> assertions() {
    return assertions;
  }

  /** Files that break the convention, as {@code transformation-invalid} failures. */
  public List<Finding> problems() {
    return problems;
  }

  /** What the assertions of the migrations that ran declare as changed on purpose. */
  public Declared declared(Collection<String> versionsRun) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (Assertion a : ran(versionsRun)) {
      a.changes().forEach(ch -> entries.putIfAbsent(ch, a.file()));
    }
    return new Declared(entries);
  }

  /**
   * Runs the assertions of the migrations that ran, each in a read-only transaction (or a
   * savepoint, when the connection is already in one) that is rolled back.
   *
   * @param schema the upgraded schema, put first on the search path
   * @param versionsRun the versions of the migrations the upgrade applied, such as {@code 9}
   * @return a failure per assertion that returned rows or could not run
   */
  public List<Finding> run(Connection c, String schema, Collection<String> versionsRun)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    for (Assertion a : ran(versionsRun)) {
      findings.addAll(runOne(c, schema, a));
    }
    return findings;
  }

  /**
   * The versions Flyway applied with success after {@code after} (all, when null), from its
   * history table {@code flyway_schema_history} in {@code schema}.
   */
  public static List<String> versionsApplied(Connection c, String schema, String after)
      throws SQLException {
    MigrationVersion from = after == null ? MigrationVersion.EMPTY
        : MigrationVersion.fromVersion(after);
    return Sql.rows(c, "SELECT version FROM " + Sql.table(schema, Catalog.FLYWAY_HISTORY)
        + " WHERE success AND version IS NOT NULL ORDER BY installed_rank").stream()
        .map(r -> r.get(0)).filter(v -> MigrationVersion.fromVersion(v).isNewerThan(from))
        .toList();
  }

  private List<Assertion> ran(Collection<String> versionsRun) {
    Set<MigrationVersion> ran = versionsRun.stream().map(MigrationVersion::fromVersion)
        .collect(Collectors.toSet());
    return assertions.stream().filter(a -> ran.contains(MigrationVersion.fromVersion(
        a.version()))).toList();
  }

  private static List<Finding> runOne(Connection c, String schema, Assertion a)
      throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    Savepoint sp = autoCommit ? null : c.setSavepoint();
    try (Statement s = c.createStatement()) {
      if (autoCommit) {
        s.execute("SET TRANSACTION READ ONLY");
      }
      s.execute("SELECT set_config('search_path', " + Jdbc.literal(Sql.ident(schema))
          + ", true)");
      return results(s, s.execute(a.sql()), a);
    } catch (SQLException e) {
      return List.of(Finding.failure("transformation-broken", a.file(), "the assertion of"
          + " migration V" + a.version() + " could not run: " + e.getMessage() + ". Fix its"
          + " SQL: it runs on the upgraded database, with the data from before the upgrade in"
          + " schema " + BeforeCopy.SCHEMA + "."));
    } finally {
      if (sp == null) {
        c.rollback();
      } else {
        c.rollback(sp);
      }
      c.setAutoCommit(autoCommit);
    }
  }

  private static List<Finding> results(Statement s, boolean isQuery, Assertion a)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    int query = 0;
    boolean hasResult = isQuery;
    while (hasResult || s.getUpdateCount() != -1) {
      if (hasResult) {
        query++;
        try (ResultSet rs = s.getResultSet()) {
          List<String> shown = new ArrayList<>();
          int count = 0;
          while (rs.next()) {
            if (count++ < SHOWN_ROWS) {
              shown.add(row(rs));
            }
          }
          if (count > 0) {
            findings.add(failed(a, query, count, shown));
          }
        }
      }
      hasResult = s.getMoreResults();
    }
    return findings;
  }

  private static Finding failed(Assertion a, int query, int count, List<String> shown) {
    String more = count > shown.size() ? "; and " + (count - shown.size()) + " more" : "";
    return Finding.failure("transformation-failed", a.file(), "the assertion of migration V"
        + a.version() + " (" + a.description() + ") does not hold after the upgrade: query "
        + query + " returned " + count + " offending row(s): " + String.join("; ", shown)
        + more + ". Fix the migration, or the assertion if it expects the wrong thing.");
  }

  private static String row(ResultSet rs) throws SQLException {
    List<String> cells = new ArrayList<>();
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
      String v = rs.getString(i);
      String shown = v == null ? "NULL" : v.length() > SHOWN_CHARS
          ? v.substring(0, SHOWN_CHARS) + "..." : v;
      cells.add(rs.getMetaData().getColumnLabel(i) + "=" + shown);
    }
    return String.join(", ", cells);
  }

  private static Assertion parse(String file, String sql) {
    Matcher m = NAME.matcher(file);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an assertion file name: " + file);
    }
    return new Assertion(file, m.group(1).replace('_', '.'), m.group(2).replace('_', ' '), sql,
        changes(sql));
  }

  private static List<String> changes(String sql) {
    List<String> changes = new ArrayList<>();
    Matcher m = CHANGES.matcher(sql);
    while (m.find()) {
      for (String entry : m.group(1).split(",")) {
        if (!entry.isBlank()) {
          changes.add(entry.strip());
        }
      }
    }
    return changes;
  }

  private static List<Finding> check(String file, String sql, Set<MigrationVersion> migrations,
      String location) {
    List<Finding> problems = new ArrayList<>();
    Matcher m = NAME.matcher(file);
    if (!m.matches()) {
      problems.add(invalid(file, "its name does not read V<version>__<description>" + SUFFIX
          + ", such as V9__names_split" + SUFFIX + "; rename it"));
      return problems;
    }
    if (!migrations.contains(MigrationVersion.fromVersion(m.group(1)))) {
      problems.add(invalid(file, "no migration of version " + m.group(1).replace('_', '.')
          + " is at " + location + "; name it after the migration whose data it checks"));
    }
    if (sql.isBlank()) {
      problems.add(invalid(file, "it is empty; write a query that returns the rows that break"
          + " what the migration promises"));
    }
    for (String entry : changes(sql)) {
      if (!ENTRY.matcher(entry).matches()) {
        problems.add(invalid(file, "its changes entry '" + entry + "' is not table or"
            + " table.column"));
      }
    }
    return problems;
  }

  private static Finding invalid(String file, String why) {
    return Finding.failure("transformation-invalid", file, "assertion file " + file + ": " + why
        + ".");
  }

  /** File name to text, of every file under the location (assertions and migrations). */
  private static Map<String, String> read(ClassLoader loader, String location) {
    Map<String, String> files = new TreeMap<>();
    try {
      if (location.startsWith("filesystem:")) {
        walk(Path.of(location.substring("filesystem:".length())), files);
      } else {
        Enumeration<URL> urls = loader.getResources(location.replaceFirst("^classpath:", ""));
        while (urls.hasMoreElements()) {
          readUrl(urls.nextElement(), files);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + location, e);
    }
    return files;
  }

  private static void readUrl(URL url, Map<String, String> into) throws IOException {
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new UpgradeException("Malformed location URL " + url, e);
    }
    if (!"jar".equals(uri.getScheme())) {
      walk(Path.of(uri), into);
      return;
    }
    try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
      walk(fs.provider().getPath(uri), into);
    } catch (FileSystemAlreadyExistsException e) {
      walk(FileSystems.getFileSystem(uri).provider().getPath(uri), into);
    }
  }

  private static void walk(Path dir, Map<String, String> into) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith(SUFFIX) || name.endsWith(".sql")) {
          into.put(name, name.endsWith(SUFFIX)
              ? Files.readString(p, StandardCharsets.UTF_8) : "");
        }
      }
    }
  }
}
