package org.communal.web.internal.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communal.core.DiffRevision;
import org.communal.core.FileChange;
import org.communal.core.RevisionFile;
import org.communal.diff.Interdiff;
import org.communal.diff.InterdiffFile;
import org.communal.diff.Row;
import org.communal.diff.Section;
import org.communal.diff.SideBySide;
import org.communal.web.internal.Call;

/** JSON for diff revisions, their files, side-by-side rows and interdiffs. */
final class DiffJson {
  private DiffJson() {}

  static String path(long reviewRequestId, int revision) {
    return ReviewRequestJson.path(reviewRequestId) + "diffs/" + revision + "/";
  }

  static Map<String, Object> revision(DiffRevision d, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("revision", d.revision());
    json.put("base_commit_id", d.baseCommitId().orElse(null));
    json.put("public", d.published());
    json.put("file_count", d.fileCount());
    json.put("lines_added", d.linesAdded());
    json.put("lines_removed", d.linesRemoved());
    json.put("size", d.rawSize());
    json.put("commits", d.commits());
    json.put("timestamp", d.createdAt());
    String self = path(d.reviewRequestId(), d.revision());
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(call.link(self)));
    links.put("files", Links.get(call.link(self + "files/")));
    links.put("patch", Links.get(call.link(self + "patch/")));
    json.put("links", links);
    return json;
  }

  static Map<String, Object> change(FileChange c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("position", c.position());
    json.put("status", c.status());
    json.put("old_path", c.oldPath().orElse(null));
    json.put("new_path", c.newPath().orElse(null));
    json.put("old_mode", c.oldMode().orElse(null));
    json.put("new_mode", c.newMode().orElse(null));
    json.put("old_blob", c.oldBlob().orElse(null));
    json.put("new_blob", c.newBlob().orElse(null));
    json.put("binary", c.binary());
    // Null for a binary file: counting lines does not apply to it.
    json.put("lines_added", c.linesAdded().isPresent() ? c.linesAdded().getAsInt() : null);
    json.put("lines_removed", c.linesRemoved().isPresent() ? c.linesRemoved().getAsInt() : null);
    return json;
  }

  static Map<String, Object> file(long reviewRequestId, int revision, RevisionFile f, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", f.id());
    json.putAll(change(f.change()));
    String self = path(reviewRequestId, revision) + "files/" + f.id() + "/";
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(call.link(self)));
    links.put("rows", Links.get(call.link(self + "rows/")));
    links.put("original", Links.get(call.link(self + "original/")));
    links.put("patched", Links.get(call.link(self + "patched/")));
    json.put("links", links);
    return json;
  }

  /** A file's rows in sections: chunks to show and collapsed runs a client may expand. */
  static Map<String, Object> view(SideBySide view) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("old_encoding", view.oldEncoding().toString().toLowerCase(java.util.Locale.ROOT));
    json.put("new_encoding", view.newEncoding().toString().toLowerCase(java.util.Locale.ROOT));
    List<Object> sections = new ArrayList<>();
    for (Section s : view.sections()) {
      sections.add(section(s));
    }
    json.put("sections", sections);
    return json;
  }

  static List<Object> rows(List<Row> rows) {
    return rows.stream().<Object>map(DiffJson::row).toList();
  }

  static Map<String, Object> interdiff(Interdiff interdiff) {
    List<Object> files = new ArrayList<>();
    for (InterdiffFile f : interdiff.files()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("old_path", f.oldPath());
      json.put("new_path", f.newPath());
      json.put("method", f.method().toString().toLowerCase(java.util.Locale.ROOT)
          .replace('_', '-'));
      json.put("binary", f.binary());
      json.put("view", f.view() == null ? null : view(f.view()));
      files.add(json);
    }
    return Map.of("files", files);
  }

  private static Map<String, Object> section(Section s) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (s instanceof Section.Chunk chunk) {
      json.put("type", "chunk");
      json.put("rows", rows(chunk.rows()));
    } else if (s instanceof Section.Collapsed c) {
      json.put("type", "collapsed");
      json.put("old_from", c.oldFrom());
      json.put("old_to", c.oldTo());
      json.put("new_from", c.newFrom());
      json.put("new_to", c.newTo());
      json.put("expandable", c.expandable());
    }
    return json;
  }

  private static Map<String, Object> row(Row r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", r.kind().toString().toLowerCase(java.util.Locale.ROOT));
    json.put("old_line", r.oldLine());
    json.put("new_line", r.newLine());
    json.put("old_text", r.oldText());
    json.put("new_text", r.newText());
    if (!r.oldChanges().isEmpty() || !r.newChanges().isEmpty()) {
      json.put("old_changes", r.oldChanges().stream().map(x -> List.of(x.start(), x.end()))
          .toList());
      json.put("new_changes", r.newChanges().stream().map(x -> List.of(x.start(), x.end()))
          .toList());
    }
    if (r.upstream()) {
      json.put("upstream", true);
    }
    return json;
  }
}
