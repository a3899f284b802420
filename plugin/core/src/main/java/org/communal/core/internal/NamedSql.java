package org.communal.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A statement written with {@code :name} parameters, as the core writes them for Jdbi, turned
 * into the JDBC form ({@code ?}) once, then bound by name and run on a plain connection: the
 * hottest statements skip Jdbi's per-statement work this way, and the load benchmark issues the
 * very same statements. Not API; immutable.
 *
 * @param jdbc the statement with {@code ?} in place of each parameter
 * @param names the parameters' names, in order of their {@code ?}
 */
public record NamedSql(String jdbc, List<String> names) {
  private static final Map<String, NamedSql> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  private static final Map<Class<?>, String> ARRAY_TYPES = Map.of(String.class, "text",
      Long.class, "bigint", Integer.class, "integer");

  /**
   * A null of a given JDBC type ({@link Types}), as Jdbi binds a null of a typed value: the type
   * reaches PostgreSQL and can change how it plans the statement.
   */
  public record Null(int sqlType) {}

  /** The value if present, else a null of the given JDBC type ({@link Null}). */
  public static Object orNull(java.util.Optional<?> value, int sqlType) {
    return value.isPresent() ? value.get() : new Null(sqlType);
  }

  /**
   * The statement for this text, converted once and kept: call it with the core's constant
   * statements only, never with text built from input.
   */
  public static NamedSql cached(String named) {
    return CACHE.computeIfAbsent(named, NamedSql::of);
  }

  /**
   * Converts a statement's text: each {@code :name} outside quoted text becomes {@code ?};
   * {@code ::type} casts and colons inside a word stay as they are.
   */
  public static NamedSql of(String named) {
    List<String> names = new ArrayList<>();
    StringBuilder jdbc = new StringBuilder(named.length());
    boolean quoted = false;
    for (int i = 0; i < named.length(); i++) {
      char c = named.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == ':' && !quoted) {
        if (i + 1 < named.length() && named.charAt(i + 1) == ':') {
          jdbc.append("::");
          i++;
          continue;
        }
        int end = i + 1;
        while (end < named.length() && isWordChar(named.charAt(end))) {
          end++;
        }
        if (end > i + 1 && (i == 0 || !isWordChar(named.charAt(i - 1)))) {
          names.add(named.substring(i + 1, end));
          jdbc.append('?');
          i = end - 1;
          continue;
        }
      }
      jdbc.append(c);
    }
    return new NamedSql(jdbc.toString(), List.copyOf(names));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /**
   * Binds every parameter from the values given; a missing name is an error. A plain null has no
   * type (PostgreSQL infers it); {@link Null} gives one.
   */
  public void bind(PreparedStatement p, Map<String, ?> values) throws SQLException {
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
        String type = ARRAY_TYPES.get(array.getClass().getComponentType());
        if (type == null) {
          throw new IllegalArgumentException("no SQL array type for "
              + array.getClass().getComponentType().getSimpleName() + "[] (:" + name + ")");
        }
        p.setArray(i + 1, p.getConnection().createArrayOf(type, array));
      } else {
        p.setObject(i + 1, v);
      }
    }
  }

  /** Maps one row of an answer. */
  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /**
   * Runs the statement on the handle's connection (in its transaction, if one is open) and maps
   * every row it returns; a failure is thrown as Jdbi throws it, the driver's exception as cause.
   */
  public <T> List<T> query(Handle h, Map<String, ?> values, Row<T> row) {
    try (PreparedStatement p = prepare(h.getConnection(), values);
        ResultSet rs = p.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.map(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** Runs a statement that returns no rows on the handle's connection; returns the row count. */
  public int update(Handle h, Map<String, ?> values) {
    try (PreparedStatement p = prepare(h.getConnection(), values)) {
      return p.executeUpdate();
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** Prepares the statement on the connection and binds the values. */
  public PreparedStatement prepare(Connection c, Map<String, ?> values) throws SQLException {
    PreparedStatement p = c.prepareStatement(jdbc);
    try {
      bind(p, values);
      return p;
    } catch (SQLException | RuntimeException e) {
      p.close();
      throw e;
    }
  }
}
