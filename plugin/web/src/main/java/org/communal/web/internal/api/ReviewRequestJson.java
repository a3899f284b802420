package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.ReviewRequest;
import org.communal.web.internal.Call;

/** The JSON representation of a review request. */
final class ReviewRequestJson {
  private ReviewRequestJson() {}

  static String path(long id) {
    return "api/review-requests/" + id + "/";
  }

  static Map<String, Object> of(ReviewRequest r, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", r.id());
    json.put("summary", r.summary());
    json.put("description", r.description());
    json.put("testing_done", r.testingDone());
    json.put("branch", r.branch());
    json.put("bugs_closed", r.bugsClosed());
    json.put("status", r.status().wireName());
    json.put("public", r.published());
    json.put("repository", r.repositoryId().orElse(null));
    Map<String, Object> submitter = new LinkedHashMap<>();
    submitter.put("id", r.submitter().id());
    submitter.put("username", r.submitter().username());
    submitter.put("display_name", r.submitter().displayName());
    json.put("submitter", submitter);
    json.put("target_people", r.targetPeople());
    json.put("target_groups", r.targetGroups());
    json.put("depends_on", r.dependsOn());
    json.put("commit_id", r.commitId().orElse(null));
    json.put("close_description", r.closeDescription());
    json.put("requires_verification", r.requiresVerification());
    json.put("time_added", r.createdAt());
    json.put("last_updated", r.updatedAt());
    String self = path(r.id());
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(call.link(self)));
    links.put("draft", Links.get(call.link(self + "draft/")));
    links.put("diffs", Links.get(call.link(self + "diffs/")));
    links.put("changes", Links.get(call.link(self + "changes/")));
    links.put("reviews", Links.get(call.link(self + "reviews/")));
    links.put("standing", Links.get(call.link(self + "standing/")));
    json.put("links", links);
    return json;
  }
}
