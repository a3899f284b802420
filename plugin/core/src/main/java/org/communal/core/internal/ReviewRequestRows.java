package org.communal.core.internal;

import java.util.Map;
import java.util.Optional;
import org.communal.core.Events;
import org.communal.core.NoSuchReviewRequestException;
import org.communal.core.ReviewRequest;
import org.communal.core.Viewer;
import org.jdbi.v3.core.Handle;

/** The review request query and the rule of who sees which review request. Not API. */
public final class ReviewRequestRows {
  /** Every column {@link Jdbis#reviewRequest} maps; alias {@code r} for the review request. */
  public static final String SELECT = "SELECT r.id, r.repository_id, r.summary, r.description,"
      + " r.testing_done, r.branch, r.bugs_closed, r.status, r.is_public, r.created_at,"
      + " r.updated_at, r.commit_id, r.close_description, r.requires_verification,"
      + " u.id AS user_id, u.username, u.display_name, u.email, u.is_active,"
      + " u.is_admin, u.must_change_password,"
      + " ARRAY(SELECT p.username FROM review_request_target_people tp"
      + "   JOIN users p ON p.id = tp.user_id WHERE tp.review_request_id = r.id"
      + "   ORDER BY p.username) AS target_people,"
      + " ARRAY(SELECT g.name FROM review_request_target_groups tg"
      + "   JOIN groups g ON g.id = tg.group_id WHERE tg.review_request_id = r.id"
      + "   ORDER BY g.name) AS target_groups,"
      + " ARRAY(SELECT d.depends_on_id FROM review_request_depends_on d"
      + "   WHERE d.review_request_id = r.id ORDER BY d.depends_on_id) AS depends_on"
      + " FROM review_requests r JOIN users u ON u.id = r.submitter_id";

  /**
   * Who sees a review request: its submitter and admins always; once it is published, everyone,
   * unless it is addressed to an invite-only group: then only that group's members and its target
   * people. Binds {@code :viewer} (a user id, 0 for nobody) and {@code :admin}.
   */
  public static final String VISIBLE = "(r.submitter_id = :viewer OR :admin OR (r.is_public"
      + " AND (NOT EXISTS (SELECT 1 FROM review_request_target_groups vg JOIN groups vgg"
      + " ON vgg.id = vg.group_id WHERE vg.review_request_id = r.id AND vgg.is_invite_only)"
      + " OR EXISTS (SELECT 1 FROM review_request_target_people vp"
      + " WHERE vp.review_request_id = r.id AND vp.user_id = :viewer)"
      + " OR EXISTS (SELECT 1 FROM review_request_target_groups vg JOIN groups vgg"
      + " ON vgg.id = vg.group_id JOIN group_members vm ON vm.group_id = vgg.id"
      + " WHERE vg.review_request_id = r.id AND vgg.is_invite_only"
      + " AND vm.user_id = :viewer))))";

  /** Whether review request {@code r} is kept within an invite-only group, as SQL. */
  private static final String INVITE_ONLY = "EXISTS (SELECT 1 FROM review_request_target_groups"
      + " tg JOIN groups g ON g.id = tg.group_id WHERE tg.review_request_id = r.id"
      + " AND g.is_invite_only)";

  /**
   * The head of review request {@code :id} if {@code :viewer} may see it, as {@link #head}
   * reads it (the load benchmark issues it too).
   */
  public static final String HEAD = "SELECT r.id, r.repository_id, r.is_public,"
      + " r.requires_verification, " + INVITE_ONLY + " AS invite_only, u.id AS user_id,"
      + " u.username, u.display_name, u.email, u.is_active, u.is_admin, u.must_change_password"
      + " FROM review_requests r JOIN users u ON u.id = r.submitter_id WHERE r.id = :id AND "
      + VISIBLE;

  private ReviewRequestRows() {}

  /**
   * Events that pass on only what anyone may know: those about a review request addressed to an
   * invite-only group are dropped.
   */
  public static Events publicOnly(Events inner) {
    return (tx, event) -> {
      boolean restricted = event.inviteOnly().orElseGet(() -> tx.createQuery("SELECT "
              + INVITE_ONLY.replace("r.id", ":id")).bind("id", event.reviewRequestId())
          .mapTo(Boolean.class).one());
      if (!restricted) {
        inner.record(tx, event);
      }
    };
  }

  /**
   * The review request with this id, if this viewer may see it.
   *
   * @throws NoSuchReviewRequestException if there is none, or the viewer may not see it (the
   *     answer is the same, so that drafts do not reveal they exist)
   */
  public static ReviewRequest read(Handle h, Viewer viewer, long id) {
    return h.createQuery(SELECT + " WHERE r.id = :id AND " + VISIBLE).bind("id", id)
        .bind("viewer", viewer.userId()).bind("admin", viewer.admin())
        .map(Jdbis::reviewRequest).findOne()
        .orElseThrow(() -> new NoSuchReviewRequestException(id));
  }

  /**
   * Checks that the review request exists and this viewer may see it, without reading it.
   *
   * @throws NoSuchReviewRequestException otherwise
   */
  public static void requireVisible(Handle h, Viewer viewer, long id) {
    boolean visible = h.createQuery("SELECT EXISTS (SELECT 1 FROM review_requests r"
            + " WHERE r.id = :id AND " + VISIBLE + ")")
        .bind("id", id).bind("viewer", viewer.userId()).bind("admin", viewer.admin())
        .mapTo(Boolean.class).one();
    if (!visible) {
      throw new NoSuchReviewRequestException(id);
    }
  }

  /**
   * The head of the review request with this id, if this viewer may see it; with {@code lock},
   * its row stays locked for the rest of the transaction.
   *
   * @throws NoSuchReviewRequestException if there is none the viewer may see
   */
  public static ReviewRequestHead head(Handle h, Viewer viewer, long id, boolean lock) {
    // On every review and comment call: plain JDBC (see NamedSql).
    return NamedSql.cached(lock ? HEAD + " FOR UPDATE OF r" : HEAD)
        .query(h, Map.of("id", id, "viewer", viewer.userId(), "admin", viewer.admin()), rs -> {
          long repo = rs.getLong("repository_id");
          Optional<Long> repository = rs.wasNull() ? Optional.empty() : Optional.of(repo);
          return new ReviewRequestHead(rs.getLong("id"), Jdbis.user(rs, null), repository,
              rs.getBoolean("is_public"), rs.getBoolean("requires_verification"),
              rs.getBoolean("invite_only"));
        })
        .stream().findFirst().orElseThrow(() -> new NoSuchReviewRequestException(id));
  }

  /** Locks the review request's row for the rest of the transaction, then reads it. */
  public static ReviewRequest lock(Handle h, Viewer viewer, long id) {
    h.createQuery("SELECT id FROM review_requests WHERE id = :id FOR UPDATE").bind("id", id)
        .mapTo(Long.class).findOne();
    return read(h, viewer, id);
  }
}
