package org.communal.core.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communal.core.NewStatusUpdate;
import org.communal.core.PageRequest;
import org.communal.core.StatusUpdate;
import org.communal.core.StatusUpdateState;
import org.communal.core.User;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The status update queries. Runs in the caller's handle; the caller has checked that the viewer
 * sees the review request. Not API.
 */
public final class StatusUpdateRows {
  private static final String SELECT = "SELECT s.id, s.review_request_id, d.revision,"
      + " s.service_id, s.summary, s.description, s.state, s.url, s.timeout_seconds,"
      + " s.retry_count, s.retry_requested_at, s.created_at, s.updated_at,"
      + " u.id AS user_id, u.username, u.display_name, u.email, u.is_active, u.is_admin,"
      + " u.must_change_password, r.repository_id AS rr_repository_id,"
      + " (r.is_public AND coalesce(d.is_published, true)) AS announced"
      + " FROM status_updates s JOIN review_requests r ON r.id = s.review_request_id"
      + " LEFT JOIN diffsets d ON d.id = s.diffset_id LEFT JOIN users u ON u.id = s.user_id";

  /**
   * A status update on a draft's diff revision is seen only by those who see that revision (the
   * submitter and admins). Binds {@code :owner}.
   */
  private static final String VISIBLE = "(d.id IS NULL OR d.is_published OR :owner)";

  /** Pending ones whose timeout has passed at {@code :now}. */
  private static final String DUE = "state = 'pending' AND timeout_seconds IS NOT NULL"
      + " AND updated_at + make_interval(secs => timeout_seconds) <= :now";

  /**
   * A status update with what decides its event.
   *
   * @param update the status update
   * @param repositoryId its review request's repository, if any
   * @param announced whether every reader may see it (a published review request, and no
   *     revision or a published one): only then does a change make an event
   */
  public record Row(StatusUpdate update, Optional<Long> repositoryId, boolean announced) {}

  private StatusUpdateRows() {}

  /** The status update with this id on this review request, if the viewer may see it. */
  public static Optional<StatusUpdate> find(Handle h, long reviewRequestId, long id,
      boolean owner) {
    return h.createQuery(SELECT + " WHERE s.id = :id AND s.review_request_id = :rr AND "
            + VISIBLE)
        .bind("id", id).bind("rr", reviewRequestId).bind("owner", owner)
        .map(StatusUpdateRows::update).findOne();
  }

  /** Like {@link #find}, and locks the row for the rest of the transaction. */
  public static Optional<StatusUpdate> lock(Handle h, long reviewRequestId, long id,
      boolean owner) {
    return h.createQuery(SELECT + " WHERE s.id = :id AND s.review_request_id = :rr AND "
            + VISIBLE + " FOR UPDATE OF s")
        .bind("id", id).bind("rr", reviewRequestId).bind("owner", owner)
        .map(StatusUpdateRows::update).findOne();
  }

  /** A page of a review request's status updates, oldest first. */
  public static List<StatusUpdate> list(Handle h, long reviewRequestId, boolean owner,
      PageRequest page) {
    return h.createQuery(SELECT + " WHERE s.review_request_id = :rr AND " + VISIBLE
            + " ORDER BY s.id OFFSET :start LIMIT :max")
        .bind("rr", reviewRequestId).bind("owner", owner)
        .bind("start", page.start()).bind("max", page.maxResults())
        .map(StatusUpdateRows::update).list();
  }

  /** How many status updates of a review request are in each state (absent states: none). */
  public static Map<StatusUpdateState, Integer> counts(Handle h, long reviewRequestId,
      boolean owner) {
    Map<StatusUpdateState, Integer> counts = new EnumMap<>(StatusUpdateState.class);
    h.createQuery("SELECT s.state, count(*)::int AS n FROM status_updates s"
            + " LEFT JOIN diffsets d ON d.id = s.diffset_id"
            + " WHERE s.review_request_id = :rr AND " + VISIBLE + " GROUP BY s.state")
        .bind("rr", reviewRequestId).bind("owner", owner)
        .map((rs, ctx) -> Map.entry(state(rs.getString("state")), rs.getInt("n")))
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
  }

  /** The rows with these ids, in id order, whoever may see them. */
  public static List<Row> rows(Handle h, List<Long> ids) {
    return h.createQuery(SELECT + " WHERE s.id = ANY(:ids) ORDER BY s.id")
        .bind("ids", ids.toArray(Long[]::new)).map(StatusUpdateRows::row).list();
  }

  /**
   * The id of a diff revision the viewer may see, if the review request has it.
   *
   * @param owner whether the viewer sees the draft's revision (the submitter or an admin)
   */
  public static Optional<Long> diffsetId(Handle h, long reviewRequestId, int revision,
      boolean owner) {
    return h.createQuery("SELECT d.id FROM diffsets d WHERE d.review_request_id = :rr"
            + " AND d.revision = :revision AND (d.is_published OR :owner)")
        .bind("rr", reviewRequestId).bind("revision", revision).bind("owner", owner)
        .mapTo(Long.class).findOne();
  }

  /** Stores a new status update reported now by this user; returns its id. */
  public static long insert(Handle h, long reviewRequestId, Optional<Long> diffsetId,
      User reporter, NewStatusUpdate u, Instant now) {
    return h.createUpdate("INSERT INTO status_updates (review_request_id, diffset_id, service_id,"
            + " summary, description, state, url, timeout_seconds, user_id, created_at,"
            + " updated_at) VALUES (:rr, :diffset, :service, :summary, :description, :state,"
            + " :url, :timeout, :user, :now, :now)")
        .bind("rr", reviewRequestId).bind("diffset", diffsetId.orElse(null))
        .bind("service", u.serviceId()).bind("summary", u.summary())
        .bind("description", u.description()).bind("state", u.state().wireName())
        .bind("url", u.url().orElse(null)).bind("timeout", u.timeoutSeconds().orElse(null))
        .bind("user", reporter.id()).bind("now", Jdbis.utc(now))
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
  }

  /** Stores a status update's changeable fields, changed now (a timeout restarts). */
  public static void write(Handle h, StatusUpdate s, Instant now) {
    h.createUpdate("UPDATE status_updates SET summary = :summary, description = :description,"
            + " state = :state, url = :url, timeout_seconds = :timeout, updated_at = :now"
            + " WHERE id = :id")
        .bind("summary", s.summary()).bind("description", s.description())
        .bind("state", s.state().wireName()).bind("url", s.url().orElse(null))
        .bind("timeout", s.timeoutSeconds().orElse(null)).bind("now", Jdbis.utc(now))
        .bind("id", s.id()).execute();
  }

  /** Sets a status update pending again for a retry asked for now. */
  public static void retry(Handle h, long id, Instant now) {
    h.createUpdate("UPDATE status_updates SET state = 'pending', retry_count = retry_count + 1,"
            + " retry_requested_at = :now, updated_at = :now WHERE id = :id")
        .bind("now", Jdbis.utc(now)).bind("id", id).execute();
  }

  /**
   * Flips pending status updates whose timeout has passed to timed-out. The flip is dated when
   * the timeout ran out, not when it was noticed, so every reader sees the same history. Rows are
   * locked in id order, so concurrent expiries cannot deadlock; a sweep skips rows that others
   * hold (they are expired by whoever holds them).
   *
   * @param reviewRequestId only this review request's, or empty for every one (a sweep)
   * @return the ids flipped, in id order
   */
  public static List<Long> expireDue(Handle h, Optional<Long> reviewRequestId, Instant now) {
    String scope = reviewRequestId.isPresent() ? " AND review_request_id = :rr"
        + " ORDER BY id FOR UPDATE" : " ORDER BY id FOR UPDATE SKIP LOCKED";
    return h.createQuery("WITH due AS (SELECT id FROM status_updates WHERE " + DUE + scope + ")"
            + " UPDATE status_updates s SET state = 'timed-out',"
            + " updated_at = s.updated_at + make_interval(secs => s.timeout_seconds)"
            + " FROM due WHERE s.id = due.id RETURNING s.id")
        .bind("now", Jdbis.utc(now)).bind("rr", reviewRequestId.orElse(0L))
        .mapTo(Long.class).list().stream().sorted().toList();
  }

  private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
    long repository = rs.getLong("rr_repository_id");
    Optional<Long> repositoryId = rs.wasNull() ? Optional.empty() : Optional.of(repository);
    return new Row(update(rs, ctx), repositoryId, rs.getBoolean("announced"));
  }

  private static StatusUpdate update(ResultSet rs, StatementContext ctx) throws SQLException {
    int revision = rs.getInt("revision");
    Optional<Integer> rev = rs.wasNull() ? Optional.empty() : Optional.of(revision);
    int timeout = rs.getInt("timeout_seconds");
    Optional<Integer> timeoutSeconds = rs.wasNull() ? Optional.empty() : Optional.of(timeout);
    rs.getLong("user_id");
    Optional<User> reporter = rs.wasNull() ? Optional.empty() : Optional.of(Jdbis.user(rs, ctx));
    return new StatusUpdate(rs.getLong("id"), rs.getLong("review_request_id"), rev,
        rs.getString("service_id"), rs.getString("summary"), rs.getString("description"),
        state(rs.getString("state")), Optional.ofNullable(rs.getString("url")), timeoutSeconds,
        reporter, rs.getInt("retry_count"),
        Optional.ofNullable(Jdbis.instant(rs, "retry_requested_at")),
        Jdbis.instant(rs, "created_at"), Jdbis.instant(rs, "updated_at"));
  }

  private static StatusUpdateState state(String name) throws SQLException {
    return StatusUpdateState.fromWireName(name).orElseThrow(() -> new SQLException(
        "status_updates holds an unknown state \"" + name + "\""));
  }
}
