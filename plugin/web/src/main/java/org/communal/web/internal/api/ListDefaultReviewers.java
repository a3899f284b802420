package org.communal.web.internal.api;

import java.util.List;
import java.util.Map;
import org.communal.core.CommunalCore;
import org.communal.core.DefaultReviewer;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /api/repositories/{id}/default-reviewers/}: the repository's rules. */
final class ListDefaultReviewers implements Endpoint {
  private final CommunalCore core;

  ListDefaultReviewers(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    long repo = call.idParam("id", "repository");
    core.repositories().get(repo);
    List<DefaultReviewer> rules = core.defaultReviewers().list(repo);
    return Reply.ok(Map.of("total_results", rules.size(), "default_reviewers",
        rules.stream().map(DefaultReviewerJson::of).toList()));
  }
}
