package org.communal.upgrade.safety;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.communal.upgrade.Finding;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Checks migration files and Flyway's configuration before anything runs, for what would hang or
 * fail Flyway itself on PostgreSQL. Reads only; needs no database.
 */
public final class Preflight {
  private static final Pattern MIGRATION = Pattern.compile("[VRU].*__.*\\.sql");
  private static final Pattern CONCURRENT_INDEX = Pattern.compile(
      "CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b", Pattern.CASE_INSENSITIVE);

  private Preflight() {}

  /**
   * Finds the statements that would hang under Flyway's transactional advisory lock: with {@code
   * postgresql.transactional.lock} on (Flyway's default), Flyway's own session holds a transaction
   * open for the whole {@code migrate}, and {@code CREATE INDEX CONCURRENTLY} waits for every
   * older transaction to end, so it waits forever (flyway issue 3854). Each is a failure whatever
   * its release: the fix is in the configuration. ({@code REINDEX ... CONCURRENTLY} waits the same
   * way, but Flyway runs it inside a transaction, where PostgreSQL refuses it at once, unless its
   * script is configured otherwise; the profiler's observer catches it then.)
   *
   * @param migrationFiles migration scripts by file name, such as {@code V2__add_index.sql} (other
   *     files are ignored), in UTF-8
   * @param transactionalLock whether Flyway's {@code postgresql.transactional.lock} is on; see
   *     {@link #transactionalLock(Configuration)}
   * @return the findings, ordered by file name; empty when nothing would hang
   */
  public static List<Finding> check(Map<String, byte[]> migrationFiles, boolean transactionalLock) {
    Objects.requireNonNull(migrationFiles, "migrationFiles");
    List<Finding> findings = new ArrayList<>();
    if (!transactionalLock) {
      return findings;
    }
    new TreeMap<>(migrationFiles).forEach((name, bytes) -> {
      if (MIGRATION.matcher(name).matches()) {
        for (String sql : SqlScript.split(new String(bytes, StandardCharsets.UTF_8))) {
          if (CONCURRENT_INDEX.matcher(SqlScript.blank(sql)).lookingAt()) {
            findings.add(trap(name, StatementText.of(sql)));
          }
        }
      }
    });
    return findings;
  }

  /** Whether a Flyway configuration has {@code postgresql.transactional.lock} on. */
  public static boolean transactionalLock(Configuration configuration) {
    PostgreSQLConfigurationExtension postgres =
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class);
    return postgres == null || postgres.isTransactionalLock();
  }

  private static Finding trap(String file, StatementText statement) {
    return Finding.failure(SafetyCheck.CONCURRENT_INDEX_UNDER_TRANSACTIONAL_LOCK.code(),
        "flyway.postgresql.transactional.lock", file + " runs `" + statement.firstLine()
            + "`, which would wait forever: Flyway's"
            + " postgresql.transactional.lock is on (the default), so Flyway's own session holds"
            + " a transaction open for the whole migrate, and a concurrent index build waits for"
            + " every older transaction to end (flyway/flyway#3854). Fix: set"
            + " flyway.postgresql.transactional.lock=false (in Java:"
            + " getConfigurationExtension(PostgreSQLConfigurationExtension.class)"
            + ".setTransactionalLock(false)).");
  }
}
