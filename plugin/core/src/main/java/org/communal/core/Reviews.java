package org.communal.core;

import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communal.core.internal.CommentLines;
import org.communal.core.internal.Jdbis;
import org.communal.core.internal.NamedSql;
import org.communal.core.internal.ReviewRequestHead;
import org.communal.core.internal.ReviewRequestRows;
import org.communal.core.internal.ReviewRows;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Reviews of review requests: each reviewer's draft (text, Ship It, comments on diff lines or on
 * the whole request), published in one transaction with one event however many comments it holds;
 * replies to reviews and to single comments; issues opened by comments and their states; Ship It
 * and its revocation; where a review request stands. A draft is seen by its author alone.
 * Thread-safe.
 */
public final class Reviews {
  private final Jdbi jdbi;
  private final Events events;
  private final ApprovalRule rule;

  Reviews(Jdbi jdbi, Events events, ApprovalRule rule) {
    this.jdbi = jdbi;
    this.events = events;
    this.rule = rule;
  }

  /** The viewer's draft review of a review request, if they have one. */
  public Optional<Review> draft(Viewer viewer, long reviewRequestId) {
    User author = viewer.requireUser();
    return Jdbis.call(jdbi, h -> {
      ReviewRequestRows.requireVisible(h, viewer, reviewRequestId);
      return draftOf(h, author, reviewRequestId, Optional.empty());
    });
  }

  /**
   * Changes the viewer's draft review (creating it), and adds comments to it.
   *
   * @throws InvalidInputException listing every bad comment; nothing is saved then
   * @throws CommentOutOfRangeException listing every comment on lines its file's side does not
   *     have (past its end, a side an added or deleted file lacks, a binary file)
   */
  public Review saveDraft(Viewer viewer, long reviewRequestId, ReviewText text,
      List<NewComment> comments) {
    return inDraft(viewer, reviewRequestId, Optional.empty(), text, comments, false);
  }

  /** Deletes the viewer's draft review and its comments; returns whether there was one. */
  public boolean discardDraft(Viewer viewer, long reviewRequestId) {
    User author = viewer.requireUser();
    return Jdbis.call(jdbi, h -> h.createUpdate("DELETE FROM reviews WHERE review_request_id ="
            + " :rr AND user_id = :user AND reply_to_id IS NULL AND NOT is_public")
        .bind("rr", reviewRequestId).bind("user", author.id()).execute() > 0);
  }

  /**
   * Publishes the viewer's review in one call: the text and comments given are added to the
   * draft (made if there is none), and it all becomes public in one transaction with one event.
   *
   * @throws InvalidStateException if the review would be empty, or the review request is not
   *     published
   * @throws CommentOutOfRangeException as {@link #saveDraft}
   */
  public Review publish(Viewer viewer, long reviewRequestId, ReviewText text,
      List<NewComment> comments) {
    return inDraft(viewer, reviewRequestId, Optional.empty(), text, comments, true);
  }

  /**
   * Publishes a reply to a published review: text answering its top and bottom, and comments
   * answering its comments, added to the viewer's draft reply if there is one.
   */
  public Review reply(Viewer viewer, long reviewRequestId, long reviewId, ReviewText text,
      List<NewComment> comments) {
    return inDraft(viewer, reviewRequestId, Optional.of(reviewId), text, comments, true);
  }

  /**
   * Saves the viewer's draft reply to a published review (creating it) and adds reply comments;
   * publish it with {@link #reply} (given nothing more to add).
   */
  public Review saveReplyDraft(Viewer viewer, long reviewRequestId, long reviewId,
      ReviewText text, List<NewComment> comments) {
    return inDraft(viewer, reviewRequestId, Optional.of(reviewId), text, comments, false);
  }

  /** The viewer's draft reply to a review, if they have one. */
  public Optional<Review> replyDraft(Viewer viewer, long reviewRequestId, long reviewId) {
    User author = viewer.requireUser();
    return Jdbis.call(jdbi, h -> {
      ReviewRequestRows.requireVisible(h, viewer, reviewRequestId);
      return draftOf(h, author, reviewRequestId, Optional.of(reviewId));
    });
  }

  /** The published reviews of a review request (replies included), oldest first. */
  public List<Review> list(Viewer viewer, long reviewRequestId) {
    return Jdbis.call(jdbi, h -> {
      // One query when there are reviews; only an empty answer needs to tell "none" from "not
      // yours to see".
      List<Review> reviews = ReviewRows.where(h, ReviewRows.PUBLISHED_OF_VISIBLE, Map.of("rr",
          reviewRequestId, "viewer", viewer.userId(), "admin", viewer.admin()));
      if (reviews.isEmpty()) {
        ReviewRequestRows.requireVisible(h, viewer, reviewRequestId);
      }
      return reviews;
    });
  }

  /**
   * One published review, or the viewer's own draft.
   *
   * @throws NotFoundException if there is none the viewer may see
   */
  public Review get(Viewer viewer, long reviewRequestId, long reviewId) {
    return Jdbis.call(jdbi, h -> {
      ReviewRequestRows.requireVisible(h, viewer, reviewRequestId);
      return visibleReview(h, viewer, reviewRequestId, reviewId);
    });
  }

  /**
   * Takes back the Ship It of one's own published review.
   *
   * @throws PermissionDeniedException for anyone but its author
   */
  public Review revokeShipIt(Viewer viewer, long reviewRequestId, long reviewId) {
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      ReviewRequestRows.read(tx, viewer, reviewRequestId);
      Review review = visibleReview(tx, viewer, reviewRequestId, reviewId);
      if (review.user().id() != viewer.userId()) {
        throw new PermissionDeniedException("Only " + review.user().username() + " may revoke"
            + " the Ship It of their review " + reviewId + ".");
      }
      if (!review.shipIt()) {
        throw new InvalidStateException("Review " + reviewId + " has no Ship It to revoke.");
      }
      tx.createUpdate("UPDATE reviews SET ship_it = false, updated_at = now() WHERE id = :id")
          .bind("id", reviewId).execute();
      return visibleReview(tx, viewer, reviewRequestId, reviewId);
    }));
  }

  /**
   * Moves an issue to another state, by the rules of {@link IssueRules}.
   *
   * @throws PermissionDeniedException if the viewer may not make this change
   * @throws InvalidStateException if the change is not one the issue's state allows
   */
  public Comment setIssueStatus(Viewer viewer, long reviewRequestId, long commentId,
      IssueStatus status) {
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      ReviewRequestHead request = ReviewRequestRows.head(tx, viewer, reviewRequestId, true);
      Comment comment = publishedComment(tx, reviewRequestId, commentId);
      Review review = visibleReview(tx, viewer, reviewRequestId, comment.reviewId());
      IssueStatus next = IssueRules.check(viewer, request, review, comment, status);
      tx.createUpdate("UPDATE comments SET issue_status = :status,"
              + " issue_status_changed_by = :user, issue_status_changed_at = now(),"
              + " updated_at = now() WHERE id = :id")
          .bind("status", next.wireName()).bind("user", viewer.userId()).bind("id", commentId)
          .execute();
      return ReviewRows.comment(tx, commentId).orElseThrow();
    }));
  }

  /** Where the reviews of a review request stand, and whether the approval rule is met. */
  public ReviewStanding standing(Viewer viewer, long reviewRequestId) {
    return Jdbis.call(jdbi, h -> {
      ReviewRequestHead request = ReviewRequestRows.head(h, viewer, reviewRequestId, false);
      return standing(h, request);
    });
  }

  private ReviewStanding standing(Handle h, ReviewRequestHead request) {
    Map<String, Object> counts = h.createQuery("SELECT"
            + " count(*) FILTER (WHERE v.reply_to_id IS NULL) AS reviews,"
            + " count(*) FILTER (WHERE v.reply_to_id IS NULL AND v.ship_it"
            + "   AND v.user_id <> :submitter) AS ship_its,"
            + " (SELECT count(*) FROM comments c JOIN reviews r ON r.id = c.review_id"
            + "   WHERE r.review_request_id = :rr AND r.is_public AND c.issue_status = 'open')"
            + "   AS open_issues,"
            + " (SELECT count(*) FROM comments c JOIN reviews r ON r.id = c.review_id"
            + "   WHERE r.review_request_id = :rr AND r.is_public"
            + "   AND c.issue_status LIKE 'verifying-%') AS verifying"
            + " FROM reviews v WHERE v.review_request_id = :rr AND v.is_public")
        .bind("rr", request.id()).bind("submitter", request.submitter().id()).mapToMap().one();
    int reviews = ((Number) counts.get("reviews")).intValue();
    int shipIts = ((Number) counts.get("ship_its")).intValue();
    int open = ((Number) counts.get("open_issues")).intValue();
    int verifying = ((Number) counts.get("verifying")).intValue();
    ReviewStanding unjudged = new ReviewStanding(reviews, shipIts, open, verifying, false);
    return new ReviewStanding(reviews, shipIts, open, verifying, rule.approved(unjudged));
  }

  private Review inDraft(Viewer viewer, long reviewRequestId, Optional<Long> replyTo,
      ReviewText text, List<NewComment> comments, boolean publish) {
    User author = viewer.requireUser();
    checkComments(comments, replyTo.isPresent());
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      ReviewRequestHead request = ReviewRequestRows.head(tx, viewer, reviewRequestId, false);
      if (!request.published()) {
        throw new InvalidStateException("Review request " + reviewRequestId + " is not"
            + " published yet: there is nothing to review.");
      }
      Optional<Review> parent = replyTo.map(id -> publishedReview(tx, reviewRequestId, id));
      DraftRow draft = draftRow(tx, author, reviewRequestId, replyTo, text);
      List<Comment> added = insertComments(tx, viewer, request, draft.id(), parent, comments);
      // A draft made by this call holds exactly what it was given; an older one is read back.
      Review saved = draft.created() ? new Review(draft.id(), reviewRequestId, author, replyTo,
          draft.bodyTop(), draft.bodyBottom(), draft.shipIt(), false, Optional.empty(), added)
          : ReviewRows.one(tx, draft.id(), "true", Map.of()).orElseThrow();
      return publish ? publish(tx, request, saved) : saved;
    }));
  }

  private Review publish(Handle tx, ReviewRequestHead request, Review r) {
    long draft = r.id();
    boolean reply = r.replyToId().isPresent();
    if (r.bodyTop().isBlank() && r.bodyBottom().isBlank() && r.comments().isEmpty()
        && !r.shipIt()) {
      throw new InvalidStateException("The review is empty: write something, comment on a line"
          + " or give a Ship It before publishing.");
    }
    java.time.Instant at = NamedSql.cached(ReviewRows.PUBLISH).query(tx, Map.of("id", draft),
        rs -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant()).get(0);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("review_id", draft);
    payload.put("user", r.user().username());
    payload.put("ship_it", r.shipIt());
    payload.put("comments", r.comments().size());
    payload.put("issues_opened", r.comments().stream().filter(c -> c.issue().isPresent()).count());
    r.replyToId().ifPresent(id -> payload.put("reply_to", id));
    events.record(tx, new Event(reply ? Event.Type.REPLY_PUBLISHED : Event.Type.REVIEW_PUBLISHED,
        request.id(), request.repositoryId(), payload, Optional.of(request.inviteOnly())));
    return new Review(r.id(), r.reviewRequestId(), r.user(), r.replyToId(), r.bodyTop(),
        r.bodyBottom(), r.shipIt(), true, Optional.of(at), r.comments());
  }

  /** A draft's row as the upsert left it, and whether the upsert made it. */
  private record DraftRow(long id, boolean created, String bodyTop, String bodyBottom,
      boolean shipIt) {}

  /** The draft, new or existing, with the text given written into it; its row is locked. */
  private static DraftRow draftRow(Handle tx, User author, long reviewRequestId,
      Optional<Long> replyTo, ReviewText text) {
    // Typed nulls, so that PostgreSQL plans the statement the same whichever values are absent.
    Map<String, Object> values = Map.of("rr", reviewRequestId, "user", author.id(),
        "reply", NamedSql.orNull(replyTo, Types.BIGINT),
        "top", NamedSql.orNull(text.bodyTop(), Types.VARCHAR),
        "bottom", NamedSql.orNull(text.bodyBottom(), Types.VARCHAR),
        "ship", NamedSql.orNull(text.shipIt(), Types.BOOLEAN));
    return NamedSql.cached(ReviewRows.DRAFT_UPSERT).query(tx, values,
        rs -> new DraftRow(rs.getLong("id"), rs.getBoolean("created"), rs.getString("body_top"),
            rs.getString("body_bottom"), rs.getBoolean("ship_it"))).get(0);
  }

  /**
   * Checks each comment's file and reply target, then inserts them all in one statement.
   *
   * @return the comments as stored, in order
   */
  private static List<Comment> insertComments(Handle tx, Viewer viewer, ReviewRequestHead request,
      long draft, Optional<Review> parent, List<NewComment> comments) {
    if (comments.isEmpty()) {
      return List.of();
    }
    int n = comments.size();
    String[] kinds = new String[n];
    Long[] files = new Long[n];
    Long[] inters = new Long[n];
    String[] sides = new String[n];
    Integer[] firsts = new Integer[n];
    Integer[] lines = new Integer[n];
    Long[] replies = new Long[n];
    String[] texts = new String[n];
    String[] issues = new String[n];
    checkPlaces(tx, viewer, request, comments);
    for (int i = 0; i < n; i++) {
      NewComment c = comments.get(i);
      Optional<Comment> answered = c.replyToId().map(id -> checkReplyTarget(tx, parent, id));
      Optional<Long> file = c.fileId().or(() -> answered.flatMap(Comment::fileId));
      kinds[i] = file.isPresent() ? "diff" : "general";
      files[i] = file.orElse(null);
      inters[i] = c.interFileId().or(() -> answered.flatMap(Comment::interFileId)).orElse(null);
      sides[i] = answered.map(Comment::side).orElse(c.side());
      firsts[i] = file.isPresent() ? answered.flatMap(Comment::firstLine).orElse(c.firstLine())
          : null;
      lines[i] = file.isPresent() ? answered.flatMap(Comment::numLines).orElse(c.numLines())
          : null;
      replies[i] = c.replyToId().orElse(null);
      texts[i] = c.text();
      issues[i] = c.openIssue() ? IssueStatus.OPEN.wireName() : null;
    }
    Map<String, Object> values = Map.of("review", draft, "kinds", kinds, "files", files,
        "inters", inters, "sides", sides, "firsts", firsts, "lines", lines, "replies", replies,
        "texts", texts, "issues", issues);
    // Ids are drawn in the order rows go in, which is the order given.
    return NamedSql.cached(ReviewRows.COMMENTS_INSERT).query(tx, values, ReviewRows::comment)
        .stream().sorted(java.util.Comparator.comparingLong(Comment::id)).toList();
  }

  /**
   * Checks that each comment's files exist and that it sits on lines its file's side has.
   *
   * @throws CommentOutOfRangeException listing every comment that does not
   */
  private static void checkPlaces(Handle tx, Viewer viewer, ReviewRequestHead request,
      List<NewComment> comments) {
    List<String> outOfRange = new ArrayList<>();
    for (int i = 0; i < comments.size(); i++) {
      NewComment c = comments.get(i);
      Optional<CommentLines> where = c.fileId().map(f -> checkFile(tx, viewer, request, f,
          "filediff"));
      c.interFileId().ifPresent(f -> checkFile(tx, viewer, request, f, "interfilediff"));
      String field = "comments[" + i + "]";
      // An interdiff comment's lines are those of the interdiff's rows, not of one file.
      where.filter(w -> c.interFileId().isEmpty()).flatMap(w -> w.problem(field, c))
          .ifPresent(outOfRange::add);
    }
    if (!outOfRange.isEmpty()) {
      throw new CommentOutOfRangeException(outOfRange);
    }
  }

  /**
   * The listed file of one of the review request's revisions that the viewer may see, and the
   * lines a comment on it may sit on.
   *
   * @throws InvalidInputException naming {@code field} when there is none
   */
  private static CommentLines checkFile(Handle tx, Viewer viewer, ReviewRequestHead request,
      long fileId, String field) {
    boolean owner = viewer.isOwnerOrAdmin(request.submitter().id());
    boolean repository = request.repositoryId().isPresent();
    // An upload is applied only with a repository, and an applied one always stores the base
    // commit it was applied to; any other revision's counts are the last lines its hunks show.
    return tx.createQuery("SELECT f.source_path, f.dest_path, f.is_binary, f.old_lines,"
            + " f.new_lines, s.base_commit_id IS NOT NULL AS has_base"
            + " FROM filediffs f JOIN diffsets s ON s.id = f.diffset_id"
            + " WHERE f.id = :file AND f.is_listed AND s.review_request_id = :rr"
            + " AND (s.is_published OR :owner)")
        .bind("file", fileId).bind("rr", request.id()).bind("owner", owner)
        .map((rs, ctx) -> new CommentLines(rs.getString("source_path"),
            rs.getString("dest_path"), rs.getBoolean("is_binary"),
            rs.getObject("old_lines", Integer.class), rs.getObject("new_lines", Integer.class),
            repository && rs.getBoolean("has_base")))
        .findOne().orElseThrow(() -> InvalidInputException.of(field, "review request "
            + request.id() + " has no file with id " + fileId + " in its diff revisions"));
  }

  private static Comment checkReplyTarget(Handle tx, Optional<Review> parent, long commentId) {
    return parent.flatMap(p -> p.comments().stream().filter(c -> c.id() == commentId)
        .findFirst()).orElseThrow(() -> InvalidInputException.of("reply_to", "comment "
            + commentId + " is not a comment of the review being answered"));
  }

  private static void checkComments(List<NewComment> comments, boolean reply) {
    List<FieldProblem> problems = new ArrayList<>();
    for (int i = 0; i < comments.size(); i++) {
      NewComment c = comments.get(i);
      problems.addAll(c.problems("comments[" + i + "]"));
      if (reply && (c.fileId().isPresent() || c.openIssue())) {
        problems.add(new FieldProblem("comments[" + i + "]", "a reply answers comments"
            + " (reply_to); it does not comment on lines or open issues"));
      }
      if (!reply && c.replyToId().isPresent()) {
        problems.add(new FieldProblem("comments[" + i + "].reply_to", "only replies answer"
            + " comments: post it to the review's replies"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  private static Optional<Review> draftOf(Handle h, User author, long reviewRequestId,
      Optional<Long> replyTo) {
    return ReviewRows.where(h, "v.review_request_id = :rr AND v.user_id = :user AND NOT"
            + " v.is_public AND coalesce(v.reply_to_id, 0) = :reply",
        Map.of("rr", reviewRequestId, "user", author.id(), "reply", replyTo.orElse(0L)))
        .stream().findFirst();
  }

  private static Review visibleReview(Handle h, Viewer viewer, long reviewRequestId,
      long reviewId) {
    return ReviewRows.one(h, reviewId, "v.review_request_id = :rr AND (v.is_public OR"
            + " v.user_id = :viewer)", Map.of("rr", reviewRequestId, "viewer", viewer.userId()))
        .orElseThrow(() -> new NotFoundException("Review request " + reviewRequestId
            + " has no review with id " + reviewId + "."));
  }

  private static Review publishedReview(Handle h, long reviewRequestId, long reviewId) {
    return ReviewRows.one(h, reviewId, "v.review_request_id = :rr AND v.is_public",
        Map.of("rr", reviewRequestId)).orElseThrow(() -> new NotFoundException("Review request "
            + reviewRequestId + " has no published review with id " + reviewId + "."));
  }

  private static Comment publishedComment(Handle h, long reviewRequestId, long commentId) {
    return ReviewRows.comment(h, commentId)
        .filter(c -> ReviewRows.one(h, c.reviewId(), "v.review_request_id = :rr AND v.is_public",
            Map.of("rr", reviewRequestId)).isPresent())
        .orElseThrow(() -> new NotFoundException("Review request " + reviewRequestId
            + " has no published comment with id " + commentId + "."));
  }
}
