package org.communal.upgrade;

import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Error;
import org.flywaydb.core.api.callback.Event;

/**
 * Remembers the first statement a migration failed at, with PostgreSQL's message, as Flyway hands
 * them to callbacks: Flyway's own exception names the script, but not the statement. Add it to
 * Flyway beside other callbacks; one instance serves one migrate.
 */
final class FailedStatement implements Callback {
  private Failure failure;

  /**
   * Where a migration failed.
   *
   * @param script its file name, such as {@code V2__index_notes.sql}
   * @param version its version, such as {@code 2}
   * @param statement the statement that failed
   * @param message PostgreSQL's message
   */
  record Failure(String script, String version, String statement, String message) {
    Failure {
      Objects.requireNonNull(script, "script");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(statement, "statement");
      Objects.requireNonNull(message, "message");
    }

    /** Whether another failure is at the same statement of the same migration. */
    boolean sameStatement(Failure other) {
      return script.equals(other.script) && statement.equals(other.statement);
    }
  }

  /** The failure, once a statement failed. */
  synchronized Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.AFTER_EACH_MIGRATE_STATEMENT_ERROR;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public synchronized void handle(Event event, Context context) {
    MigrationInfo info = context.getMigrationInfo();
    if (failure == null && info != null && context.getStatement() != null) {
      String version = info.getVersion() == null ? "" : info.getVersion().getVersion();
      failure = new Failure(info.getScript(), version, context.getStatement().getSql().strip(),
          message(context.getStatement().getErrors().stream().findFirst()));
    }
  }

  @Override
  public String getCallbackName() {
    return "communal-failed-statement";
  }

  /** PostgreSQL's message without its severity, on one line. */
  private static String message(Optional<Error> error) {
    return error.map(Error::getMessage).orElse("").strip().replaceFirst("^ERROR:\\s*", "")
        .lines().findFirst().orElse("");
  }
}
