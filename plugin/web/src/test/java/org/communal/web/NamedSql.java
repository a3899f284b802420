package org.communal.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written with {@code :name} parameters, as the core writes them for Jdbi, turned
 * into the JDBC form ({@code ?}) once, then bound by name: so that a benchmark can issue the
 * service's very statements through plain JDBC. Immutable.
 *
 * @param jdbc the statement with {@code ?} in place of each parameter
 * @param names the parameters' names, in order of their {@code ?}
 */
record NamedSql(String jdbc, List<String> names) {
  private static final Map<Class<?>, String> ARRAY_TYPES = Map.of(String.class, "text",
      Long.class, "bigint", Integer.class, "integer");
  private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):(\\w+)");

  /**
   * A null of a given JDBC type ({@link Types}), as Jdbi binds a null of a typed value: the type
   * reaches PostgreSQL and can change how it plans the statement.
   */
  record Null(int sqlType) {}

  static NamedSql of(String named) {
    List<String> names = new ArrayList<>();
    Matcher m = PARAMETER.matcher(named);
    StringBuilder jdbc = new StringBuilder();
    while (m.find()) {
      names.add(m.group(1));
      m.appendReplacement(jdbc, "?");
    }
    m.appendTail(jdbc);
    return new NamedSql(jdbc.toString(), List.copyOf(names));
  }

  /**
   * Binds every parameter from the values given; a missing name is an error. A plain null has no
   * type (PostgreSQL infers it); {@link Null} gives one.
   */
  void bind(PreparedStatement p, Map<String, ?> values) throws SQLException {
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("no value for :" + name + " in " + jdbc);
      }
      Object v = values.get(name);
      if (v == null) {
        p.setNull(i + 1, Types.OTHER);
      } else if (v instanceof Null typed) {
        p.setNull(i + 1, typed.sqlType());
      } else if (v instanceof Object[] array) {
        // As the core's Jdbi binds arrays: a SQL array of the elements' type.
        p.setArray(i + 1, p.getConnection().createArrayOf(ARRAY_TYPES.get(
            array.getClass().getComponentType()), array));
      } else {
        p.setObject(i + 1, v);
      }
    }
  }

  PreparedStatement prepare(Connection c, Map<String, ?> values) throws SQLException {
    PreparedStatement p = c.prepareStatement(jdbc);
    bind(p, values);
    return p;
  }
}
