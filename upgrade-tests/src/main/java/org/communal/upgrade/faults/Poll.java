package org.communal.upgrade.faults;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Asks a question of the server again and again until it has an answer or a deadline passes. The
 * pause between two questions sets how often to ask; what is waited for is always the answer.
 */
final class Poll {
  private static final long PAUSE_NANOS = Duration.ofMillis(20).toNanos();

  /** A question: an answer, or empty for not yet. */
  @FunctionalInterface
  interface Probe<T> {
    Optional<T> check() throws SQLException;
  }

  private Poll() {}

  /** The first answer, or empty if there was none within the timeout. */
  static <T> Optional<T> until(Duration timeout, Probe<T> probe) throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> answer = probe.check();
      if (answer.isPresent() || System.nanoTime() - deadline >= 0) {
        return answer;
      }
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }
}
