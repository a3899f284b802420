package org.communal.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communal.core.FieldProblem;
import org.communal.core.Viewer;
import org.jdbi.v3.core.Handle;

/** Resolves reviewers and dependencies named in a draft, reporting every unknown one. Not API. */
final class Targets {
  private Targets() {}

  static Long[] userIds(Handle h, List<String> usernames, List<FieldProblem> problems) {
    Map<String, Long> found = new HashMap<>();
    h.createQuery("SELECT id, username FROM users WHERE username = ANY(:names) AND is_active")
        .bind("names", usernames.toArray(String[]::new))
        .map((rs, ctx) -> found.put(rs.getString("username"), rs.getLong("id"))).list();
    return resolve("target_people", "no active user is named", usernames, found, problems);
  }

  /** Invite-only groups the viewer is not in are unknown to them, as if they did not exist. */
  static Long[] groupIds(Handle h, Viewer viewer, List<String> names,
      List<FieldProblem> problems) {
    Map<String, Long> found = new HashMap<>();
    h.createQuery("SELECT g.id, g.name FROM groups g WHERE g.name = ANY(:names) AND (NOT"
            + " g.is_invite_only OR :admin OR EXISTS (SELECT 1 FROM group_members m"
            + " WHERE m.group_id = g.id AND m.user_id = :viewer))")
        .bind("names", names.toArray(String[]::new)).bind("admin", viewer.admin())
        .bind("viewer", viewer.userId())
        .map((rs, ctx) -> found.put(rs.getString("name"), rs.getLong("id"))).list();
    return resolve("target_groups", "no group is named", names, found, problems);
  }

  static void checkDependencies(Handle h, Viewer viewer, long self, List<Long> ids,
      List<FieldProblem> problems) {
    List<Long> visible = h.createQuery("SELECT r.id FROM review_requests r WHERE r.id = ANY(:ids)"
            + " AND " + ReviewRequestRows.VISIBLE)
        .bind("ids", ids.toArray(Long[]::new)).bind("viewer", viewer.userId())
        .bind("admin", viewer.admin()).mapTo(Long.class).list();
    for (Long id : ids) {
      if (id == self) {
        problems.add(new FieldProblem("depends_on", "a review request cannot depend on itself"));
      } else if (!visible.contains(id)) {
        problems.add(new FieldProblem("depends_on", "no review request has id " + id));
      }
    }
  }

  private static Long[] resolve(String field, String reason, List<String> names,
      Map<String, Long> found, List<FieldProblem> problems) {
    List<Long> ids = new ArrayList<>();
    for (String name : names) {
      Long id = found.get(name);
      if (id == null) {
        problems.add(new FieldProblem(field, reason + " \"" + name + "\""));
      } else {
        ids.add(id);
      }
    }
    return ids.toArray(Long[]::new);
  }
}
