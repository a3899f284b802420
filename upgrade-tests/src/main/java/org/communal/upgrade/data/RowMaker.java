package org.communal.upgrade.data;

import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.communal.upgrade.data.Catalog.Column;
import org.communal.upgrade.data.Catalog.ForeignKey;
import org.communal.upgrade.data.TablePlan.Role;

/**
 * Makes the rows of one table. A row is a function of the seed, the table's and columns' names,
 * the row's number, the attempt, and the keys the referenced tables hold, so that the same schema
 * and seed give the same rows. Odd rows carry edge values (NULL among them where allowed), even
 * rows realistic ones; a column with a default other than a sequence takes it in about a third
 * of the rows.
 */
final class RowMaker {
  private static final int LARGE = 1000;
  private static final int LARGE_EVERY = 16;

  /** The cell value that writes DEFAULT. */
  static final String DEFAULT = "\u0000DEFAULT";

  /** What {@link #edge} gives when the row takes a realistic value instead. */
  private static final String NO_EDGE = "\u0000NO EDGE";

  /** A row cannot be made: a foreign key's referenced table holds no rows. */
  static final class CannotMake extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String foreignKey;

    CannotMake(String message, String foreignKey) {
      super(message);
      this.foreignKey = foreignKey;
    }

    /** The foreign key that has nothing to point at. */
    String foreignKey() {
      return foreignKey;
    }
  }

  /** Says whether a key a foreign key could point at is already used by a unique key. */
  @FunctionalInterface
  interface Taken {
    boolean taken(ForeignKey fk, String[] target);
  }

  private final TablePlan plan;
  private final long seed;
  private final Targets targets;
  private final EdgeFilter filter;
  private final Set<EdgeValue> written = new LinkedHashSet<>();
  private Taken taken = (fk, target) -> false;

  RowMaker(TablePlan plan, long seed, Targets targets) {
    this(plan, seed, targets, EdgeFilter.ALL);
  }

  /** A maker that writes only the edge values the filter allows. */
  RowMaker(TablePlan plan, long seed, Targets targets, EdgeFilter filter) {
    this.plan = plan;
    this.seed = mix(seed, plan.table.name().hashCode());
    this.targets = targets;
    this.filter = filter;
  }

  /** The edge values made so far, in the order first made. */
  Set<EdgeValue> edgesMade() {
    return Collections.unmodifiableSet(written);
  }

  TablePlan plan() {
    return plan;
  }

  /** Prefers targets not taken yet, for a foreign key that is also unique (one-to-one). */
  void avoid(Taken taken) {
    this.taken = taken;
  }

  /**
   * Row {@code index}, attempt {@code attempt}. From the second attempt on, only the columns in
   * {@code vary} change from {@code previous}, and they take realistic values, or NULL in every
   * other attempt from the third on when they may.
   */
  String[] make(long index, int attempt, Set<String> vary, String[] previous)
      throws SQLException {
    long rowSeed = mix(mix(seed, index), attempt);
    String[] row = new String[plan.written.size()];
    for (int i = 0; i < row.length; i++) {
      Column c = plan.written.get(i);
      boolean keep = previous != null && !vary.contains(c.name());
      if (keep) {
        row[i] = previous[i];
      } else if (!plan.foreignKeyColumns.contains(c.name())) {
        row[i] = value(c, index, attempt, new SplittableRandom(mix(rowSeed, c.name().hashCode())));
      }
    }
    Map<String, String> assigned = new HashMap<>();
    for (ForeignKey fk : plan.foreignKeys()) {
      if (previous != null && fk.columns().stream().noneMatch(vary::contains)) {
        fk.columns().forEach(col -> assigned.put(col, row[plan.index.get(col)]));
        continue;
      }
      reference(fk, row, assigned, new SplittableRandom(mix(rowSeed, fk.name().hashCode())));
    }
    return row;
  }

  private String value(Column c, long index, int attempt, SplittableRandom r) {
    boolean unique = plan.uniqueColumns.contains(c.name());
    if (!plan.supported.contains(c.name())) {
      return c.defaultExpr() != null ? DEFAULT : null;
    }
    if (c.defaultExpr() != null && !unique && r.nextInt(3) == 0) {
      return DEFAULT;
    }
    if (attempt >= 3 && attempt % 2 == 1 && c.nullable()) {
      return null;
    }
    if (attempt == 0 && index % 2 == 1) {
      String edge = edge(c, index);
      if (!NO_EDGE.equals(edge)) {
        return edge;
      }
    }
    return Values.realistic(c.type(), c.effectiveTypmod(), plan.hints.get(c.name()), r, unique);
  }

  /** The edge value of an odd row, NULL among them, or {@link #NO_EDGE}. */
  private String edge(Column c, long index) {
    List<String> edges = plan.edges.get(c.name());
    int n = edges.size() + (c.nullable() ? 1 : 0);
    int pick = (int) ((index / 2 + plan.index.get(c.name())) % n);
    String edge = c.nullable() ? (pick == 0 ? null : edges.get(pick - 1)) : edges.get(pick);
    if (edge == null) {
      return null;
    }
    // Large values once in every LARGE_EVERY rounds of the edges, so that volume stays sane.
    boolean large = edge.length() > LARGE && (index / 2 / n) % LARGE_EVERY != 0;
    EdgeValue made = new EdgeValue(plan.table.name(), c.name(), edge);
    if (large || plan.rejected.getOrDefault(c.name(), Set.of()).contains(edge)
        || !filter.allows(made)) {
      return NO_EDGE;
    }
    written.add(made);
    return edge;
  }

  private void reference(ForeignKey fk, String[] row, Map<String, String> assigned,
      SplittableRandom r) throws SQLException {
    List<String> cols = fk.columns();
    boolean nullable = plan.nullableKeys.contains(fk);
    if (plan.roles.get(fk) == Role.LATER) {
      for (String col : cols) {
        Column c = plan.table.column(col).orElseThrow();
        set(row, assigned, col, nullable ? null
            : Values.realistic(c.type(), c.effectiveTypmod(), plan.hints.get(col), r, false));
      }
      return;
    }
    List<String[]> candidates = targets.of(fk);
    if (cols.stream().anyMatch(col -> assigned.get(col) != null)) {
      candidates = candidates.stream().filter(t -> fits(fk, t, assigned)).toList();
    }
    if (nullable && (candidates.isEmpty() || r.nextInt(5) == 0)) {
      cols.forEach(col -> set(row, assigned, col, null));
    } else if (!candidates.isEmpty()) {
      String[] target = pick(fk, candidates, r);
      for (int i = 0; i < cols.size(); i++) {
        set(row, assigned, cols.get(i), target[i]);
      }
    } else if (pointsAtItself(fk, row)) {
      for (int i = 0; i < cols.size(); i++) {
        set(row, assigned, cols.get(i), row[plan.index.get(fk.targetColumns().get(i))]);
      }
    } else {
      throw new CannotMake("table " + plan.table.name() + ": foreign key " + fk.name()
          + " needs rows in " + fk.targetSchema() + "." + fk.targetTable()
          + ", which holds none, and its columns may not be NULL. Fill that table first"
          + " (in the fixture SQL), or make the foreign key DEFERRABLE.", fk.name());
    }
  }

  /**
   * A random target; for a foreign key that is also a unique key, one not taken yet when there is
   * one, found by a few random tries and then by a scan.
   */
  private String[] pick(ForeignKey fk, List<String[]> candidates, SplittableRandom r) {
    String[] target = candidates.get(r.nextInt(candidates.size()));
    if (!plan.oneToOne.contains(fk) || !taken.taken(fk, target)) {
      return target;
    }
    for (int i = 0; i < 20; i++) {
      target = candidates.get(r.nextInt(candidates.size()));
      if (!taken.taken(fk, target)) {
        return target;
      }
    }
    List<String[]> free = candidates.stream().filter(t -> !taken.taken(fk, t)).toList();
    return free.isEmpty() ? target : free.get(r.nextInt(free.size()));
  }

  /** A self-reference the new row can satisfy itself: its own key, written by this INSERT. */
  private boolean pointsAtItself(ForeignKey fk, String[] row) {
    if (!fk.targetSchema().equals(plan.table.schema())
        || !fk.targetTable().equals(plan.table.name())) {
      return false;
    }
    return fk.targetColumns().stream().allMatch(col -> plan.index.containsKey(col)
        && !plan.foreignKeyColumns.contains(col) && row[plan.index.get(col)] != null
        && !DEFAULT.equals(row[plan.index.get(col)]));
  }

  private static boolean fits(ForeignKey fk, String[] target, Map<String, String> assigned) {
    for (int i = 0; i < fk.columns().size(); i++) {
      String already = assigned.get(fk.columns().get(i));
      if (already != null && !already.equals(target[i])) {
        return false;
      }
    }
    return true;
  }

  private void set(String[] row, Map<String, String> assigned, String col, String value) {
    if (!assigned.containsKey(col) || assigned.get(col) == null) {
      row[plan.index.get(col)] = value;
      assigned.put(col, value);
    }
  }

  /** Mixes two numbers into a well-spread seed (the finalizer of MurmurHash3). */
  static long mix(long a, long b) {
    long h = a * 0x9E3779B97F4A7C15L + b;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
