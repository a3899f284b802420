package org.communal.web.internal.api;

import org.communal.core.CommunalCore;
import org.communal.core.NotFoundException;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code DELETE /api/repositories/{id}/default-reviewers/{rule}/} (admins). */
final class DeleteDefaultReviewer implements Endpoint {
  private final CommunalCore core;

  DeleteDefaultReviewer(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    long repo = call.idParam("id", "repository");
    long rule = call.idParam("rule", "default reviewer rule");
    if (!core.defaultReviewers().delete(repo, rule)) {
      throw new NotFoundException("Repository " + repo + " has no default reviewer rule "
          + rule + ".");
    }
    return Reply.noContent();
  }
}
