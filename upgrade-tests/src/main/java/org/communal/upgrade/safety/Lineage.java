package org.communal.upgrade.safety;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.communal.upgrade.safety.Catalog.Constraint;
import org.communal.upgrade.safety.Catalog.Relation;

/**
 * Follows the relations of one migration by identity, not by name. A table keeps its oid when
 * {@code ALTER TABLE ... RENAME TO} renames it and when a rewrite gives it new storage, so the
 * statements after a rename still find it, with the rows it held; and a new table created under
 * an old name is new. An index that a type change rebuilt gets a new oid but keeps its name and
 * its table: that is its lineage. Whatever was measured is reported under the name each relation
 * had last.
 */
final class Lineage {
  private final Map<Long, Relation> latest = new HashMap<>();

  /** Remembers the names a catalog read shows. */
  void see(Catalog catalog) {
    latest.putAll(catalog.relations());
  }

  /** The same relation in another catalog read, if it was there. */
  static Optional<Relation> in(Catalog catalog, Relation r) {
    Relation same = catalog.relations().get(r.oid());
    if (same != null || r.isTable()) {
      return Optional.ofNullable(same);
    }
    return catalog.relations().values().stream().filter(i -> !i.isTable()
        && i.tableOid() == r.tableOid() && i.qualified().equals(r.qualified())).findFirst();
  }

  /** A relation seen, by oid, under the name it had last. */
  Optional<Relation> relation(long oid) {
    return Optional.ofNullable(latest.get(oid));
  }

  /** The relation under the name it had last, an index with its table's. */
  Relation named(Relation r) {
    Relation last = latest.getOrDefault(r.oid(), r);
    return new Relation(r.oid(), last.schema(), last.name(), r.kind(), r.filenode(),
        name(r.tableOid(), r.table()), r.tableOid());
  }

  /** The constraint, with its tables under the names they had last. */
  Constraint named(Constraint c) {
    return new Constraint(name(c.tableOid(), c.table()), c.name(), c.foreignKey(), c.validated(),
        name(c.referencedOid(), c.referenced()), c.tableOid(), c.referencedOid());
  }

  /** The lock, on its object under the name it had last. */
  LockMode.Held named(LockMode.Held h) {
    return h.oid() == 0 ? h : h.named(name(h.oid(), h.object()));
  }

  /** Everything a statement did, under the names its relations had last. */
  Step named(Step s) {
    return new Step(s.index(), s.text(), s.start(), s.end(), s.failed(), s.probed(),
        s.rewritten().stream().map(this::named).toList(),
        s.newIndexes().stream().map(this::named).toList(),
        s.newConstraints().stream().map(this::named).toList(),
        s.scannedTables().stream().map(this::named).toList());
  }

  /** Rows by oid as rows by the name each table had last. */
  Map<String, Long> byName(Map<Long, Long> rows) {
    Map<String, Long> named = new LinkedHashMap<>();
    rows.forEach((oid, n) -> relation(oid).ifPresent(r -> named.put(named(r).qualified(), n)));
    return named;
  }

  private String name(long oid, String otherwise) {
    return relation(oid).map(Relation::qualified).orElse(otherwise);
  }
}
