package org.communal.upgrade.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.communal.upgrade.Finding;

/**
 * Whether a database that went through a fault ended where a clean upgrade ends: the same schema,
 * the same rows in every table, and a schema history with each version once, succeeded.
 */
final class Convergence {
  private Convergence() {}

  /**
   * Every difference, as findings.
   *
   * @param context how the database got here, starting a sentence: {@code After two migrators
   *     ran at once}
   */
  static List<Finding> check(Installed reference, Connection db, Settings settings,
      String context) throws SQLException {
    List<Finding> findings = new ArrayList<>();
    reference.schemaDifferences(db, "after the fault")
        .forEach(d -> findings.add(Advice.schemaNotConverged(context, d)));
    reference.dataDifferences(db).forEach(d -> findings.add(Advice.dataNotConverged(context, d)));
    SchemaHistory.problems(db, settings.historySchema(), settings.historyTable())
        .forEach(p -> findings.add(Advice.historyNotClean(context, settings.historyTable(), p)));
    return findings;
  }
}
