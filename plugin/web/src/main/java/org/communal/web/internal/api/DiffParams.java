package org.communal.web.internal.api;

import java.util.Map;
import java.util.Optional;
import org.communal.core.DiffUpload;
import org.communal.core.InvalidInputException;
import org.communal.diff.RowOptions;
import org.communal.web.ApiException;
import org.communal.web.internal.Call;
import org.communal.web.internal.Multipart;

/** What the diff endpoints read from a call: revisions, files, row options, uploads. */
final class DiffParams {
  /** The largest upload (a diff and its parent diff together), in bytes. */
  static final long MAX_UPLOAD = 24L << 20;

  private DiffParams() {}

  static int revision(Call call, String name) {
    long rev = call.idParam(name, "diff revision");
    if (rev < 1 || rev > Integer.MAX_VALUE) {
      throw new ApiException(404, "not-found", "No diff revision is numbered " + rev + ".");
    }
    return (int) rev;
  }

  /** {@code ?context=N} (lines around changes, default 3) and {@code ?ignore-whitespace=true}. */
  static RowOptions rowOptions(Call call) {
    int context = call.intQuery("context", RowOptions.DEFAULTS.context());
    if (context < 0 || context > 10_000) {
      throw InvalidInputException.of("context", "must be 0 to 10000 lines, was " + context);
    }
    boolean ignore = call.query("ignore-whitespace").map(v -> v.equals("true") || v.equals("1"))
        .orElse(false);
    return RowOptions.DEFAULTS.withContext(context).withIgnoreWhitespace(ignore);
  }

  /**
   * The upload: either the diff as the raw body ({@code text/x-patch}, {@code text/plain} or
   * {@code application/octet-stream}, base commit in {@code ?base_commit_id=}), or
   * {@code multipart/form-data} with parts {@code path} (the diff), {@code parent_diff_path} and
   * {@code base_commit_id}, as Review Board's clients send them.
   */
  static DiffUpload upload(Call call) {
    String type = call.mediaType();
    byte[] body = call.body(MAX_UPLOAD, "The diff upload");
    if (type.equals("multipart/form-data")) {
      Map<String, byte[]> parts = Multipart.parse(call.request().getContentType(), body);
      byte[] diff = parts.get("path");
      if (diff == null) {
        throw InvalidInputException.of("path", "is required: the part that holds the diff");
      }
      return new DiffUpload(diff, Optional.ofNullable(parts.get("parent_diff_path")),
          Optional.ofNullable(parts.get("base_commit_id")).map(b -> new String(b,
              java.nio.charset.StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty()));
    }
    if (type.equals("text/x-patch") || type.equals("text/x-diff") || type.equals("text/plain")
        || type.equals("application/octet-stream")) {
      return new DiffUpload(body, Optional.empty(), call.query("base_commit_id"));
    }
    throw new ApiException(415, "unsupported-media-type", "Send the diff as text/x-patch (curl"
        + " --data-binary @my.diff -H 'Content-Type: text/x-patch') or as multipart/form-data"
        + " with the diff in the part \"path\" (curl -F path=@my.diff); the request said \""
        + type + "\".");
  }
}
