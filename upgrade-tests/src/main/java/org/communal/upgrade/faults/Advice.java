package org.communal.upgrade.faults;

import java.util.List;
import java.util.stream.Collectors;
import org.communal.upgrade.Finding;
import org.communal.upgrade.faults.Backends.Backend;

/** The findings of the fault checks: stable codes, and messages that say what to do. */
final class Advice {
  static final String KILL_POINT_NOT_REACHED = "kill-point-not-reached";
  static final String MIGRATION_FAILS = "migration-fails";
  static final String MIGRATOR_WAITS_ON_ITSELF = "migrator-waits-on-itself";
  static final String RERUN_FAILS_AFTER_KILL = "rerun-fails-after-kill";
  static final String INVALID_INDEX_LEFT = "invalid-index-left";
  static final String SCHEMA_NOT_CONVERGED = "schema-not-converged";
  static final String DATA_NOT_CONVERGED = "data-not-converged";
  static final String HISTORY_NOT_CLEAN = "history-not-clean";
  static final String CONCURRENT_START_NOT_REACHED = "concurrent-start-not-reached";
  static final String CONCURRENT_MIGRATOR_FAILED = "concurrent-migrator-failed";
  static final String MIGRATORS_NOT_SERIALISED = "migrators-not-serialised";
  static final String SERIALISATION_NOT_SEEN = "serialisation-not-seen";

  private static final int OUTPUT = 1500;

  private Advice() {}

  static Finding killPointNotReached(String where, int major, String timeout,
      List<Backend> backends) {
    return Finding.failure(KILL_POINT_NOT_REACHED, where, "On PostgreSQL " + major
        + " the migrator never waited on the checks' table locks within " + timeout
        + ", so it could not be killed in the middle of the migration. Its sessions: "
        + (backends.isEmpty() ? "none" : backends.stream().map(Backend::describe)
            .collect(Collectors.joining("; ")))
        + ". A migration that waits on something else (a lock held outside the database under"
        + " test, a long sleep) cannot be checked this way; raise the timeout if it is only slow.");
  }

  static Finding ranThrough(String where, int major, String output) {
    return Finding.failure(KILL_POINT_NOT_REACHED, where, "On PostgreSQL " + major
        + " the migrator finished without ever waiting on the checks' locks, so it could not be"
        + " killed in the middle of the migration. Is the schema history table elsewhere than"
        + " the checks were told? Output: " + Failures.tail(output, OUTPUT));
  }

  static Finding migrationFails(String where, int major, String output) {
    return Finding.failure(MIGRATION_FAILS, where, "The migration failed on PostgreSQL " + major
        + " before any fault was injected: " + Failures.reason(output)
        + ". Make it pass a plain migrate first.");
  }

  static Finding waitsOnItself(String where, int major, Backend waiting, Backend holder) {
    return Finding.failure(MIGRATOR_WAITS_ON_ITSELF, where, "On PostgreSQL " + major
        + " the migrator hangs for ever: its session running `" + waiting.statement()
        + "` waits for " + waiting.waitEventType() + " " + waiting.waitEvent()
        + " held by its own other session, which is " + holder.state() + " after `"
        + holder.statement() + "` and will not go on until the first finishes. This is what"
        + " CREATE INDEX CONCURRENTLY (or DROP INDEX / REINDEX CONCURRENTLY) does under Flyway's"
        + " default transactional advisory lock: it waits for every open transaction, Flyway's"
        + " own included. Set flyway.postgresql.transactional.lock=false (in Java:"
        + " PostgreSQLConfigurationExtension.setTransactionalLock(false)) for every migrator of"
        + " this project.");
  }

  static Finding rerunFails(String where, int major, Backend held, String error,
      List<String> left, boolean recordedFailed) {
    return Finding.failure(RERUN_FAILS_AFTER_KILL, where, "A migrator was killed on PostgreSQL "
        + major + " in the middle of " + where + ", while it waited to run `" + held.statement()
        + "`; a new migrator then failed on the same migration: " + error + "."
        + (left.isEmpty() ? "" : " The kill had left behind: " + String.join("; ", left) + ".")
        + " A migration that runs outside a transaction (CREATE INDEX CONCURRENTLY and the like,"
        + " or executeInTransaction=false) keeps whatever it did before a kill, so it must be"
        + " written to run again over its own leftovers: undo or skip each step that may already"
        + " be done, for an index DROP INDEX CONCURRENTLY IF EXISTS before CREATE INDEX"
        + " CONCURRENTLY, or put each such statement in a file of its own."
        + (recordedFailed ? " Flyway now records the migration as failed: a site in this state"
            + " needs the leftovers removed by hand and flyway repair before it can migrate."
            : ""));
  }

  static Finding invalidIndexLeft(String where, int major, InvalidIndex index,
      boolean rerunFailed) {
    return Finding.failure(INVALID_INDEX_LEFT, "index " + index.name(), "Killing the migrator"
        + " on PostgreSQL " + major + " in the middle of " + where + " left index "
        + index.name() + " on table " + index.table() + " INVALID (" + index.definition() + ")"
        + (rerunFailed ? ", and the new migrator failed on it."
            : ", and it is still invalid after the new migrator finished.")
        + " PostgreSQL never uses an invalid index for queries but may still update it on every"
        + " write, and its name is taken. Start the migration with DROP INDEX CONCURRENTLY IF"
        + " EXISTS " + index.name() + "; so that a rerun builds it afresh. CREATE INDEX"
        + " CONCURRENTLY IF NOT EXISTS is not enough: the invalid index exists under that name,"
        + " so the rerun skips it with a notice and reports success, and the index stays"
        + " invalid.");
  }

  static Finding schemaNotConverged(String context, Installed.Difference d) {
    return Finding.failure(SCHEMA_NOT_CONVERGED, d.object(), context + ", the schema differs"
        + " from a clean upgrade: " + d.text() + ". A migration that is run again must end where"
        + " a single run ends; make the step that made this object idempotent.");
  }

  static Finding dataNotConverged(String context, Installed.Difference d) {
    return Finding.failure(DATA_NOT_CONVERGED, d.object(), context + ", the data differs from"
        + " a clean upgrade (\"before\" is the clean upgrade, \"after\" this database): "
        + d.text() + ". A data change ran twice or not at all: run it inside the migration's"
        + " transaction, or write it so that a second run changes nothing.");
  }

  static Finding historyNotClean(String context, String table, String problem) {
    return Finding.failure(HISTORY_NOT_CLEAN, "table " + table, context
        + ", Flyway's schema history is not clean: " + problem + ". Each migration must be"
        + " recorded once, as succeeded; Flyway refuses to migrate past a failed one until"
        + " someone repairs it by hand.");
  }

  static Finding concurrentStartNotReached(int major, String timeout, List<Backend> backends) {
    return Finding.failure(CONCURRENT_START_NOT_REACHED, "", "On PostgreSQL " + major
        + " the two migrators did not both reach the starting line within " + timeout + ": "
        + backends.stream().map(Backend::describe).collect(Collectors.joining("; "))
        + ". Check that the migrator JVM starts and connects (raise the timeout on a slow"
        + " machine).");
  }

  static Finding concurrentMigratorFailed(String migrator, int major, String what,
      String output) {
    return Finding.failure(CONCURRENT_MIGRATOR_FAILED, migrator, "Two migrators started at once"
        + " on PostgreSQL " + major + "; this one " + what + ": " + Failures.reason(output)
        + ". Every node of a deployment may start a migrator at the same moment: the loser of"
        + " Flyway's lock must wait and then find nothing left to do, not fail. If it gave up"
        + " waiting for the lock, raise flyway.lockRetryCount.");
  }

  static Finding serialisationNotSeen(String where, int major, String timeout,
      List<Backend> backends) {
    return Finding.failure(SERIALISATION_NOT_SEEN, where, "Two migrators started at once on"
        + " PostgreSQL " + major + ", but within " + timeout + " neither was one of them inside "
        + where + " with the other waiting for Flyway's lock, nor were both inside: "
        + backends.stream().map(Backend::describe).collect(Collectors.joining("; "))
        + ". Whether Flyway keeps them apart is unknown; raise the timeout if the machine is"
        + " slow.");
  }

  static Finding notSerialised(String where, int major, List<Backend> inside) {
    return Finding.failure(MIGRATORS_NOT_SERIALISED, where, "Two migrators started at once on"
        + " PostgreSQL " + major + " were both inside " + where + " at the same time: "
        + inside.stream().map(Backend::describe).collect(Collectors.joining("; "))
        + ". Flyway's advisory lock did not keep them apart, so both run its statements. Keep"
        + " Flyway's locking on (do not use a connection pooler in transaction mode between"
        + " Flyway and PostgreSQL, which loses session advisory locks), or run migrations from"
        + " one place only, such as a deployment step before the application starts.");
  }
}
