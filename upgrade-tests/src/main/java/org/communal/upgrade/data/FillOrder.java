package org.communal.upgrade.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communal.upgrade.data.Catalog.Column;
import org.communal.upgrade.data.Catalog.ForeignKey;
import org.communal.upgrade.data.Catalog.Table;
import org.communal.upgrade.data.TablePlan.Role;

/**
 * The order in which tables are filled: every table after the tables it references. Tables that
 * reference each other in a cycle form a group; inside it, a reference to a table filled later is
 * written as NULL (or, when the foreign key is DEFERRABLE, as a placeholder while the constraint is
 * deferred) and set once the group is filled.
 */
final class FillOrder {
  /** One table to fill, with how each of its foreign keys gets values. */
  record Step(Table table, Map<ForeignKey, Role> roles) {
    boolean hasLater() {
      return roles.containsValue(Role.LATER);
    }
  }

  private final Map<String, Table> byName = new LinkedHashMap<>();
  private final Set<String> holdingRows;
  private final List<String> problems;
  private final Map<String, Integer> indexOf = new HashMap<>();
  private final Map<String, Integer> lowOf = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final List<List<Step>> groups = new ArrayList<>();
  private int counter;

  private FillOrder(List<Table> tables, Set<String> holdingRows, List<String> problems) {
    tables.stream().sorted(Comparator.comparing(Table::name))
        .forEach(t -> byName.put(t.name(), t));
    this.holdingRows = holdingRows;
    this.problems = problems;
  }

  /**
   * Groups of steps, referenced tables first; a group has more than one table only for a cycle.
   *
   * @param holdingRows the tables that already hold rows, whose keys foreign keys can use at once
   * @param problems where cycles that cannot be filled are reported
   */
  static List<List<Step>> of(List<Table> tables, Set<String> holdingRows, List<String> problems) {
    FillOrder order = new FillOrder(tables, holdingRows, problems);
    for (String name : order.byName.keySet()) {
      if (!order.indexOf.containsKey(name)) {
        order.connect(name);
      }
    }
    return order.groups;
  }

  /** Tarjan's algorithm: a component is complete after every table it references. */
  private void connect(String name) {
    indexOf.put(name, counter);
    lowOf.put(name, counter++);
    stack.push(name);
    for (String target : references(byName.get(name))) {
      if (!indexOf.containsKey(target)) {
        connect(target);
        lowOf.put(name, Math.min(lowOf.get(name), lowOf.get(target)));
      } else if (stack.contains(target)) {
        lowOf.put(name, Math.min(lowOf.get(name), indexOf.get(target)));
      }
    }
    if (lowOf.get(name).equals(indexOf.get(name))) {
      List<String> component = new ArrayList<>();
      String t;
      do {
        t = stack.pop();
        component.add(t);
      } while (!t.equals(name));
      groups.add(order(component));
    }
  }

  private List<String> references(Table t) {
    return t.foreignKeys().stream().filter(fk -> inSchema(t, fk) && !self(t, fk))
        .map(ForeignKey::targetTable).distinct().sorted().toList();
  }

  /** Inside a cycle: each next table is the first by name whose early references can wait. */
  private List<Step> order(List<String> component) {
    List<String> remaining = new ArrayList<>(component.stream().sorted().toList());
    List<Step> steps = new ArrayList<>();
    while (!remaining.isEmpty()) {
      String next = null;
      long fewest = Long.MAX_VALUE;
      for (String name : remaining) {
        List<ForeignKey> waiting = waiting(byName.get(name), remaining);
        if (waiting.stream().allMatch(this::canWait) && waiting.size() < fewest) {
          next = name;
          fewest = waiting.size();
        }
      }
      if (next == null) {
        problems.add("tables " + remaining + " reference each other through foreign keys that"
            + " are NOT NULL and not DEFERRABLE, so no order fills them: make one of the foreign"
            + " keys DEFERRABLE or nullable, or fill the tables from fixture SQL");
        return steps;
      }
      remaining.remove(next);
      steps.add(step(byName.get(next), remaining));
    }
    return steps;
  }

  /** The foreign keys of a table to tables of its cycle that are filled after it. */
  private List<ForeignKey> waiting(Table t, List<String> unfilled) {
    return t.foreignKeys().stream().filter(fk -> inSchema(t, fk) && !self(t, fk)
        && unfilled.contains(fk.targetTable()) && !holdingRows.contains(fk.targetTable()))
        .toList();
  }

  private boolean canWait(ForeignKey fk) {
    return fk.deferrable() || columnsNullable(fk);
  }

  private boolean columnsNullable(ForeignKey fk) {
    Table t = byName.values().stream().filter(x -> x.foreignKeys().contains(fk)).findFirst()
        .orElseThrow();
    return fk.columns().stream().map(c -> t.column(c).orElseThrow()).allMatch(Column::nullable);
  }

  private Step step(Table t, List<String> unfilled) {
    Map<ForeignKey, Role> roles = new LinkedHashMap<>();
    List<ForeignKey> waiting = waiting(t, unfilled);
    for (ForeignKey fk : t.foreignKeys()) {
      roles.put(fk, waiting.contains(fk) || selfNeedsLater(t, fk) ? Role.LATER : Role.TARGET);
    }
    return new Step(t, roles);
  }

  /**
   * A self-reference whose first row has nothing to point at: NOT NULL, the table empty, and the
   * referenced key from a sequence, so the row cannot name itself. DEFERRABLE lets it wait.
   */
  private boolean selfNeedsLater(Table t, ForeignKey fk) {
    if (!self(t, fk) || holdingRows.contains(t.name()) || columnsNullable(fk)) {
      return false;
    }
    boolean keyFromSequence = fk.targetColumns().stream()
        .map(c -> t.column(c).orElseThrow()).anyMatch(c -> c.fromSequence() || c.generated());
    if (keyFromSequence && !fk.deferrable()) {
      problems.add("table " + t.name() + ": foreign key " + fk.name() + " references the table"
          + " itself through NOT NULL columns and the key it references comes from a sequence,"
          + " so the first row has nothing to point at: make the foreign key DEFERRABLE or"
          + " nullable, or fill the table from fixture SQL");
    }
    return keyFromSequence && fk.deferrable();
  }

  private boolean inSchema(Table t, ForeignKey fk) {
    return fk.targetSchema().equals(t.schema()) && byName.containsKey(fk.targetTable());
  }

  private static boolean self(Table t, ForeignKey fk) {
    return fk.targetSchema().equals(t.schema()) && fk.targetTable().equals(t.name());
  }
}
