package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.communal.upgrade.Sql;
import org.communal.upgrade.data.Catalog.Column;
import org.communal.upgrade.data.Catalog.ForeignKey;
import org.communal.upgrade.data.FillOrder.Step;
import org.communal.upgrade.data.TablePlan.Role;
import org.postgresql.util.PSQLException;

/**
 * Points the foreign keys that had to wait (a cycle) at rows of the tables filled since: in
 * batches of updates by ctid; when a batch fails, row by row with other targets, a bounded number
 * of times.
 */
final class Backfill {
  private static final int ATTEMPTS = 20;
  private static final int BATCH = 100;

  private final Connection c;
  private final Step step;
  private final Targets targets;
  private final long seed;
  private final TablePlan plan;
  private final List<ForeignKey> waiting;
  private final List<Column> columns = new ArrayList<>();

  Backfill(Connection c, Step step, Targets targets, long seed) {
    this.c = c;
    this.step = step;
    this.targets = targets;
    this.seed = RowMaker.mix(seed, ("later:" + step.table().name()).hashCode());
    this.plan = new TablePlan(step.table(), null, step.roles());
    this.waiting = step.roles().entrySet().stream().filter(e -> e.getValue() == Role.LATER)
        .map(Map.Entry::getKey).toList();
    for (ForeignKey fk : waiting) {
      for (String col : fk.columns()) {
        Column column = step.table().column(col).orElseThrow();
        if (!columns.contains(column)) {
          columns.add(column);
        }
      }
    }
  }

  /** Sets the waiting foreign keys of the rows inserted with these ctids. */
  void run(List<String> ctids) throws SQLException {
    for (int from = 0; from < ctids.size(); from += BATCH) {
      int to = Math.min(ctids.size(), from + BATCH);
      List<String[]> rows = new ArrayList<>();
      for (int i = from; i < to; i++) {
        rows.add(values(i, 0));
      }
      List<String> chunk = ctids.subList(from, to);
      try {
        Jdbc.inSavepoint(c, () -> update(chunk, rows));
      } catch (SQLException e) {
        for (int i = from; i < to; i++) {
          alone(ctids.get(i), i);
        }
      }
    }
  }

  private void alone(String ctid, int i) throws SQLException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      String[] row = values(i, attempt);
      try {
        Jdbc.inSavepoint(c, () -> update(List.of(ctid), List.<String[]>of(row)));
        return;
      } catch (PSQLException e) {
        if (attempt == ATTEMPTS - 1) {
          throw new DataGenerationException(List.of("table " + step.table().name()
              + ": no row of the tables it references in a cycle could be set in its foreign"
              + " keys " + waiting.stream().map(ForeignKey::name).toList() + ": "
              + e.getMessage()));
        }
      }
    }
  }

  /** The new values of the waiting columns for row {@code i}; null where a key stays NULL. */
  private String[] values(int i, int attempt) throws SQLException {
    SplittableRandom r = new SplittableRandom(RowMaker.mix(RowMaker.mix(seed, i), attempt));
    String[] row = new String[columns.size()];
    for (ForeignKey fk : waiting) {
      List<String[]> candidates = targets.of(fk);
      if (plan.nullable(fk)
          && (candidates.isEmpty() || r.nextInt(5) == 0 || attempt > ATTEMPTS / 2)) {
        continue;
      }
      if (candidates.isEmpty()) {
        throw new DataGenerationException(List.of("table " + step.table().name()
            + ": foreign key " + fk.name() + " needs rows in " + fk.targetTable()
            + ", which holds none after filling it"));
      }
      String[] target = candidates.get(r.nextInt(candidates.size()));
      for (int k = 0; k < fk.columns().size(); k++) {
        String col = fk.columns().get(k);
        int at = columns.indexOf(step.table().column(col).orElseThrow());
        if (row[at] == null) {
          row[at] = target[k];
        }
      }
    }
    return row;
  }

  private int update(List<String> ctids, List<String[]> rows) throws SQLException {
    List<String> params = new ArrayList<>();
    StringBuilder values = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      values.append(r == 0 ? "(" : ", (").append("?::tid");
      params.add(ctids.get(r));
      for (int k = 0; k < columns.size(); k++) {
        String v = rows.get(r)[k];
        values.append(", ").append(v == null ? "NULL" : "?").append("::")
            .append(columns.get(k).sqlType());
        if (v != null) {
          params.add(v);
        }
      }
      values.append(')');
    }
    String names = columns.stream().map(col -> "v" + columns.indexOf(col))
        .collect(Collectors.joining(", "));
    String sets = columns.stream().map(col -> Sql.ident(col.name()) + " = v.v"
        + columns.indexOf(col)).collect(Collectors.joining(", "));
    String sql = "UPDATE " + step.table().qualified() + " AS t SET " + sets + " FROM (VALUES "
        + values + ") AS v(k, " + names + ") WHERE t.ctid = v.k";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Sql.bind(ps, params.toArray());
      return ps.executeUpdate();
    }
  }
}
