package org.communal.web.internal.api;

import java.util.Map;
import org.communal.core.DiffRevisions;
import org.communal.core.InvalidInputException;
import org.communal.core.Permission;
import org.communal.diff.RowOptions;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code GET /api/review-requests/{id}/diffs/{rev}/files/{file}/rows/}: side-by-side rows in
 * sections ({@code ?context=N}, {@code ?ignore-whitespace=true}); with {@code ?expand=FROM-TO}
 * (lines of the original file, as a collapsed section gives them), the rows of that run.
 */
final class GetFileRows implements Endpoint {
  private final DiffRevisions diffs;

  GetFileRows(DiffRevisions diffs) {
    this.diffs = diffs;
  }

  @Override
  public Reply handle(Call call) {
    call.require(Permission.READ);
    long id = call.idParam("id", "review request");
    int revision = DiffParams.revision(call, "rev");
    long file = call.idParam("file", "file");
    RowOptions options = DiffParams.rowOptions(call);
    var expand = call.query("expand");
    if (expand.isEmpty()) {
      return Reply.ok(DiffJson.view(diffs.rows(call.context(), call.viewer(), id, revision, file,
          options)));
    }
    int[] range = range(expand.get());
    return Reply.ok(Map.of("rows", DiffJson.rows(diffs.expand(call.context(), call.viewer(), id,
        revision, file, options, range[0], range[1]))));
  }

  private static int[] range(String text) {
    String[] parts = text.split("-", -1);
    try {
      int from = Integer.parseInt(parts[0]);
      int to = Integer.parseInt(parts[parts.length - 1]);
      if (parts.length == 2 && from >= 1 && to >= from) {
        return new int[] {from, to};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw InvalidInputException.of("expand", "must be FROM-TO, lines of the original file"
        + " with 1 <= FROM <= TO, was \"" + text + "\"");
  }
}
