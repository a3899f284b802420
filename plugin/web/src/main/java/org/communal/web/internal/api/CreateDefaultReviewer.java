package org.communal.web.internal.api;

import java.util.List;
import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.DefaultReviewer;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/** {@code POST /api/repositories/{id}/default-reviewers/} (admins): {@code name},
 * {@code file_regex}, {@code people}, {@code groups}. */
final class CreateDefaultReviewer implements Endpoint {
  private final CommunalCore core;

  CreateDefaultReviewer(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    long repo = call.idParam("id", "repository");
    JsonFields in = call.jsonObject(Set.of("name", "file_regex", "people", "groups"));
    String name = in.string("name");
    String regex = in.string("file_regex");
    List<String> people = in.strings("people");
    List<String> groups = in.strings("groups");
    in.check();
    DefaultReviewer d = core.defaultReviewers().create(repo, name, regex, people, groups);
    return Reply.created(call.link(RepositoryJson.path(repo) + "default-reviewers/" + d.id()
        + "/"), DefaultReviewerJson.of(d));
  }
}
