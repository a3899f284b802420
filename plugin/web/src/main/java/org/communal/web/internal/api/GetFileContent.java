package org.communal.web.internal.api;

import org.communal.core.DiffRevisions;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code GET .../files/{file}/original/} and {@code .../patched/}: the whole file before or after
 * the change, as bytes.
 */
final class GetFileContent implements Endpoint {
  private final DiffRevisions diffs;
  private final boolean patched;

  GetFileContent(DiffRevisions diffs, boolean patched) {
    this.diffs = diffs;
    this.patched = patched;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    byte[] content = diffs.content(call.context(), call.viewer(), call.idParam("id",
        "review request"), DiffParams.revision(call, "rev"), call.idParam("file", "file"),
        patched);
    return Reply.ok(new Reply.Raw("application/octet-stream", content));
  }
}
