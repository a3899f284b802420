package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.Draft;
import org.communal.core.ReviewRequestDraft;
import org.communal.web.internal.Call;

/** The JSON representation of a review request's draft. */
final class DraftJson {
  private DraftJson() {}

  static String path(long reviewRequestId) {
    return ReviewRequestJson.path(reviewRequestId) + "draft/";
  }

  static Map<String, Object> of(Draft d, Call call) {
    ReviewRequestDraft f = d.fields();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("summary", f.summary());
    json.put("description", f.description());
    json.put("testing_done", f.testingDone());
    json.put("branch", f.branch());
    json.put("bugs_closed", f.bugsClosed());
    json.put("target_people", f.targetPeople());
    json.put("target_groups", f.targetGroups());
    json.put("depends_on", f.dependsOn());
    json.put("change_text", f.changeText());
    json.put("diff_revision", d.diffRevision().orElse(null));
    json.put("last_updated", d.updatedAt());
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(call.link(path(d.reviewRequestId()))));
    links.put("publish", Links.post(call.link(path(d.reviewRequestId()) + "publish/")));
    links.put("review_request", Links.get(call.link(ReviewRequestJson.path(d.reviewRequestId()))));
    json.put("links", links);
    return json;
  }
}
