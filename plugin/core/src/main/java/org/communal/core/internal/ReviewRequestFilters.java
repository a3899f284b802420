package org.communal.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communal.core.ReviewRequestQuery;
import org.communal.core.Viewer;

/**
 * A {@link ReviewRequestQuery} as SQL conditions on {@code r} with their bound values. The
 * viewer's right to see a review request is always one of the conditions. Not API.
 */
public final class ReviewRequestFilters {
  /** The viewer is a target person, or a member of a target group. */
  private static final String TARGETED = "(EXISTS (SELECT 1 FROM review_request_target_people"
      + " tp WHERE tp.review_request_id = r.id AND tp.user_id = :viewer) OR EXISTS (SELECT 1"
      + " FROM review_request_target_groups tg JOIN group_members m ON m.group_id = tg.group_id"
      + " WHERE tg.review_request_id = r.id AND m.user_id = :viewer))";

  private static final String LAST_UPDATE = "(SELECT max(cd.created_at) FROM change_descriptions"
      + " cd WHERE cd.review_request_id = r.id)";

  private static final String OPEN_ISSUES = "EXISTS (SELECT 1 FROM comments c JOIN reviews v"
      + " ON v.id = c.review_id WHERE v.review_request_id = r.id AND v.is_public"
      + " AND c.issue_status = 'open')";

  private static final String SHIP_IT = "EXISTS (SELECT 1 FROM reviews v WHERE"
      + " v.review_request_id = r.id AND v.is_public AND v.ship_it AND v.reply_to_id IS NULL"
      + " AND v.user_id <> r.submitter_id)";

  /** It is the viewer's turn, as submitter or as reviewer. */
  private static final String NEEDS_ACTION = "((r.submitter_id = :viewer AND " + OPEN_ISSUES
      + " AND EXISTS (SELECT 1 FROM reviews v WHERE v.review_request_id = r.id AND v.is_public"
      + " AND v.user_id <> :viewer AND v.published_at > coalesce(" + LAST_UPDATE
      + ", '-infinity'))) OR (r.submitter_id <> :viewer AND " + TARGETED
      + " AND r.is_public AND r.status = 'pending' AND coalesce(" + LAST_UPDATE
      + ", '-infinity') > coalesce((SELECT max(v.published_at) FROM reviews v"
      + " WHERE v.review_request_id = r.id AND v.user_id = :viewer AND v.is_public),"
      + " '-infinity')))";

  private static final String TEXT = "(to_tsvector('english', r.summary || ' ' || r.description)"
      + " @@ websearch_to_tsquery('english', :text) OR EXISTS (SELECT 1 FROM comments c"
      + " JOIN reviews v ON v.id = c.review_id WHERE v.review_request_id = r.id AND v.is_public"
      + " AND to_tsvector('english', c.text) @@ websearch_to_tsquery('english', :text)))";

  private final List<String> conditions = new ArrayList<>();
  private final Map<String, Object> binds = new LinkedHashMap<>();

  private ReviewRequestFilters() {}

  /** The conditions of a query, for a viewer. */
  public static ReviewRequestFilters of(Viewer viewer, ReviewRequestQuery q) {
    ReviewRequestFilters f = new ReviewRequestFilters();
    f.binds.put("viewer", viewer.userId());
    f.binds.put("admin", viewer.admin());
    f.conditions.add(ReviewRequestRows.VISIBLE);
    q.view().ifPresent(v -> f.conditions.add(switch (v) {
      case "incoming" -> "r.submitter_id <> :viewer AND " + TARGETED;
      case "outgoing" -> "r.submitter_id = :viewer";
      default -> NEEDS_ACTION;
    }));
    q.status().ifPresent(s -> f.add("r.status = :status", "status", s.wireName()));
    q.repositoryId().ifPresent(id -> f.add("r.repository_id = :repo", "repo", id));
    q.submitter().ifPresent(u -> f.add("u.username = :submitter", "submitter", u));
    q.group().ifPresent(g -> f.add("EXISTS (SELECT 1 FROM review_request_target_groups tg2"
        + " JOIN groups g2 ON g2.id = tg2.group_id WHERE tg2.review_request_id = r.id"
        + " AND g2.name = :group)", "group", g));
    q.shipIt().ifPresent(b -> f.conditions.add((b ? "" : "NOT ") + SHIP_IT));
    q.openIssues().ifPresent(b -> f.conditions.add((b ? "" : "NOT ") + OPEN_ISSUES));
    q.text().ifPresent(t -> f.add(TEXT, "text", t));
    return f;
  }

  private void add(String condition, String name, Object value) {
    conditions.add(condition);
    binds.put(name, value);
  }

  /** The conditions joined with AND. */
  public String where() {
    return String.join(" AND ", conditions);
  }

  /** The values the conditions bind. */
  public Map<String, Object> binds() {
    return binds;
  }
}
