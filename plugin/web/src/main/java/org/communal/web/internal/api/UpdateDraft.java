package org.communal.web.internal.api;

import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.Draft;
import org.communal.core.Permission;
import org.communal.core.ReviewRequestDraft;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code PATCH /api/review-requests/{id}/draft/}: changes the given fields of the draft (made from
 * the published fields if there is none); fields not given keep their value.
 */
final class UpdateDraft implements Endpoint {
  private static final Set<String> FIELDS = Set.of("summary", "description", "testing_done",
      "branch", "bugs_closed", "target_people", "target_groups", "depends_on", "change_text");

  private final CommunalCore core;

  UpdateDraft(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    long id = call.idParam("id", "review request");
    JsonFields in = call.jsonObject(FIELDS);
    String summary = in.string("summary");
    String description = in.string("description");
    String testingDone = in.string("testing_done");
    String branch = in.string("branch");
    var bugs = in.strings("bugs_closed");
    var people = in.strings("target_people");
    var groups = in.strings("target_groups");
    var depends = in.wholes("depends_on");
    String changeText = in.string("change_text");
    in.check();
    Draft saved = core.reviewRequests().saveDraft(call.viewer(), id, b -> {
      ReviewRequestDraft.Builder d = b;
      d = summary == null ? d : d.summary(summary);
      d = description == null ? d : d.description(description);
      d = testingDone == null ? d : d.testingDone(testingDone);
      d = branch == null ? d : d.branch(branch);
      d = bugs == null ? d : d.bugsClosed(bugs);
      d = people == null ? d : d.targetPeople(people);
      d = groups == null ? d : d.targetGroups(groups);
      d = depends == null ? d : d.dependsOn(depends);
      return changeText == null ? d : d.changeText(changeText);
    });
    return Reply.ok(DraftJson.of(saved, call));
  }
}
