package org.communal.core.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.communal.core.DatabaseUnavailableException;
import org.communal.core.ReviewRequest;
import org.communal.core.ReviewRequestStatus;
import org.communal.core.User;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Jdbi set-up and row mapping shared by the core's services. Not API. */
public final class Jdbis {
  private Jdbis() {}

  /** A Jdbi over the data source, with PostgreSQL text arrays registered. */
  public static Jdbi create(DataSource dataSource) {
    Jdbi jdbi = Jdbi.create(dataSource);
    jdbi.registerArrayType(String.class, "text");
    jdbi.registerArrayType(Long.class, "bigint");
    jdbi.registerArrayType(Integer.class, "integer");
    return jdbi;
  }

  /**
   * Runs the callback on a handle, turning a lost database into {@link
   * DatabaseUnavailableException}. Domain exceptions pass through unchanged.
   */
  public static <T> T call(Jdbi jdbi, HandleCallback<T, RuntimeException> callback) {
    try {
      return jdbi.withHandle(callback);
    } catch (ConnectionException e) {
      throw new DatabaseUnavailableException("PostgreSQL is unreachable: " + e.getMessage()
          + ". Try again; if it persists, an admin should check the database.", e);
    }
  }

  /** A timestamptz column as an instant, or null. */
  public static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** An instant as the driver binds timestamptz best. */
  public static OffsetDateTime utc(java.time.Instant instant) {
    return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
  }

  /** Whether a statement failed on a unique constraint. */
  public static boolean isUniqueViolation(Exception e) {
    return e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
  }

  /** Maps a row holding a user's columns. */
  public static User user(ResultSet rs, StatementContext ctx) throws SQLException {
    // Joined queries name the user's id user_id; queries on users alone call it id.
    String idColumn = hasColumn(rs, "user_id") ? "user_id" : "id";
    return new User(rs.getLong(idColumn), rs.getString("username"),
        rs.getString("display_name"), Optional.ofNullable(rs.getString("email")),
        rs.getBoolean("is_active"), rs.getBoolean("is_admin"),
        rs.getBoolean("must_change_password"));
  }

  /** Maps a row of the review request query joined with its submitter. */
  public static ReviewRequest reviewRequest(ResultSet rs, StatementContext ctx)
      throws SQLException {
    long repository = rs.getLong("repository_id");
    Optional<Long> repositoryId = rs.wasNull() ? Optional.empty() : Optional.of(repository);
    return new ReviewRequest(rs.getLong("id"), user(rs, ctx), repositoryId,
        rs.getString("summary"), rs.getString("description"), rs.getString("testing_done"),
        rs.getString("branch"), strings(rs.getArray("bugs_closed")),
        ReviewRequestStatus.fromWireName(rs.getString("status")).orElseThrow(),
        rs.getBoolean("is_public"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
        Optional.ofNullable(rs.getString("commit_id")), rs.getString("close_description"),
        strings(rs.getArray("target_people")), strings(rs.getArray("target_groups")),
        longs(rs.getArray("depends_on")), rs.getBoolean("requires_verification"));
  }

  private static boolean hasColumn(ResultSet rs, String name) throws SQLException {
    var meta = rs.getMetaData();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      if (meta.getColumnLabel(i).equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static List<Long> longs(Array array) throws SQLException {
    return array == null ? List.of() : List.of((Long[]) array.getArray());
  }

  /** A text[] column as a list. */
  public static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }
}
