package org.communal.upgrade.safety;

import java.util.Map;
import java.util.Set;

/**
 * What one probe saw of the migrated database's user relations and constraints (the catalogs
 * and {@code information_schema} excluded, and the schema history table).
 *
 * @param relations tables, partitioned tables, materialized views and indexes by oid: a relation
 *     keeps its oid when it is renamed or rewritten
 * @param constraints the check and foreign-key constraints
 */
record Catalog(Map<Long, Relation> relations, Set<Constraint> constraints) {
  Catalog {
    relations = Map.copyOf(relations);
    constraints = Set.copyOf(constraints);
  }

  /** Nothing seen. */
  static final Catalog EMPTY = new Catalog(Map.of(), Set.of());

  /**
   * A relation.
   *
   * @param oid its object id
   * @param schema its schema
   * @param name its name
   * @param kind {@code pg_class.relkind}: {@code r}, {@code p}, {@code m} or {@code i}
   * @param filenode its storage, {@code pg_relation_filenode}; 0 when it has none
   * @param table for an index, the qualified name of its table; otherwise empty
   * @param tableOid for an index, the oid of its table; otherwise 0
   */
  record Relation(long oid, String schema, String name, char kind, long filenode, String table,
      long tableOid) {
    /** {@code schema.name}. */
    String qualified() {
      return schema + "." + name;
    }

    /** Whether it holds rows itself (a table, partitioned table or materialized view). */
    boolean isTable() {
      return kind != 'i';
    }
  }

  /**
   * A check or foreign-key constraint.
   *
   * @param table the qualified name of its table
   * @param name its name
   * @param foreignKey whether it is a foreign key (otherwise a check)
   * @param validated whether PostgreSQL has checked it against every row
   * @param referenced for a foreign key, the qualified name of the table it references
   * @param tableOid the oid of its table
   * @param referencedOid for a foreign key, the oid of the table it references; otherwise 0
   */
  record Constraint(String table, String name, boolean foreignKey, boolean validated,
      String referenced, long tableOid, long referencedOid) {}
}
