package org.communal.upgrade.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communal.upgrade.Sql;

/**
 * What the generator needs to know about a schema's tables, read from pg_catalog: columns with
 * their types, defaults, identity and generation, foreign keys, unique keys and check constraints.
 */
final class Catalog {
  /** Flyway's history table, which is never filled or compared. */
  static final String FLYWAY_HISTORY = "flyway_schema_history";
  private static final String SEP = "\u001f";

  private static final String TABLES = """
      SELECT c.oid::text, c.relname FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname COLLATE "C\"""";
  private static final String COLUMNS = """
      SELECT a.attname, a.atttypid::text, a.atttypmod::text, format_type(a.atttypid, a.atttypmod),
        a.attnotnull::text, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text,
        a.attgenerated::text
      FROM pg_attribute a
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum""";
  private static final String CONSTRAINTS = """
      SELECT con.conname, con.contype::text, con.condeferrable::text,
        (SELECT string_agg(a.attname, E'\\x1f' ORDER BY k.i)
         FROM unnest(con.conkey) WITH ORDINALITY AS k(n, i)
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n),
        fn.nspname, fc.relname,
        (SELECT string_agg(a.attname, E'\\x1f' ORDER BY k.i)
         FROM unnest(con.confkey) WITH ORDINALITY AS k(n, i)
         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n),
        pg_get_constraintdef(con.oid), coalesce(pg_get_expr(con.conbin, con.conrelid), '')
      FROM pg_constraint con
      LEFT JOIN pg_class fc ON fc.oid = con.confrelid
      LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
      WHERE con.conrelid = ?::oid AND con.contype IN ('f', 'c', 'x') AND con.conparentid = 0
      ORDER BY con.conname COLLATE "C\"""";
  private static final String UNIQUE_INDEXES = """
      SELECT ic.relname, (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL)::text,
        coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false)::text,
        (SELECT string_agg(coalesce(a.attname, ''), E'\\x1f' ORDER BY k.i)
         FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(n, i)
         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n
         WHERE k.i <= i.indnkeyatts)
      FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indrelid = ?::oid AND i.indisunique
      ORDER BY ic.relname COLLATE "C\"""";
  private static final String TYPE = """
      SELECT t.typname, t.typtype::text, t.typcategory::text, t.typelem::text,
        t.typbasetype::text, t.typtypmod::text, t.typnotnull::text, format_type(t.oid, NULL),
        t.typlen::text
      FROM pg_type t WHERE t.oid = ?::oid""";
  private static final String ENUM_LABELS =
      "SELECT enumlabel FROM pg_enum WHERE enumtypid = ?::oid ORDER BY enumsortorder";
  private static final String FORMAT = "SELECT format_type(?::oid, ?::int)";
  /** Columns in an index, as a key or in an expression or predicate. */
  private static final String INDEXED = """
      SELECT a.attname FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
      WHERE i.indrelid = ?::oid
      UNION
      SELECT a.attname FROM pg_index i
      JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
        AND d.refclassid = 'pg_class'::regclass AND d.refobjid = i.indrelid
        AND d.refobjsubid > 0
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = d.refobjsubid
      WHERE i.indrelid = ?::oid""";
  private static final String DOMAIN_CHECKS = """
      SELECT conname, pg_get_constraintdef(oid), pg_get_expr(conbin, 0) FROM pg_constraint
      WHERE contypid = ?::oid AND contype = 'c' ORDER BY conname COLLATE "C\"""";

  /** A type, resolved through arrays and domains. */
  record PgType(String oid, String name, String sqlName, char kind, PgType element, PgType base,
      int baseTypmod, boolean domainNotNull, List<String> labels, List<Check> domainChecks,
      String rootSql) {
    boolean isArray() {
      return element != null;
    }

    boolean isDomain() {
      return base != null;
    }

    /** The type under every domain. */
    PgType root() {
      return base == null ? this : base.root();
    }

    /** Whether this type or its domains forbid NULL. */
    boolean forbidsNull() {
      return domainNotNull || (base != null && base.forbidsNull());
    }

    /** Every check of this domain and the domains under it. */
    List<Check> allDomainChecks() {
      List<Check> all = new ArrayList<>(domainChecks);
      if (base != null) {
        all.addAll(base.allDomainChecks());
      }
      return all;
    }
  }

  /**
   * A column.
   *
   * @param sqlType the type as PostgreSQL writes it for this column, with its modifier
   * @param defaultExpr the default expression, or null
   * @param identity {@code a}, {@code d} or empty
   * @param generated whether it is a generated column, which takes no values
   */
  record Column(String name, PgType type, int typmod, String sqlType, boolean notNull,
      String defaultExpr, String identity, boolean generated) {
    /** Identity and serial columns: their values come from a sequence. */
    boolean fromSequence() {
      return !identity.isEmpty() || (defaultExpr != null && defaultExpr.contains("nextval("));
    }

    boolean nullable() {
      return !notNull && !type.forbidsNull();
    }

    /** The type modifier that applies to the values: the column's, or its domain's. */
    int effectiveTypmod() {
      return typmod >= 0 || !type.isDomain() ? typmod : type.baseTypmod();
    }
  }

  /** A foreign key of a table. */
  record ForeignKey(String name, List<String> columns, String targetSchema, String targetTable,
      List<String> targetColumns, boolean deferrable) {}

  /**
   * A check or exclusion constraint, or a domain's check.
   *
   * @param columns the columns it reads; empty for a domain's check
   * @param definition as {@code pg_get_constraintdef} writes it
   * @param expression the boolean expression of a check, empty for an exclusion constraint; a
   *     domain's check reads {@code VALUE}
   */
  record Check(String name, List<String> columns, String definition, String expression,
      boolean exclusion) {}

  /**
   * A unique index (primary keys and unique constraints included).
   *
   * @param partial whether it has a predicate or an expression, so that Java cannot tell a clash
   */
  record UniqueKey(String name, List<String> columns, boolean partial, boolean nullsNotDistinct) {}

  /** A table with everything the generator respects. */
  record Table(String oid, String schema, String name, List<Column> columns,
      List<ForeignKey> foreignKeys, List<Check> checks, List<UniqueKey> uniqueKeys,
      Set<String> indexed) {
    Optional<Column> column(String name) {
      return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    String qualified() {
      return Sql.table(schema, name);
    }
  }

  private final Connection c;
  private final Map<String, PgType> types = new HashMap<>();

  private Catalog(Connection c) {
    this.c = c;
  }

  /** Every ordinary and partitioned table of a schema but Flyway's history, by name. */
  static List<Table> read(Connection c, String schema) throws SQLException {
    Catalog catalog = new Catalog(c);
    List<Table> tables = new ArrayList<>();
    for (List<String> t : Sql.rows(c, TABLES, schema)) {
      if (!t.get(1).equals(FLYWAY_HISTORY)) {
        tables.add(catalog.table(t.get(0), schema, t.get(1)));
      }
    }
    return tables;
  }

  private Table table(String oid, String schema, String name) throws SQLException {
    List<Column> columns = new ArrayList<>();
    for (List<String> r : Sql.rows(c, COLUMNS, oid)) {
      columns.add(new Column(r.get(0), type(r.get(1)), Integer.parseInt(r.get(2)), r.get(3),
          "true".equals(r.get(4)), r.get(5), r.get(6), !r.get(7).isEmpty()));
    }
    List<ForeignKey> fks = new ArrayList<>();
    List<Check> checks = new ArrayList<>();
    for (List<String> r : Sql.rows(c, CONSTRAINTS, oid)) {
      List<String> cols = split(r.get(3));
      switch (r.get(1)) {
        case "f" -> fks.add(new ForeignKey(r.get(0), cols, r.get(4), r.get(5), split(r.get(6)),
            "true".equals(r.get(2))));
        case "x" -> checks.add(new Check(r.get(0), cols, r.get(7), "", true));
        default -> checks.add(new Check(r.get(0), cols, r.get(7), r.get(8), false));
      }
    }
    List<UniqueKey> uniques = new ArrayList<>();
    for (List<String> r : Sql.rows(c, UNIQUE_INDEXES, oid)) {
      List<String> cols = split(r.get(3));
      boolean partial = "true".equals(r.get(1)) || cols.contains("");
      uniques.add(new UniqueKey(r.get(0), cols, partial, "true".equals(r.get(2))));
    }
    Set<String> indexed = new HashSet<>();
    Sql.rows(c, INDEXED, oid, oid).forEach(r -> indexed.add(r.get(0)));
    return new Table(oid, schema, name, List.copyOf(columns), List.copyOf(fks),
        List.copyOf(checks), List.copyOf(uniques), Set.copyOf(indexed));
  }

  private PgType type(String oid) throws SQLException {
    PgType known = types.get(oid);
    if (known != null) {
      return known;
    }
    List<String> r = Sql.rows(c, TYPE, oid).get(0);
    String name = r.get(0);
    char kind = r.get(1).charAt(0);
    boolean array = "A".equals(r.get(2)) && !"0".equals(r.get(3)) && "-1".equals(r.get(8))
        && !name.equals("int2vector") && !name.equals("oidvector");
    PgType element = array ? type(r.get(3)) : null;
    PgType base = kind == 'd' ? type(r.get(4)) : null;
    List<String> labels = kind == 'e'
        ? Sql.rows(c, ENUM_LABELS, oid).stream().map(l -> l.get(0)).toList() : List.of();
    List<Check> checks = new ArrayList<>();
    if (kind == 'd') {
      for (List<String> ch : Sql.rows(c, DOMAIN_CHECKS, oid)) {
        checks.add(new Check(ch.get(0), List.of(), ch.get(1), ch.get(2), false));
      }
    }
    int typmod = Integer.parseInt(r.get(5));
    String rootSql = r.get(7);
    if (base != null) {
      PgType root = base.root();
      int rootTypmod = typmod >= 0 ? typmod : base.isDomain() ? base.baseTypmod() : -1;
      rootSql = Sql.rows(c, FORMAT, root.oid(), Integer.toString(rootTypmod)).get(0).get(0);
    }
    PgType type = new PgType(oid, name, r.get(7), kind, element, base, typmod,
        "true".equals(r.get(6)), labels, List.copyOf(checks), rootSql);
    types.put(oid, type);
    return type;
  }

  private static List<String> split(String joined) {
    return joined == null ? List.of() : Arrays.asList(joined.split(SEP, -1));
  }
}
