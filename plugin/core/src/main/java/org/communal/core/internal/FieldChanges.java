package org.communal.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.communal.core.Draft;
import org.communal.core.ReviewRequest;
import org.communal.core.ReviewRequestDraft;

/** What a publish changes: the draft's fields against the published ones. Not API. */
final class FieldChanges {
  private FieldChanges() {}

  /** Per changed field, {@code old}/{@code new} (texts) or {@code added}/{@code removed} (lists). */
  static Map<String, Object> between(ReviewRequest published, Draft draft) {
    ReviewRequestDraft d = draft.fields();
    boolean first = !published.published();
    Map<String, Object> changed = new LinkedHashMap<>();
    text(changed, first, "summary", published.summary(), d.summary());
    text(changed, first, "description", published.description(), d.description());
    text(changed, first, "testing_done", published.testingDone(), d.testingDone());
    text(changed, first, "branch", published.branch(), d.branch());
    list(changed, first, "bugs_closed", published.bugsClosed(), d.bugsClosed());
    list(changed, first, "target_people", published.targetPeople(), d.targetPeople());
    list(changed, first, "target_groups", published.targetGroups(), d.targetGroups());
    list(changed, first, "depends_on", published.dependsOn(), d.dependsOn());
    draft.diffRevision().ifPresent(r -> changed.put("diff", Map.of("revision", r)));
    return changed;
  }

  private static void text(Map<String, Object> changed, boolean first, String field, String old,
      String now) {
    if (first ? !now.isEmpty() : !Objects.equals(old, now)) {
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("old", first ? "" : old);
      change.put("new", now);
      changed.put(field, change);
    }
  }

  private static <T> void list(Map<String, Object> changed, boolean first, String field,
      List<T> old, List<T> now) {
    List<T> before = first ? List.of() : old;
    List<T> added = new ArrayList<>(now);
    added.removeAll(before);
    List<T> removed = new ArrayList<>(before);
    removed.removeAll(now);
    if (!added.isEmpty() || !removed.isEmpty()) {
      changed.put(field, Map.of("added", added, "removed", removed));
    }
  }
}
