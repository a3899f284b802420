package org.communal.web.internal.api;

import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.ReviewRequest;
import org.communal.core.ReviewRequestDraft;
import org.communal.core.User;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/**
 * {@code POST /api/review-requests/}: creates an unpublished review request whose draft holds the
 * given fields; publish the draft to show it to others.
 */
final class CreateReviewRequest implements Endpoint {
  private static final Set<String> FIELDS =
      Set.of("summary", "description", "testing_done", "branch", "bugs_closed", "repository",
          "target_people", "target_groups", "depends_on");

  private final CommunalCore core;

  CreateReviewRequest(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.WRITE);
    User submitter = call.user();
    JsonFields in = call.jsonObject(FIELDS);
    ReviewRequestDraft.Builder draft = ReviewRequestDraft.builder()
        .summary(in.string("summary"))
        .description(in.string("description"))
        .testingDone(in.string("testing_done"))
        .branch(in.string("branch"))
        .bugsClosed(in.strings("bugs_closed"))
        .repositoryId(in.whole("repository"))
        .targetPeople(in.strings("target_people"))
        .targetGroups(in.strings("target_groups"))
        .dependsOn(in.wholes("depends_on"));
    in.check();
    ReviewRequest created = core.reviewRequests().create(submitter, draft.build());
    return Reply.created(call.link(ReviewRequestJson.path(created.id())),
        ReviewRequestJson.of(created, call));
  }
}
