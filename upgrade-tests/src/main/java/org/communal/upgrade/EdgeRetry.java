package org.communal.upgrade;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communal.upgrade.FailedStatement.Failure;
import org.communal.upgrade.data.EdgeFilter;
import org.communal.upgrade.data.EdgeValue;
import org.flywaydb.core.api.FlywayException;

/**
 * Runs the paths of one start, and runs a path again on plain generated values (the same volume,
 * without edge values) when a migration failed on the rows with edge values but not on the plain
 * ones. The failure is then a warning that names the edge value, found by {@link EdgeSearch},
 * and the path's other findings (data, schema, locks) come from the plain run. A migration that
 * fails on plain values too fails the path as it did. The plain copy is seeded once, on first
 * need, and dropped by {@link #close()}; the edge value is searched once per failing statement.
 */
final class EdgeRetry implements AutoCloseable {
  /** What the retry needs of the matrix, for the start at hand. */
  interface Start {
    /** A copy of the start's schema with its rows, holding only the edge values allowed. */
    SeededDatabase seed(PathSpec spec, EdgeFilter edges) throws SQLException;

    /** The path, on a copy of these rows. */
    PathRun run(PathSpec spec, SeededDatabase rows);

    /** Migrates these rows up to a version (all when empty); the statement that failed. */
    Optional<Failure> migrateTo(PathSpec spec, SeededDatabase rows, String version);

    /** Drops a seeded database. */
    void drop(SeededDatabase rows);
  }

  /**
   * A path that ran.
   *
   * @param run its run: the first, or the one on plain values
   * @param plain whether it ran on plain values
   */
  record Ran(PathRun run, boolean plain) {}

  private final Start start;
  private final Progress progress;
  private final Map<String, List<EdgeValue>> culprits = new HashMap<>();
  private SeededDatabase plain;

  EdgeRetry(Start start, Progress progress) {
    this.start = start;
    this.progress = progress;
  }

  /**
   * The path on its rows; on plain rows when a migration failed on edge values alone.
   *
   * @param rows the start's rows; null when the path cannot run (its manifest check failed)
   */
  Ran run(PathSpec spec, SeededDatabase rows) {
    PathRun first = start.run(spec, rows);
    if (!first.migrationFailed() || first.failure().isEmpty() || rows == null
        || rows.edges().isEmpty()) {
      return new Ran(first, false);
    }
    return retry(spec, rows, first).orElse(new Ran(first, false));
  }

  private Optional<Ran> retry(PathSpec spec, SeededDatabase rows, PathRun first) {
    Failure failure = first.failure().orElseThrow();
    progress.step(spec, failure.script() + " failed: running the path again on plain generated"
        + " values, without edge values");
    Optional<PathRun> second = plain(spec).map(p -> start.run(spec, p));
    if (second.isEmpty() || second.get().migrationFailed()) {
      return Optional.empty();
    }
    PathResult plainResult = second.get().result();
    List<Finding> findings = new ArrayList<>(plainResult.findings());
    findings.add(EdgeValueFinding.of(failure, culprit(spec, rows, failure)));
    PathResult both = new PathResult(spec, findings, plainResult.migrations(),
        first.result().duration().plus(plainResult.duration()),
        first.result().insideMigrations().plus(plainResult.insideMigrations()));
    return Optional.of(new Ran(new PathRun(both, second.get().dataAfter(), false,
        Optional.empty()), true));
  }

  /** The plain copy; empty when it cannot be seeded, and the first run then stands. */
  private Optional<SeededDatabase> plain(PathSpec spec) {
    if (plain == null) {
      try {
        plain = start.seed(spec, EdgeFilter.NONE);
      } catch (SQLException | UpgradeException | FlywayException e) {
        return Optional.empty();
      }
    }
    return Optional.of(plain);
  }

  /** The edge values a failure needs, searched once per statement. */
  private List<EdgeValue> culprit(PathSpec spec, SeededDatabase rows, Failure failure) {
    return culprits.computeIfAbsent(failure.script() + "\n" + failure.statement(), k -> {
      progress.step(spec, "finding the edge value " + failure.script() + " fails on");
      return EdgeSearch.narrow(rows.edges(), edges -> failsOn(spec, edges, failure));
    });
  }

  /** Whether the migration fails at the same statement on rows with only these edge values. */
  private boolean failsOn(PathSpec spec, Set<EdgeValue> edges, Failure failure) {
    SeededDatabase probe = null;
    try {
      probe = start.seed(spec, edges::contains);
      return start.migrateTo(spec, probe, failure.version()).filter(failure::sameStatement)
          .isPresent();
    } catch (SQLException | UpgradeException | FlywayException e) {
      return false;
    } finally {
      if (probe != null) {
        start.drop(probe);
      }
    }
  }

  @Override
  public void close() {
    if (plain != null) {
      start.drop(plain);
    }
  }
}
