package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.communal.upgrade.Finding;

/**
 * Every data check of one upgrade, in the order they must run around it:
 *
 * <pre>{@code
 * DataChecks checks = DataChecks.before(c, "public", Transformations.load(location));
 * // ... migrate ...
 * List<Finding> findings = checks.after(c, versionsRun, seed);
 * }</pre>
 *
 * <p>{@link #before} fingerprints the data ({@link DataSnapshot}) and copies it into {@value
 * BeforeCopy#SCHEMA} for the assertions; {@link #after} compares the data, runs the assertions of
 * the migrations that ran, tries an insert into every table as the release before would, checks
 * the sequences, and drops the copy, so that the schema can then be compared with a fresh
 * install. Single use: {@code after} refuses to run twice.
 */
public final class DataChecks {
  private final String schema;
  private final Transformations transformations;
  private final DataSnapshot snapshot;
  private boolean done;

  private DataChecks(String schema, Transformations transformations, DataSnapshot snapshot) {
    this.schema = schema;
    this.transformations = transformations;
    this.snapshot = snapshot;
  }

  /** Takes the snapshot and the copy, on the seeded database before the upgrade. */
  public static DataChecks before(Connection c, String schema, Transformations transformations)
      throws SQLException {
    Objects.requireNonNull(transformations, "transformations");
    DataSnapshot snapshot = DataSnapshot.read(c, schema);
    BeforeCopy.take(c, schema);
    return new DataChecks(schema, transformations, snapshot);
  }

  /** The data before the upgrade. */
  public DataSnapshot snapshot() {
    return snapshot;
  }

  /**
   * Runs the checks on the upgraded database and drops the copy.
   *
   * @param versionsRun the versions the upgrade applied (see {@link
   *     Transformations#versionsApplied})
   * @param seed for the rows the insert check makes
   * @return every finding: invalid assertion files, data differences, failed assertions, failed
   *     inserts, sequences behind
   */
  public List<Finding> after(Connection c, Collection<String> versionsRun, long seed)
      throws SQLException {
    if (done) {
      throw new IllegalStateException("after: these checks already ran; take new ones with"
          + " before()");
    }
    done = true;
    try {
      List<Finding> findings = new ArrayList<>(transformations.problems());
      findings.addAll(snapshot.compare(c, transformations.declared(versionsRun)));
      findings.addAll(transformations.run(c, schema, versionsRun));
      // Sequences first: the insert check's rolled-back inserts still advance them.
      findings.addAll(Sequences.check(c, schema));
      findings.addAll(Inserts.check(c, schema, seed, snapshot));
      return findings;
    } finally {
      BeforeCopy.drop(c);
    }
  }
}
