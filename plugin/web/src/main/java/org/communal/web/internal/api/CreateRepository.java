package org.communal.web.internal.api;

import java.util.Optional;
import java.util.Set;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.Repository;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.JsonFields;
import org.communal.web.internal.Reply;

/** {@code POST /api/repositories/} (admins): adds a repository; its mirror is fetched on demand. */
final class CreateRepository implements Endpoint {
  private final CommunalCore core;

  CreateRepository(CommunalCore core) {
    this.core = core;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    JsonFields in = call.jsonObject(Set.of("name", "clone_url", "default_branch"));
    String name = in.string("name");
    String url = in.string("clone_url");
    String branch = in.string("default_branch");
    in.check();
    Repository created = core.repositories().create(name, url, branch);
    core.auditLog().record(Optional.of(call.user()), "repository-created",
        "repository:" + created.id(), created.name(), call.remoteAddr());
    return Reply.created(call.link(RepositoryJson.path(created.id())),
        RepositoryJson.of(created, call));
  }
}
