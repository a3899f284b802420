package org.communal.upgrade.faults;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.communal.upgrade.UpgradeException;

/** The server's backends of some migrators, found by their sessions' application names. */
final class Backends {
  private static final String ACTIVITY = """
      SELECT pid, application_name, coalesce(state, ''), coalesce(wait_event_type, ''),
             coalesce(wait_event, ''), coalesce(query, ''), pg_blocking_pids(pid)
      FROM pg_stat_activity WHERE application_name = ANY (?) ORDER BY pid""";
  private static final String ADVISORY = """
      SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted = ? AND a.application_name = ANY (?)""";
  /** Line comments and block comments (not nested) before a statement's first word. */
  private static final Pattern LEADING_COMMENTS =
      Pattern.compile("\\A(?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*.*?\\*/)*", Pattern.DOTALL);
  private static final String TERMINATE = """
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ANY (?)""";

  /**
   * One backend as {@code pg_stat_activity} shows it.
   *
   * @param state {@code active}, {@code idle}, {@code idle in transaction} ...
   * @param waitEventType such as {@code Lock}; empty when it does not wait
   * @param waitEvent such as {@code relation}, {@code virtualxid} or {@code advisory}
   * @param query the statement it runs, or ran last
   * @param blockedBy the backends holding what it waits for
   */
  record Backend(int pid, String application, String state, String waitEventType,
      String waitEvent, String query, List<Integer> blockedBy) {
    Backend {
      blockedBy = List.copyOf(blockedBy);
    }

    /** Whether it waits for a lock that one of these backends holds. */
    boolean waitsOn(List<Integer> pids) {
      return blockedBy.stream().anyMatch(pids::contains);
    }

    /** Its statement on one line, shortened, without the comments that lead it. */
    String statement() {
      String text = LEADING_COMMENTS.matcher(query).replaceFirst("").strip()
          .replaceAll("\\s+", " ");
      return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** One line: pid, state, wait and statement. */
    String describe() {
      return "pid " + pid + " " + state + (waitEventType.isEmpty() ? ""
          : ", waiting for " + waitEventType + " " + waitEvent
              + (blockedBy.isEmpty() ? "" : " held by pid " + blockedBy.stream()
                  .map(String::valueOf).collect(Collectors.joining(", "))))
          + ": " + statement();
    }
  }

  private Backends() {}

  /** Every backend whose session carries one of these application names. */
  static List<Backend> of(Connection observer, List<String> applications) throws SQLException {
    try (PreparedStatement ps = observer.prepareStatement(ACTIVITY)) {
      ps.setArray(1, observer.createArrayOf("text", applications.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        List<Backend> backends = new ArrayList<>();
        while (rs.next()) {
          backends.add(new Backend(rs.getInt(1), rs.getString(2), rs.getString(3),
              rs.getString(4), rs.getString(5), rs.getString(6), pids(rs.getArray(7))));
        }
        return backends;
      }
    }
  }

  /** The application names whose backends hold (or else wait for) advisory locks. */
  static List<String> withAdvisoryLocks(Connection observer, boolean granted,
      List<String> applications) throws SQLException {
    try (PreparedStatement ps = observer.prepareStatement(ADVISORY)) {
      ps.setBoolean(1, granted);
      ps.setArray(2, observer.createArrayOf("text", applications.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        List<String> names = new ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
        }
        return names;
      }
    }
  }

  /** Whether a backend still exists. */
  static boolean alive(Connection observer, int pid) throws SQLException {
    try (PreparedStatement ps = observer.prepareStatement(
        "SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
      ps.setInt(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Ends the backends with {@code pg_terminate_backend}, as the server would once it noticed their
   * client is gone, and waits until none is left.
   *
   * @throws UpgradeException if some are still there after the timeout
   */
  static void terminate(Connection observer, List<String> applications, Duration timeout)
      throws SQLException {
    try (PreparedStatement ps = observer.prepareStatement(TERMINATE)) {
      ps.setArray(1, observer.createArrayOf("text", applications.toArray()));
      ps.executeQuery().close();
    }
    Optional<Boolean> gone = Poll.until(timeout, () -> of(observer, applications).isEmpty()
        ? Optional.of(true) : Optional.empty());
    if (gone.isEmpty()) {
      throw new UpgradeException("Backends of " + applications + " were still there "
          + timeout.toSeconds() + " s after pg_terminate_backend: " + of(observer, applications));
    }
  }

  private static List<Integer> pids(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.stream((Integer[]) array.getArray()).toList();
  }
}
