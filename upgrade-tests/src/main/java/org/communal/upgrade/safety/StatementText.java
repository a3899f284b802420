package org.communal.upgrade.safety;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the text of one statement says it does: its kind and the table it names. Read from the
 * text alone; the profiler measures what it really did.
 *
 * @param sql the statement as run
 * @param kind what it does
 * @param table the table it alters, indexes or changes the rows of, normalised the way
 *     PostgreSQL folds names ({@code "Foo".bar} becomes {@code Foo.bar}); empty when it names none
 * @param concurrently whether it says {@code CONCURRENTLY}
 */
record StatementText(String sql, Kind kind, Optional<String> table, boolean concurrently) {
  private static final int SHORT = 90;
  private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
  private static final String QUALIFIED = NAME + "(?:\\s*\\.\\s*" + NAME + ")?";
  private static final Pattern ALTER_TABLE = pattern(
      "ALTER TABLE (?:IF EXISTS )?(?:ONLY )?" + QUALIFIED);
  private static final Pattern CREATE_INDEX = pattern("CREATE (?:UNIQUE )?INDEX (CONCURRENTLY )?"
      + "(?:IF NOT EXISTS )?(?:" + NAME + " )?ON (?:ONLY )?" + QUALIFIED);
  private static final Pattern INSERT = pattern("INSERT INTO " + QUALIFIED);
  private static final Pattern UPDATE = pattern("UPDATE (?:ONLY )?" + QUALIFIED);
  private static final Pattern DELETE = pattern("DELETE FROM (?:ONLY )?" + QUALIFIED);
  private static final Pattern MERGE = pattern("MERGE INTO (?:ONLY )?" + QUALIFIED);
  private static final Pattern COPY = pattern("COPY " + QUALIFIED);
  private static final Pattern QUERY = pattern("(?:SELECT|WITH|VALUES|TABLE|SHOW|EXPLAIN)\\b");
  private static final Pattern SETTING = pattern("(?:SET|RESET)\\b");
  private static final Pattern NON_TRANSACTIONAL = pattern(
      "(?:CREATE (?:UNIQUE )?INDEX CONCURRENTLY|DROP INDEX CONCURRENTLY"
          + "|REINDEX .*\\bCONCURRENTLY\\b|ALTER TABLE .* DETACH PARTITION .* CONCURRENTLY)");

  /** What a statement does, as far as the safety checks care. */
  enum Kind {
    /** {@code ALTER TABLE}. */
    ALTER_TABLE,
    /** {@code CREATE INDEX}. */
    CREATE_INDEX,
    /** A statement that changes rows: {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code
     * MERGE}, {@code COPY}. */
    CHANGE_ROWS,
    /** A query: {@code SELECT}, {@code WITH} and the like. */
    QUERY,
    /** {@code SET} or {@code RESET} of a setting. */
    SETTING,
    /** Anything else. */
    OTHER
  }

  /** Reads a statement. */
  static StatementText of(String sql) {
    String text = SqlScript.blank(sql);
    Matcher m = ALTER_TABLE.matcher(text);
    if (m.lookingAt()) {
      return new StatementText(sql, Kind.ALTER_TABLE, Optional.of(name(m, 1)), false);
    }
    m = CREATE_INDEX.matcher(text);
    if (m.lookingAt()) {
      return new StatementText(sql, Kind.CREATE_INDEX, Optional.of(name(m, 3)), m.group(1) != null);
    }
    for (Pattern p : new Pattern[] {INSERT, UPDATE, DELETE, MERGE, COPY}) {
      m = p.matcher(text);
      if (m.lookingAt()) {
        return new StatementText(sql, Kind.CHANGE_ROWS, Optional.of(name(m, 1)), false);
      }
    }
    Kind kind = QUERY.matcher(text).lookingAt() ? Kind.QUERY
        : SETTING.matcher(text).lookingAt() ? Kind.SETTING : Kind.OTHER;
    return new StatementText(sql, kind, Optional.empty(),
        NON_TRANSACTIONAL.matcher(text).lookingAt());
  }

  /** Whether the text (blanked) contains these words, in upper case, separated by single spaces. */
  boolean says(String words) {
    return Pattern.compile("\\b" + words.replace(" ", "\\s+") + "\\b", Pattern.CASE_INSENSITIVE)
        .matcher(SqlScript.blank(sql)).find();
  }

  /**
   * The start of the statement on one line, for messages: its lines of SQL (lines that hold only
   * a comment left out) joined, shortened to 90 characters, such as {@code ALTER TABLE things ADD
   * COLUMN weight integer}.
   */
  String firstLine() {
    String joined = sql.strip().lines().map(String::strip)
        .filter(l -> !SqlScript.blank(l).isEmpty()).reduce((a, b) -> a + " " + b).orElse(sql)
        .replaceAll("\\s+", " ").replaceAll("\\s*;$", "");
    return joined.length() <= SHORT ? joined : joined.substring(0, SHORT - 3) + "...";
  }

  /** Whether two names from statement texts or the catalog may be the same table. */
  static boolean sameTable(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    boolean qa = a.contains(".");
    boolean qb = b.contains(".");
    return qa != qb && relname(a).equals(relname(b));
  }

  private static String relname(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static String name(Matcher m, int first) {
    String a = fold(m.group(first));
    String b = m.group(first + 1);
    return b == null ? a : a + "." + fold(b);
  }

  private static String fold(String name) {
    return name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"")
        : name.toLowerCase(Locale.ROOT);
  }

  private static Pattern pattern(String words) {
    return Pattern.compile(words.replace(" ", "\\s+"), Pattern.CASE_INSENSITIVE);
  }
}
