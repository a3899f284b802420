package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.communal.upgrade.Sql;
import org.communal.upgrade.data.Catalog.Column;
import org.communal.upgrade.data.Catalog.ForeignKey;
import org.communal.upgrade.data.Catalog.UniqueKey;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Inserts made rows into one table: in batches, each in a savepoint; when a batch fails, row by
 * row, and a row that breaks a constraint is varied in the columns that constraint reads and
 * tried again, a bounded number of times.
 */
final class TableWriter {
  /** Attempts per row before a check constraint is declared impossible to meet. */
  static final int CHECK_ATTEMPTS = 100;
  /** Attempts per row before a unique key is taken as full. */
  static final int UNIQUE_ATTEMPTS = 25;
  /** Attempts per row for any other failure. */
  static final int OTHER_ATTEMPTS = 3;
  private static final int MAX_BATCH = 100;
  private static final int MAX_PARAMETERS = 30_000;

  /**
   * What a write did.
   *
   * @param inserted rows inserted
   * @param ctids the inserted rows' ctids, when asked for
   * @param full set when a unique key allowed no more rows: why the table has fewer rows
   * @param failure set when a row could not be inserted at all: what went wrong
   */
  record Outcome(int inserted, List<String> ctids, Optional<String> full,
      Optional<Failure> failure) {}

  /**
   * A row that could not be inserted.
   *
   * @param message what went wrong, naming the table and constraint
   * @param sqlState PostgreSQL's error code, empty when the row could not even be made
   * @param constraint the constraint PostgreSQL named; when the row could not be made, the
   *     foreign key whose referenced table is empty
   */
  record Failure(String message, String sqlState, String constraint) {}

  private final Connection c;
  private final RowMaker maker;
  private final Targets targets;
  private final TablePlan plan;
  private final boolean selfReferencing;
  private final CheckProbe probe;
  /** Per tracked unique key, the keys of the rows made so far. */
  private final List<Set<String>> seen = new ArrayList<>();

  TableWriter(Connection c, RowMaker maker, Targets targets) {
    this.c = c;
    this.maker = maker;
    this.targets = targets;
    this.plan = maker.plan();
    this.probe = new CheckProbe(c, plan);
    this.selfReferencing = plan.foreignKeys().stream().anyMatch(fk -> fk.targetSchema()
        .equals(plan.table.schema()) && fk.targetTable().equals(plan.table.name()));
    plan.tracked.forEach(k -> seen.add(new HashSet<>()));
    maker.avoid(this::taken);
  }

  /** Inserts {@code count} rows numbered from {@code first}. */
  Outcome write(int count, long first, boolean wantCtids) throws SQLException {
    List<String> ctids = new ArrayList<>();
    int inserted = 0;
    int size = selfReferencing ? 1 : batchSize();
    while (inserted < count) {
      int n = Math.min(size, count - inserted);
      Optional<Outcome> stop;
      try {
        stop = batch(first + inserted, n, inserted, ctids, wantCtids);
      } catch (RowMaker.CannotMake e) {
        return failed(inserted, ctids, new Failure(e.getMessage(), "", e.foreignKey()));
      }
      if (stop.isPresent()) {
        return stop.get();
      }
      inserted += n;
      if (selfReferencing) {
        // Later rows may point at these: read the table's keys again, and grow the batches.
        targets.changed(plan.table.schema(), plan.table.name());
        size = Math.min(inserted, batchSize());
      }
    }
    return new Outcome(inserted, ctids, Optional.empty(), Optional.empty());
  }

  /** Makes, probes and inserts rows {@code first} to {@code first + n - 1}. */
  private Optional<Outcome> batch(long first, int n, int inserted, List<String> ctids,
      boolean wantCtids) throws SQLException {
    List<Attempt> batch = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Attempt a = distinct(new Attempt(first + k));
      if (a == null) {
        return Optional.of(new Outcome(inserted, ctids, Optional.of(full()), Optional.empty()));
      }
      batch.add(a);
    }
    Optional<Outcome> stop = probe(batch, inserted, ctids);
    return stop.isPresent() ? stop : insertAll(batch, ctids, inserted, wantCtids);
  }

  /**
   * Inserts rows in one statement; when that fails, each half on its own, down to single rows,
   * which are varied and tried again. Few bad rows cost few statements.
   */
  private Optional<Outcome> insertAll(List<Attempt> rows, List<String> ctids, int inserted,
      boolean wantCtids) throws SQLException {
    if (rows.size() == 1) {
      return insertAlone(rows.get(0), ctids, inserted, wantCtids);
    }
    try {
      ctids.addAll(Jdbc.inSavepoint(c, () -> insert(rows, wantCtids)));
      return Optional.empty();
    } catch (SQLException e) {
      int half = rows.size() / 2;
      Optional<Outcome> stop = insertAll(rows.subList(0, half), ctids, inserted, wantCtids);
      return stop.isPresent() ? stop
          : insertAll(rows.subList(half, rows.size()), ctids, inserted + half, wantCtids);
    }
  }

  private int batchSize() {
    return Math.max(1, Math.min(MAX_BATCH, MAX_PARAMETERS / Math.max(1, plan.written.size())));
  }

  /** One row being tried, with its attempts so far. */
  private final class Attempt {
    final long index;
    String[] row;
    int attempt;
    int checks;
    int clashes;
    int others;

    Attempt(long index) {
      this.index = index;
    }

    void vary(Set<String> columns) throws SQLException {
      attempt++;
      row = maker.make(index, attempt, columns, row);
    }
  }

  /** Makes a row that clashes with no row made before in a tracked unique key; null if none. */
  private Attempt distinct(Attempt a) throws SQLException {
    a.row = maker.make(a.index, 0, Set.of(), null);
    return settle(a) ? a : null;
  }

  /** Varies a row until it clashes with no row made before; false if it keeps clashing. */
  private boolean settle(Attempt a) throws SQLException {
    for (int tries = 0; tries < UNIQUE_ATTEMPTS; tries++) {
      Optional<UniqueKey> clash = clash(a.row);
      if (clash.isEmpty()) {
        remember(a.row);
        return true;
      }
      a.vary(new LinkedHashSet<>(clash.get().columns()));
    }
    return false;
  }

  /**
   * Varies the rows of a batch that break a check until none does, before they are inserted.
   * Empty when they all pass; else why the table stops.
   */
  private Optional<Outcome> probe(List<Attempt> batch, int inserted, List<String> ctids)
      throws SQLException {
    List<Attempt> pending = batch;
    while (!pending.isEmpty()) {
      Map<Integer, String> failing = probe.failing(pending.stream().map(a -> a.row).toList());
      List<Attempt> next = new ArrayList<>();
      for (Map.Entry<Integer, String> f : failing.entrySet()) {
        Attempt a = pending.get(f.getKey());
        String constraint = f.getValue();
        plan.rejectEdge(constraint, a.row);
        if (++a.checks > CHECK_ATTEMPTS) {
          return Optional.of(failed(inserted, ctids, new Failure(impossible(constraint,
              "the last row made broke it"), "23514", constraint)));
        }
        forget(a.row);
        a.vary(plan.columnsOf(constraint));
        if (!settle(a)) {
          return Optional.of(new Outcome(inserted, ctids, Optional.of(full()), Optional.empty()));
        }
        next.add(a);
      }
      pending = next;
    }
    return Optional.empty();
  }

  private Optional<UniqueKey> clash(String[] row) {
    for (int i = 0; i < seen.size(); i++) {
      String key = key(plan.tracked.get(i), row);
      if (key != null && seen.get(i).contains(key)) {
        return Optional.of(plan.tracked.get(i));
      }
    }
    return Optional.empty();
  }

  private void remember(String[] row) {
    for (int i = 0; i < seen.size(); i++) {
      String key = key(plan.tracked.get(i), row);
      if (key != null) {
        seen.get(i).add(key);
      }
    }
  }

  /** Whether a unique key made of exactly a foreign key's columns already holds a target. */
  private boolean taken(ForeignKey fk, String[] target) {
    for (int i = 0; i < seen.size(); i++) {
      UniqueKey k = plan.tracked.get(i);
      if (k.columns().size() == fk.columns().size() && fk.columns().containsAll(k.columns())) {
        StringBuilder s = new StringBuilder();
        for (String col : k.columns()) {
          String v = target[fk.columns().indexOf(col)];
          s.append(v.length()).append(':').append(v).append('\u0001');
        }
        if (seen.get(i).contains(s.toString())) {
          return true;
        }
      }
    }
    return false;
  }

  private void forget(String[] row) {
    for (int i = 0; i < seen.size(); i++) {
      String key = key(plan.tracked.get(i), row);
      if (key != null) {
        seen.get(i).remove(key);
      }
    }
  }

  /** A key's values in a row as one string; null when a NULL or a default keeps it unique. */
  private String key(UniqueKey k, String[] row) {
    StringBuilder s = new StringBuilder();
    for (String col : k.columns()) {
      String v = row[plan.index.get(col)];
      if (RowMaker.DEFAULT.equals(v) || (v == null && !k.nullsNotDistinct())) {
        return null;
      }
      s.append(v == null ? "\u0000" : v.length() + ":" + v).append('\u0001');
    }
    return s.toString();
  }

  /** Tries one row alone until it goes in; empty when it did, else why the table stops. */
  private Optional<Outcome> insertAlone(Attempt a, List<String> ctids, int inserted,
      boolean wantCtids) throws SQLException {
    while (true) {
      try {
        Optional<Outcome> stop = probe(List.of(a), inserted, ctids);
        if (stop.isPresent()) {
          return stop;
        }
        ctids.addAll(Jdbc.inSavepoint(c, () -> insert(List.of(a), wantCtids)));
        remember(a.row);
        return Optional.empty();
      } catch (PSQLException e) {
        try {
          Optional<Outcome> stop = react(a, e, inserted, ctids);
          if (stop.isPresent()) {
            return stop;
          }
        } catch (RowMaker.CannotMake m) {
          return Optional.of(failed(inserted, ctids,
              new Failure(m.getMessage(), "", m.foreignKey())));
        }
      } catch (RowMaker.CannotMake m) {
        return Optional.of(failed(inserted, ctids,
            new Failure(m.getMessage(), "", m.foreignKey())));
      }
    }
  }

  /** Varies the row for the constraint it broke, or says why the table stops. */
  private Optional<Outcome> react(Attempt a, PSQLException e, int inserted, List<String> ctids)
      throws SQLException {
    ServerErrorMessage m = e.getServerErrorMessage();
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String constraint = m == null || m.getConstraint() == null ? "" : m.getConstraint();
    String column = m == null || m.getColumn() == null ? "" : m.getColumn();
    Failure failure = new Failure(describe(state, constraint, e), state, constraint);
    switch (state) {
      case "23505", "23P01" -> {
        if (plan.readsUnwritten(constraint)) {
          return Optional.of(failed(inserted, ctids, failure));
        }
        if (++a.clashes > UNIQUE_ATTEMPTS) {
          return Optional.of(new Outcome(inserted, ctids, Optional.of(full()), Optional.empty()));
        }
        forget(a.row);
        a.vary(plan.columnsOf(constraint));
        remember(a.row);
      }
      case "23514" -> {
        plan.rejectEdge(constraint, a.row);
        if (++a.checks > CHECK_ATTEMPTS) {
          return Optional.of(failed(inserted, ctids, failure));
        }
        a.vary(plan.columnsOf(constraint));
      }
      case "23502" -> {
        if (!plan.index.containsKey(column) || ++a.others > OTHER_ATTEMPTS) {
          return Optional.of(failed(inserted, ctids, failure));
        }
        a.vary(Set.of(column));
      }
      default -> {
        if (++a.others > OTHER_ATTEMPTS) {
          return Optional.of(failed(inserted, ctids, failure));
        }
        a.vary(constraint.isEmpty() ? plan.index.keySet() : plan.columnsOf(constraint));
      }
    }
    return Optional.empty();
  }

  private static Outcome failed(int inserted, List<String> ctids, Failure failure) {
    return new Outcome(inserted, ctids, Optional.empty(), Optional.of(failure));
  }

  private String describe(String state, String constraint, PSQLException e) {
    String table = "table " + plan.table.name();
    String pg = e.getServerErrorMessage() == null ? e.getMessage()
        : e.getServerErrorMessage().getMessage()
            + (e.getServerErrorMessage().getDetail() == null ? ""
                : " (" + e.getServerErrorMessage().getDetail() + ")");
    if (state.equals("23514") && !constraint.isEmpty()) {
      return impossible(constraint, "the last one failed with: " + pg);
    }
    return table + ": " + pg;
  }

  private String impossible(String constraint, String last) {
    return "table " + plan.table.name() + ": no generated row met check constraint "
        + constraint + " in " + CHECK_ATTEMPTS + " attempts, varying columns "
        + plan.columnsOf(constraint) + "; " + last + ". Fill the table from fixture SQL and"
        + " generate no rows for it, or give the constrained columns defaults that pass.";
  }

  private String full() {
    return "table " + plan.table.name() + ": its unique keys allow no more distinct rows of the"
        + " values the generator makes";
  }

  private List<String> insert(List<Attempt> rows, boolean wantCtids) throws SQLException {
    List<String> params = new ArrayList<>();
    String sql = sql(rows, params) + (wantCtids ? " RETURNING ctid::text" : "");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Sql.bind(ps, params.toArray());
      if (!wantCtids) {
        ps.executeUpdate();
        return List.of();
      }
      List<String> ctids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ctids.add(rs.getString(1));
        }
      }
      return ctids;
    }
  }

  private String sql(List<Attempt> rows, List<String> params) {
    List<Column> cols = plan.written.isEmpty() ? placeholder() : plan.written;
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(plan.table.qualified())
        .append(" (").append(cols.stream().map(col -> Sql.ident(col.name()))
            .collect(Collectors.joining(", "))).append(") VALUES ");
    for (int r = 0; r < rows.size(); r++) {
      sql.append(r == 0 ? "(" : ", (");
      for (int i = 0; i < cols.size(); i++) {
        String v = plan.written.isEmpty() ? RowMaker.DEFAULT : rows.get(r).row[i];
        sql.append(i == 0 ? "" : ", ");
        if (v == null) {
          sql.append("NULL");
        } else if (RowMaker.DEFAULT.equals(v)) {
          sql.append("DEFAULT");
        } else {
          sql.append("?::").append(cols.get(i).sqlType());
          params.add(v);
        }
      }
      sql.append(')');
    }
    return sql.toString();
  }

  /** A table whose INSERT sets nothing still needs one column to write DEFAULT into. */
  private List<Column> placeholder() {
    return plan.table.columns().stream().filter(col -> !col.generated()).limit(1).toList();
  }
}
