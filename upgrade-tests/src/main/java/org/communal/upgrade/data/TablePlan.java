package org.communal.upgrade.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communal.upgrade.data.Catalog.Check;
import org.communal.upgrade.data.Catalog.Column;
import org.communal.upgrade.data.Catalog.ForeignKey;
import org.communal.upgrade.data.Catalog.Table;
import org.communal.upgrade.data.Catalog.UniqueKey;
import org.communal.upgrade.data.Values.Hint;

/**
 * How rows of one table are written: which columns the INSERT sets, the hints and edge values of
 * each, which unique keys can be checked before inserting, and how each foreign key gets its
 * values.
 */
final class TablePlan {
  private static final Pattern MATCH =
      Pattern.compile("(?<!!)(~~?)\\*?\\s*'((?:[^']|'')*)'");
  private static final Pattern STRING = Pattern.compile("'((?:[^']|'')*)'");
  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\w.'])-?\\d+(?:\\.\\d+)?(?![\\w.'])");
  /** String literals that a check enumerates: in an ARRAY[...], or compared with =, <>. */
  private static final Pattern ARRAY = Pattern.compile("ARRAY\\[([^\\]]*)\\]");
  private static final Pattern COMPARED = Pattern.compile("(?:=|<>)\\s*'((?:[^']|'')*)'");

  /** How a foreign key's columns get values. */
  enum Role {
    /** From the rows the referenced table holds when the row is made. */
    TARGET,
    /**
     * The referenced table is filled later (a cycle): NULL, or a placeholder while the constraint
     * is deferred, then an update once it is filled.
     */
    LATER
  }

  private static final int INDEXED_MAX = 500;

  final Table table;
  final List<Column> written;
  final Map<String, Integer> index = new HashMap<>();
  final Map<String, Hint> hints = new HashMap<>();
  final Map<String, List<String>> edges = new HashMap<>();
  final Set<String> uniqueColumns = new LinkedHashSet<>();
  final List<UniqueKey> tracked = new ArrayList<>();
  final Map<ForeignKey, Role> roles;
  final Set<String> foreignKeyColumns = new LinkedHashSet<>();
  /** The written columns whose type the generator can make values of. */
  final Set<String> supported = new HashSet<>();
  /** The foreign keys whose columns may all be NULL. */
  final Set<ForeignKey> nullableKeys = new HashSet<>();
  /** The foreign keys whose columns are also exactly a tracked unique key (one-to-one). */
  final Set<ForeignKey> oneToOne = new HashSet<>();
  /** Edge values a check turned down, per column, so that later rows skip them. */
  final Map<String, Set<String>> rejected = new HashMap<>();

  /**
   * @param only the columns to set, or null for every column that takes values; the others get
   *     their defaults
   */
  TablePlan(Table table, Set<String> only, Map<ForeignKey, Role> roles) {
    this.table = table;
    this.roles = Map.copyOf(roles);
    Predicate<Column> takesValues = c -> !c.generated() && !c.fromSequence()
        && (only == null || only.contains(c.name()));
    this.written = table.columns().stream().filter(takesValues).toList();
    for (int i = 0; i < written.size(); i++) {
      index.put(written.get(i).name(), i);
    }
    readKeys();
    for (Column c : written) {
      List<String> all = List.of();
      if (Values.supports(c.type())) {
        supported.add(c.name());
        all = Values.edges(c.type(), c.effectiveTypmod());
      }
      hints.put(c.name(), hint(c));
      // An index entry must fit in a page: large values are kept to columns without an index.
      edges.put(c.name(), table.indexed().contains(c.name())
          ? all.stream().filter(e -> e.length() <= INDEXED_MAX).toList() : all);
    }
  }

  private void readKeys() {
    for (UniqueKey key : table.uniqueKeys()) {
      if (!key.partial()) {
        uniqueColumns.addAll(key.columns());
        if (index.keySet().containsAll(key.columns())) {
          tracked.add(key);
        }
      }
    }
    for (ForeignKey fk : table.foreignKeys()) {
      if (index.keySet().containsAll(fk.columns())) {
        foreignKeyColumns.addAll(fk.columns());
      }
      if (nullable(fk)) {
        nullableKeys.add(fk);
      }
      if (tracked.stream().anyMatch(k -> k.columns().size() == fk.columns().size()
          && k.columns().containsAll(fk.columns()))) {
        oneToOne.add(fk);
      }
    }
  }

  /** The foreign keys whose columns this plan sets, in the table's order. */
  List<ForeignKey> foreignKeys() {
    return table.foreignKeys().stream().filter(fk -> index.keySet().containsAll(fk.columns()))
        .toList();
  }

  /** Whether every column of a foreign key may be NULL. */
  boolean nullable(ForeignKey fk) {
    return fk.columns().stream().allMatch(c -> table.column(c).orElseThrow().nullable());
  }

  /** The columns a failing constraint reads, among those written; all of them when unknown. */
  Set<String> columnsOf(String constraint) {
    Set<String> cols = new LinkedHashSet<>();
    for (Check ch : table.checks()) {
      if (ch.name().equals(constraint)) {
        cols.addAll(ch.columns());
      }
    }
    for (UniqueKey k : table.uniqueKeys()) {
      if (k.name().equals(constraint)) {
        cols.addAll(k.columns());
      }
    }
    for (ForeignKey fk : table.foreignKeys()) {
      if (fk.name().equals(constraint)) {
        cols.addAll(fk.columns());
      }
    }
    for (Column c : written) {
      if (c.type().allDomainChecks().stream().anyMatch(ch -> ch.name().equals(constraint))) {
        cols.add(c.name());
      }
    }
    cols.retainAll(index.keySet());
    return cols.isEmpty() ? new LinkedHashSet<>(index.keySet()) : cols;
  }

  /**
   * Remembers an edge value that broke a check: when exactly one column the check reads holds an
   * edge value in the row, that value is not used for that column again.
   */
  void rejectEdge(String constraint, String[] row) {
    List<String> holding = columnsOf(constraint).stream()
        .filter(col -> row[index.get(col)] != null
            && edges.get(col).contains(row[index.get(col)])).toList();
    if (holding.size() == 1) {
      String col = holding.get(0);
      rejected.computeIfAbsent(col, k -> new HashSet<>()).add(row[index.get(col)]);
    }
  }

  /** Whether a unique key or exclusion constraint reads columns that the INSERT leaves alone. */
  boolean readsUnwritten(String constraint) {
    List<String> cols = new ArrayList<>();
    table.uniqueKeys().stream().filter(k -> k.name().equals(constraint))
        .forEach(k -> cols.addAll(k.columns()));
    table.checks().stream().filter(k -> k.name().equals(constraint))
        .forEach(k -> cols.addAll(k.columns()));
    return cols.stream().anyMatch(c -> !c.isEmpty() && !index.containsKey(c));
  }

  private Hint hint(Column c) {
    List<String> strings = new ArrayList<>();
    List<BigDecimal> numbers = new ArrayList<>();
    List<String> regexes = new ArrayList<>();
    List<String> likes = new ArrayList<>();
    for (String def : definitions(c)) {
      Matcher p = MATCH.matcher(def);
      while (p.find()) {
        (p.group(1).equals("~") ? regexes : likes).add(p.group(2).replace("''", "'"));
      }
      enumerated(def).stream().filter(e -> !strings.contains(e)).forEach(strings::add);
      Matcher n = NUMBER.matcher(STRING.matcher(def).replaceAll("''"));
      while (n.find()) {
        numbers.add(new BigDecimal(n.group()));
      }
    }
    return new Hint(c.name(), List.copyOf(strings), List.copyOf(numbers), List.copyOf(regexes),
        List.copyOf(likes));
  }

  /** The definitions of the checks that read a column, its domain's included. */
  private List<String> definitions(Column c) {
    List<String> definitions = new ArrayList<>();
    table.checks().stream().filter(ch -> !ch.exclusion() && ch.columns().contains(c.name()))
        .forEach(ch -> definitions.add(ch.definition()));
    c.type().allDomainChecks().forEach(ch -> definitions.add(ch.definition()));
    if (c.type().isArray() && c.type().element().isDomain()) {
      c.type().element().allDomainChecks().forEach(ch -> definitions.add(ch.definition()));
    }
    return definitions;
  }

  /** The string literals a check enumerates: in an ARRAY[...], or compared with = or <>. */
  private static List<String> enumerated(String definition) {
    List<String> found = new ArrayList<>();
    Matcher a = ARRAY.matcher(definition);
    while (a.find()) {
      Matcher m = STRING.matcher(a.group(1));
      while (m.find()) {
        found.add(m.group(1).replace("''", "'"));
      }
    }
    Matcher m = COMPARED.matcher(definition);
    while (m.find()) {
      found.add(m.group(1).replace("''", "'"));
    }
    return found;
  }
}
