package org.communal.core.internal;

import java.sql.PreparedStatement;
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
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

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
    // The commonest read there is (a review request's reviews, hundreds of rows): plain JDBC,
    // each column found by name once per answer rather than once per row.
    try (PreparedStatement p = NamedSql.cached(sql(condition)).prepare(h.getConnection(), binds);
        ResultSet rs = p.executeQuery()) {
      Columns col = new Columns(rs);
      List<Review> reviews = new ArrayList<>();
      Head head = null;
      List<Comment> comments = null;
      while (rs.next()) {
        long id = rs.getLong(col.id);
        if (head == null || head.id() != id) {
          if (head != null) {
            reviews.add(head.with(comments));
          }
          head = head(rs, col);
          comments = new ArrayList<>();
        }
        long commentId = rs.getLong(col.commentId);
        if (!rs.wasNull()) {
          comments.add(joinedComment(rs, col, commentId));
        }
      }
      if (head != null) {
        reviews.add(head.with(comments));
      }
      return reviews;
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** Where each column of the joined query is, found once per answer. */
  private static final class Columns {
    final int id;
    final int reviewRequestId;
    final int replyToId;
    final int bodyTop;
    final int bodyBottom;
    final int shipIt;
    final int isPublic;
    final int publishedAt;
    final int userId;
    final int username;
    final int displayName;
    final int email;
    final int isActive;
    final int isAdmin;
    final int mustChangePassword;
    final int commentId;
    final int fileId;
    final int interFileId;
    final int side;
    final int firstLine;
    final int numLines;
    final int commentReplyToId;
    final int text;
    final int issueStatus;
    final int createdAt;

    Columns(ResultSet rs) throws SQLException {
      id = rs.findColumn("id");
      reviewRequestId = rs.findColumn("review_request_id");
      replyToId = rs.findColumn("reply_to_id");
      bodyTop = rs.findColumn("body_top");
      bodyBottom = rs.findColumn("body_bottom");
      shipIt = rs.findColumn("ship_it");
      isPublic = rs.findColumn("is_public");
      publishedAt = rs.findColumn("published_at");
      userId = rs.findColumn("user_id");
      username = rs.findColumn("username");
      displayName = rs.findColumn("display_name");
      email = rs.findColumn("email");
      isActive = rs.findColumn("is_active");
      isAdmin = rs.findColumn("is_admin");
      mustChangePassword = rs.findColumn("must_change_password");
      commentId = rs.findColumn("c_id");
      fileId = rs.findColumn("filediff_id");
      interFileId = rs.findColumn("interfilediff_id");
      side = rs.findColumn("side");
      firstLine = rs.findColumn("first_line");
      numLines = rs.findColumn("num_lines");
      commentReplyToId = rs.findColumn("c_reply_to_id");
      text = rs.findColumn("text");
      issueStatus = rs.findColumn("issue_status");
      createdAt = rs.findColumn("created_at");
    }
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
        .map((rs, ctx) -> comment(rs)).findOne();
  }

  private static Head head(ResultSet rs, Columns col) throws SQLException {
    User user = new User(rs.getLong(col.userId), rs.getString(col.username),
        rs.getString(col.displayName), Optional.ofNullable(rs.getString(col.email)),
        rs.getBoolean(col.isActive), rs.getBoolean(col.isAdmin),
        rs.getBoolean(col.mustChangePassword));
    return new Head(rs.getLong(col.id), rs.getLong(col.reviewRequestId), user,
        optionalLong(rs, col.replyToId), rs.getString(col.bodyTop), rs.getString(col.bodyBottom),
        rs.getBoolean(col.shipIt), rs.getBoolean(col.isPublic),
        Optional.ofNullable(instant(rs, col.publishedAt)));
  }

  /** A comment from the joined query. */
  private static Comment joinedComment(ResultSet rs, Columns col, long id) throws SQLException {
    return new Comment(id, rs.getLong(col.id), optionalLong(rs, col.fileId),
        optionalLong(rs, col.interFileId), rs.getString(col.side),
        optionalInt(rs, col.firstLine), optionalInt(rs, col.numLines),
        optionalLong(rs, col.commentReplyToId), rs.getString(col.text),
        Optional.ofNullable(rs.getString(col.issueStatus)).flatMap(IssueStatus::fromWireName),
        instant(rs, col.createdAt));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Optional<Long> optionalLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(v);
  }

  private static Optional<Integer> optionalInt(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(v);
  }

  /** A comment from a row of {@link #COMMENT_COLUMNS}. */
  public static Comment comment(ResultSet rs) throws SQLException {
    return new Comment(rs.getLong("id"), rs.getLong("review_id"),
        optionalLong(rs, "filediff_id"), optionalLong(rs, "interfilediff_id"),
        rs.getString("side"), optionalInt(rs, "first_line"), optionalInt(rs, "num_lines"),
        optionalLong(rs, "reply_to_id"), rs.getString("text"),
        Optional.ofNullable(rs.getString("issue_status")).flatMap(IssueStatus::fromWireName),
        Jdbis.instant(rs, "created_at"));
  }

  private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
    return optionalLong(rs, rs.findColumn(column));
  }

  private static Optional<Integer> optionalInt(ResultSet rs, String column) throws SQLException {
    return optionalInt(rs, rs.findColumn(column));
  }
}
