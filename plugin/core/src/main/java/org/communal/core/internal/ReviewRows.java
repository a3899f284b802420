package org.communal.core.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communal.core.Comment;
import org.communal.core.IssueStatus;
import org.communal.core.Review;
import org.communal.core.User;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Reviews and their comments in the database. Runs in the caller's handle. Not API. */
public final class ReviewRows {
  private static final String SELECT = "SELECT v.id, v.review_request_id, v.reply_to_id,"
      + " v.body_top, v.body_bottom, v.ship_it, v.is_public, v.published_at,"
      + " u.id AS user_id, u.username, u.display_name, u.email, u.is_active, u.is_admin,"
      + " u.must_change_password FROM reviews v JOIN users u ON u.id = v.user_id";

  /** A comment's columns, as {@link #comment} reads them. */
  public static final String[] COMMENT_COLUMNS = {"id", "review_id", "filediff_id",
      "interfilediff_id", "side", "first_line", "num_lines", "reply_to_id", "text",
      "issue_status", "created_at"};

  private static final String COMMENT = "SELECT c." + String.join(", c.", COMMENT_COLUMNS)
      + " FROM comments c";

  /** Reviews ({@code v}) with their authors and comments, as {@link #where} reads them. */
  private static final String JOINED = SELECT.replace(" FROM reviews v", ", c.id AS c_id,"
      + " c.review_id, c.filediff_id, c.interfilediff_id, c.side, c.first_line, c.num_lines,"
      + " c.reply_to_id AS c_reply_to_id, c.text, c.issue_status, c.created_at FROM reviews v")
      + " LEFT JOIN comments c ON c.review_id = v.id";

  /**
   * The published reviews of review request {@code :rr}, if {@code :viewer} may see it: the
   * condition of {@link org.communal.core.Reviews#list}'s one query.
   */
  public static final String PUBLISHED_OF_VISIBLE = "v.review_request_id = :rr AND v.is_public"
      + " AND EXISTS (SELECT 1 FROM review_requests r WHERE r.id = :rr AND "
      + ReviewRequestRows.VISIBLE + ")";

  /**
   * Makes or changes {@code :user}'s draft of review request {@code :rr} (a reply to review
   * {@code :reply}, or null), writing the text given (null keeps a value); its row stays locked.
   * Returns the draft, and whether this statement made it (xmax is zero on a row the statement
   * inserted, and set on one it updated).
   */
  public static final String DRAFT_UPSERT = "INSERT INTO reviews (review_request_id, user_id,"
      + " reply_to_id, body_top, body_bottom, ship_it) VALUES (:rr, :user, :reply,"
      + " coalesce(:top, ''), coalesce(:bottom, ''), coalesce(:ship, false))"
      + " ON CONFLICT (review_request_id, user_id, coalesce(reply_to_id, 0))"
      + " WHERE NOT is_public DO UPDATE SET"
      + " body_top = coalesce(:top, reviews.body_top),"
      + " body_bottom = coalesce(:bottom, reviews.body_bottom),"
      + " ship_it = coalesce(:ship, reviews.ship_it), updated_at = now()"
      + " RETURNING id, xmax = 0 AS created, body_top, body_bottom, ship_it";

  /**
   * A draft's new comments, all in one statement: each parameter but {@code :review} is an
   * array holding one element per comment, in order. Returns {@link #COMMENT_COLUMNS}, in order.
   */
  public static final String COMMENTS_INSERT = "INSERT INTO comments (review_id, kind,"
      + " filediff_id, interfilediff_id, side, first_line, num_lines, reply_to_id, text,"
      + " issue_status) SELECT :review, n.kind, n.file, n.inter, n.side, n.first, n.lines,"
      + " n.reply, n.text, n.issue FROM unnest(CAST(:kinds AS text[]), CAST(:files AS bigint[]),"
      + " CAST(:inters AS bigint[]), CAST(:sides AS text[]), CAST(:firsts AS integer[]),"
      + " CAST(:lines AS integer[]), CAST(:replies AS bigint[]), CAST(:texts AS text[]),"
      + " CAST(:issues AS text[])) WITH ORDINALITY"
      + " AS n (kind, file, inter, side, first, lines, reply, text, issue, ord)"
      + " ORDER BY n.ord RETURNING " + String.join(", ", COMMENT_COLUMNS);

  /**
   * Publishes draft {@code :id} and marks its review request updated, in one statement; returns
   * when.
   */
  public static final String PUBLISH = "WITH published AS (UPDATE reviews SET is_public = true,"
      + " published_at = now(), updated_at = now() WHERE id = :id"
      + " RETURNING review_request_id, published_at) UPDATE review_requests r"
      + " SET updated_at = now() FROM published p WHERE r.id = p.review_request_id"
      + " RETURNING p.published_at";

  /** A review's own columns, before its comments are read. */
  private record Head(long id, long reviewRequestId, User user, Optional<Long> replyToId,
      String bodyTop, String bodyBottom, boolean shipIt, boolean published,
      Optional<Instant> publishedAt) {
    Review with(List<Comment> comments) {
      return new Review(id, reviewRequestId, user, replyToId, bodyTop, bodyBottom, shipIt,
          published, publishedAt, comments);
    }
  }

  private ReviewRows() {}

  /**
   * The reviews (with comments) matching a condition on {@code v}, in id order; one query, the
   * comments joined.
   */
  public static List<Review> where(Handle h, String condition, Map<String, Object> binds) {
    Map<Long, Head> heads = new LinkedHashMap<>();
    Map<Long, List<Comment>> comments = new LinkedHashMap<>();
    h.createQuery(sql(condition))
        .bindMap(binds)
        .map((rs, ctx) -> {
          Head head = heads.computeIfAbsent(rs.getLong("id"), id -> headUnchecked(rs, ctx));
          List<Comment> list = comments.computeIfAbsent(head.id(), id -> new ArrayList<>());
          rs.getLong("c_id");
          if (!rs.wasNull()) {
            list.add(joinedComment(rs));
          }
          return head;
        }).list();
    return heads.values().stream().map(r -> r.with(comments.get(r.id()))).toList();
  }

  /** The query {@link #where} issues for a condition. */
  public static String sql(String condition) {
    return JOINED + " WHERE " + condition + " ORDER BY v.id, c.id";
  }

  /** One review by id, if it matches the condition too. */
  public static Optional<Review> one(Handle h, long id, String condition,
      Map<String, Object> binds) {
    Map<String, Object> all = new LinkedHashMap<>(binds);
    all.put("reviewId", id);
    return where(h, "v.id = :reviewId AND " + condition, all).stream().findFirst();
  }

  /** One comment by id. */
  public static Optional<Comment> comment(Handle h, long id) {
    return h.createQuery(COMMENT + " WHERE c.id = :id").bind("id", id)
        .map(ReviewRows::comment).findOne();
  }

  private static Head head(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Head(rs.getLong("id"), rs.getLong("review_request_id"), Jdbis.user(rs, ctx),
        optionalLong(rs, "reply_to_id"), rs.getString("body_top"), rs.getString("body_bottom"),
        rs.getBoolean("ship_it"), rs.getBoolean("is_public"),
        Optional.ofNullable(Jdbis.instant(rs, "published_at")));
  }

  private static Head headUnchecked(ResultSet rs, StatementContext ctx) {
    try {
      return head(rs, ctx);
    } catch (SQLException e) {
      throw new IllegalStateException("reading a review row failed", e);
    }
  }

  /** A comment from the joined query, whose own id and reply column have other names. */
  private static Comment joinedComment(ResultSet rs) throws SQLException {
    return new Comment(rs.getLong("c_id"), rs.getLong("review_id"),
        optionalLong(rs, "filediff_id"), optionalLong(rs, "interfilediff_id"),
        rs.getString("side"), optionalInt(rs, "first_line"), optionalInt(rs, "num_lines"),
        optionalLong(rs, "c_reply_to_id"), rs.getString("text"),
        Optional.ofNullable(rs.getString("issue_status")).flatMap(IssueStatus::fromWireName),
        Jdbis.instant(rs, "created_at"));
  }

  /** A comment from a row of {@link #COMMENT_COLUMNS}. */
  public static Comment comment(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Comment(rs.getLong("id"), rs.getLong("review_id"),
        optionalLong(rs, "filediff_id"), optionalLong(rs, "interfilediff_id"),
        rs.getString("side"), optionalInt(rs, "first_line"), optionalInt(rs, "num_lines"),
        optionalLong(rs, "reply_to_id"), rs.getString("text"),
        Optional.ofNullable(rs.getString("issue_status")).flatMap(IssueStatus::fromWireName),
        Jdbis.instant(rs, "created_at"));
  }

  private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(v);
  }

  private static Optional<Integer> optionalInt(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(v);
  }
}
