package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.communal.upgrade.Sql;
import org.communal.upgrade.data.Catalog.Column;
import org.communal.upgrade.data.Catalog.ForeignKey;
import org.communal.upgrade.data.Catalog.Table;
import org.communal.upgrade.data.FillOrder.Step;
import org.communal.upgrade.data.TablePlan.Role;
import org.communal.upgrade.data.TableWriter.Outcome;
import org.postgresql.util.PSQLException;

/**
 * Fills every table of a PostgreSQL schema with generated rows, reading the schema from
 * pg_catalog, so that an upgrade is tested on data of volume without hand-written fixtures.
 *
 * <pre>{@code
 * Seeded seeded = DataGenerator.fill(connection, "public", 1_000, 42L);
 * }</pre>
 *
 * <p>It respects column types and their modifiers, NOT NULL, domains, enums and arrays; leaves
 * identity, serial and generated columns to PostgreSQL; fills referenced tables first and points
 * foreign keys at rows that exist (rows inserted before it included), through cycles and
 * self-references; keeps unique keys distinct; and meets check constraints by varying the
 * columns a failing check reads and trying again. See {@code docs/DATA.md} for the rules.
 *
 * <p>The same schema, rows already present, seed and volume give the same rows, except where a
 * default is volatile ({@code now()}, {@code gen_random_uuid()}). Instances are immutable and
 * thread-safe; the connection stays the caller's.
 */
public final class DataGenerator {
  private final int rowsPerTable;
  private final Map<String, Integer> perTable;
  private final long seed;
  private final EdgeFilter edges;

  private DataGenerator(Builder b) {
    this.rowsPerTable = b.rowsPerTable;
    this.perTable = Map.copyOf(b.perTable);
    this.seed = b.seed;
    this.edges = b.edges;
  }

  /**
   * Fills every table of {@code schema} with {@code rowsPerTable} more rows from {@code seed}.
   *
   * @see #fill(Connection, String)
   */
  public static Seeded fill(Connection c, String schema, int rowsPerTable, long seed)
      throws SQLException {
    return configure().rowsPerTable(rowsPerTable).seed(seed).build().fill(c, schema);
  }

  /** Starts a configuration: 100 rows per table, seed 0. */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * Inserts the rows. When the connection is in auto-commit mode, everything is one transaction,
   * committed at the end and rolled back on failure; otherwise the caller's transaction is used
   * and left open.
   *
   * @return rows inserted per table, and notes on tables that got fewer
   * @throws DataGenerationException naming every table that cannot be filled, and why
   * @throws SQLException if the database fails otherwise
   */
  public Seeded fill(Connection c, String schema) throws SQLException {
    Objects.requireNonNull(c, "c");
    Objects.requireNonNull(schema, "schema");
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      Seeded seeded = fillIn(c, schema);
      if (autoCommit) {
        c.commit();
      }
      return seeded;
    } catch (SQLException | RuntimeException e) {
      if (autoCommit) {
        c.rollback();
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private Seeded fillIn(Connection c, String schema) throws SQLException {
    List<Table> tables = Catalog.read(c, schema);
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    tables.stream().filter(t -> rowsFor(t) > 0).forEach(t -> checkTypes(t, problems, notes));
    List<List<Step>> groups = FillOrder.of(tables, holdingRows(c, tables), problems);
    if (!problems.isEmpty()) {
      throw new DataGenerationException(problems);
    }
    Map<String, Integer> rows = new LinkedHashMap<>();
    List<EdgeValue> made = new ArrayList<>();
    Targets targets = new Targets(c);
    for (List<Step> group : groups) {
      fillGroup(c, group, targets, rows, notes, made);
    }
    return new Seeded(rows, notes, made);
  }

  private int rowsFor(Table t) {
    return perTable.getOrDefault(t.name(), rowsPerTable);
  }

  private static void checkTypes(Table t, List<String> problems, List<String> notes) {
    for (Column col : t.columns()) {
      if (col.generated() || col.fromSequence() || Values.supports(col.type())
          || isForeignKeyColumn(t, col)) {
        continue;
      }
      if (col.defaultExpr() == null && !col.nullable()) {
        problems.add("table " + t.name() + ": column " + col.name() + " has type "
            + col.sqlType() + ", for which the generator makes no values, and is NOT NULL"
            + " without a default: give it a default, or fill the table from fixture SQL and"
            + " generate no rows for it");
      } else {
        notes.add("table " + t.name() + ": column " + col.name() + " has type " + col.sqlType()
            + ", for which the generator makes no values; it gets "
            + (col.defaultExpr() == null ? "NULL" : "its default"));
      }
    }
  }

  private static boolean isForeignKeyColumn(Table t, Column col) {
    return t.foreignKeys().stream().anyMatch(fk -> fk.columns().contains(col.name()));
  }

  private static Set<String> holdingRows(Connection c, List<Table> tables) throws SQLException {
    Set<String> holding = new HashSet<>();
    for (Table t : tables) {
      String sql = "SELECT EXISTS (SELECT FROM " + Jdbc.rowsOf(c, t.schema(), t.name()) + ")";
      if ("t".equals(Sql.rows(c, sql).get(0).get(0))) {
        holding.add(t.name());
      }
    }
    return holding;
  }

  private void fillGroup(Connection c, List<Step> group, Targets targets,
      Map<String, Integer> rows, List<String> notes, List<EdgeValue> made) throws SQLException {
    List<ForeignKey> deferred = group.stream().flatMap(s -> s.roles().entrySet().stream()
        .filter(e -> e.getValue() == Role.LATER && e.getKey().deferrable())
        .map(Map.Entry::getKey)).toList();
    setConstraints(c, group, deferred, "DEFERRED");
    Map<Step, List<String>> later = new HashMap<>();
    for (Step step : group) {
      Table t = step.table();
      TablePlan plan = new TablePlan(t, null, step.roles());
      RowMaker maker = new RowMaker(plan, seed, targets, edges);
      Outcome out = new TableWriter(c, maker, targets).write(rowsFor(t), 0, step.hasLater());
      made.addAll(maker.edgesMade());
      if (out.failure().isPresent()) {
        throw new DataGenerationException(List.of(out.failure().get().message()));
      }
      out.full().ifPresent(full -> notes.add(full + ": " + out.inserted() + " rows inserted"));
      rows.put(t.name(), out.inserted());
      targets.changed(t.schema(), t.name());
      if (step.hasLater()) {
        later.put(step, out.ctids());
      }
    }
    for (Step step : group) {
      if (later.containsKey(step)) {
        new Backfill(c, step, targets, seed).run(later.get(step));
      }
    }
    setConstraints(c, group, deferred, "IMMEDIATE");
  }

  private static void setConstraints(Connection c, List<Step> group, List<ForeignKey> fks,
      String mode) throws SQLException {
    if (fks.isEmpty()) {
      return;
    }
    String schema = group.get(0).table().schema();
    String names = fks.stream().map(fk -> Sql.ident(schema) + "." + Sql.ident(fk.name()))
        .collect(Collectors.joining(", "));
    try {
      Jdbc.execute(c, "SET CONSTRAINTS " + names + " " + mode);
    } catch (PSQLException e) {
      throw new DataGenerationException(List.of("tables " + group.stream()
          .map(s -> s.table().name()).toList() + ": the deferred foreign keys " + names
          + " do not hold after filling them: " + e.getMessage()));
    }
  }

  /** Fluent configuration; {@link #build()} ends it. Not thread-safe. */
  public static final class Builder {
    private int rowsPerTable = 100;
    private final Map<String, Integer> perTable = new HashMap<>();
    private long seed;
    private EdgeFilter edges = EdgeFilter.ALL;

    private Builder() {}

    /** Rows to add to every table. Default 100. */
    public Builder rowsPerTable(int rows) {
      if (rows < 0) {
        throw new IllegalArgumentException("rowsPerTable: must be 0 or more, was " + rows);
      }
      this.rowsPerTable = rows;
      return this;
    }

    /** Rows to add to one table, instead of {@link #rowsPerTable(int)}; 0 leaves it alone. */
    public Builder rows(String table, int rows) {
      if (rows < 0) {
        throw new IllegalArgumentException("rows for " + table + ": must be 0 or more, was "
            + rows);
      }
      perTable.put(Objects.requireNonNull(table, "table"), rows);
      return this;
    }

    /** The seed every value derives from. Default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Which edge values to write; the others become realistic values of their column. Default
     * {@link EdgeFilter#ALL}. NULLs, defaults and the other realistic values stay where they
     * were, unless a key or check meets the new values differently and a row is varied.
     */
    public Builder edges(EdgeFilter edges) {
      this.edges = Objects.requireNonNull(edges, "edges");
      return this;
    }

    /** The immutable, thread-safe generator. */
    public DataGenerator build() {
      return new DataGenerator(this);
    }
  }
}
