package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communal.upgrade.Sql;
import org.communal.upgrade.data.Catalog.Check;
import org.communal.upgrade.data.Catalog.Column;

/**
 * Evaluates a table's check constraints, and the checks of its columns' domains, on made rows in
 * one query before they are inserted, so that a row that would break one is varied in memory
 * instead of failing an INSERT. A check whose columns the INSERT does not all set is left to the
 * INSERT. When the query itself fails, the probe turns itself off for the table.
 */
final class CheckProbe {
  private static final Pattern VALUE = Pattern.compile("\\bVALUE\\b");

  private final Connection c;
  private final TablePlan plan;
  /** The constraints' names and their expressions over the written columns. */
  private final List<String> names = new ArrayList<>();
  private final List<String> expressions = new ArrayList<>();
  /** The written columns the checks read, by position in the row. */
  private final List<Integer> read = new ArrayList<>();
  private boolean usable = true;

  CheckProbe(Connection c, TablePlan plan) {
    this.c = c;
    this.plan = plan;
    for (Check ch : plan.table.checks()) {
      if (!ch.exclusion() && !ch.expression().isEmpty()
          && plan.index.keySet().containsAll(ch.columns())) {
        names.add(ch.name());
        expressions.add(ch.expression());
        ch.columns().forEach(col -> reads(col));
      }
    }
    for (Column col : plan.written) {
      if (col.type().isDomain()) {
        for (Check ch : col.type().allDomainChecks()) {
          names.add(ch.name());
          expressions.add(onColumn(ch.expression(), Sql.ident(col.name())));
          reads(col.name());
        }
      }
    }
  }

  private void reads(String column) {
    int i = plan.index.get(column);
    if (!read.contains(i)) {
      read.add(i);
    }
  }

  /**
   * For each row that breaks a check, the check's name; rows that pass are absent. Empty when the
   * probe is off.
   */
  Map<Integer, String> failing(List<String[]> rows) throws SQLException {
    if (!usable || names.isEmpty() || rows.isEmpty()) {
      return Map.of();
    }
    List<String> params = new ArrayList<>();
    String sql = query(rows, params);
    try {
      List<List<String>> failed = Jdbc.inSavepoint(c, () -> Sql.rows(c, sql, params.toArray()));
      Map<Integer, String> out = new LinkedHashMap<>();
      for (List<String> r : failed) {
        out.put(Integer.parseInt(r.get(0)), names.get(Integer.parseInt(r.get(1))));
      }
      return out;
    } catch (SQLException e) {
      // A value the probe cannot even cast, or an expression that does not stand alone: leave the
      // rows to the INSERT, which names the problem.
      return Map.of();
    }
  }

  private String query(List<String[]> rows, List<String> params) {
    StringBuilder values = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      values.append(r == 0 ? "(" : ", (").append(r);
      for (int i : read) {
        Column col = plan.written.get(i);
        String v = rows.get(r)[i];
        String type = col.type().isDomain() ? col.type().rootSql() : col.sqlType();
        values.append(", ");
        if (v == null) {
          values.append("NULL::").append(type);
        } else if (RowMaker.DEFAULT.equals(v)) {
          values.append("(").append(col.defaultExpr()).append(")::").append(type);
        } else {
          values.append("?::").append(type);
          params.add(v);
        }
      }
      values.append(')');
    }
    StringBuilder columns = new StringBuilder("i");
    read.forEach(i -> columns.append(", ").append(Sql.ident(plan.written.get(i).name())));
    StringBuilder which = new StringBuilder("CASE");
    StringBuilder any = new StringBuilder();
    for (int k = 0; k < expressions.size(); k++) {
      String fails = "NOT coalesce((" + expressions.get(k) + "), true)";
      which.append(" WHEN ").append(fails).append(" THEN ").append(k);
      any.append(any.isEmpty() ? "" : " OR ").append(fails);
    }
    return "SELECT i, " + which + " END FROM (VALUES " + values + ") AS s(" + columns
        + ") WHERE " + any;
  }

  /** A domain's check, with VALUE (outside string literals) replaced by the column. */
  static String onColumn(String expression, String column) {
    StringBuilder out = new StringBuilder();
    String[] parts = expression.split("'", -1);
    for (int i = 0; i < parts.length; i++) {
      out.append(i == 0 ? "" : "'");
      out.append(i % 2 == 0 ? VALUE.matcher(parts[i]).replaceAll(Matcher.quoteReplacement(column))
          : parts[i]);
    }
    return out.toString();
  }
}
