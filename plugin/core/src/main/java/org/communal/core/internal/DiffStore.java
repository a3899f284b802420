package org.communal.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.communal.core.DiffRevision;
import org.communal.core.FileChange;
import org.communal.core.NotFoundException;
import org.communal.core.ReviewRequest;
import org.communal.core.RevisionFile;
import org.communal.core.Viewer;
import org.communal.diff.FileDiff;
import org.communal.diff.ParsedDiff;
import org.communal.diff.PatchMail;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** Diff revisions and their files in the database. Runs in the caller's handle. Not API. */
public final class DiffStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String REVISION = "SELECT s.id AS diffset_id, s.review_request_id,"
      + " s.revision,"
      + " s.base_commit_id, s.is_published, s.raw_size, s.commits::text AS commits, s.created_at,"
      + " (SELECT count(*) FROM filediffs f WHERE f.diffset_id = s.id AND f.is_listed)"
      + "   AS file_count,"
      + " (SELECT count(*) FROM filediffs f WHERE f.diffset_id = s.id) AS entry_count,"
      + " (SELECT coalesce(sum(f.lines_added), 0) FROM filediffs f WHERE f.diffset_id = s.id"
      + "   AND f.is_listed) AS lines_added,"
      + " (SELECT coalesce(sum(f.lines_deleted), 0) FROM filediffs f WHERE f.diffset_id = s.id"
      + "   AND f.is_listed) AS lines_removed"
      + " FROM diffsets s";

  private static final String FILE = "SELECT f.id, f.position, f.status, f.source_path,"
      + " f.dest_path, f.old_mode, f.new_mode, f.source_revision, f.dest_revision, f.is_binary,"
      + " f.lines_added, f.lines_deleted FROM filediffs f";

  /**
   * A stored revision and its files, without their patches (which can be large).
   *
   * @param diffsetId the row's id: a revision replaced in a draft gets a new one, so it names
   *     one immutable upload
   * @param files the listed files
   * @param entries how many entries the upload has: more than files when a series changes a
   *     file in several commits
   */
  public record Stored(DiffRevision revision, long diffsetId, List<RevisionFile> files,
      int entries) {}

  /** The patch bytes of a stored revision's files, in upload order. */
  public record Patches(List<byte[]> patches, List<byte[]> parentPatches) {
    /** The revision's diff, as one upload again. */
    public byte[] diff() {
      return concat(patches);
    }

    /** The parent diff, if the upload had one. */
    public Optional<byte[]> parentDiff() {
      List<byte[]> present = parentPatches.stream().filter(p -> p != null).toList();
      return present.isEmpty() ? Optional.empty() : Optional.of(concat(present));
    }
  }

  private DiffStore() {}

  /** Which revisions the viewer sees: published ones, and the draft's to the submitter. */
  private static String visible(ReviewRequest r, Viewer viewer) {
    return viewer.isOwnerOrAdmin(r.submitter().id()) ? "true" : "s.is_published";
  }

  public static List<DiffRevision> list(Handle h, Viewer viewer, ReviewRequest r) {
    return h.createQuery(REVISION + " WHERE s.review_request_id = :id AND " + visible(r, viewer)
            + " ORDER BY s.revision")
        .bind("id", r.id()).map(DiffStore::revision).list();
  }

  /**
   * A revision the viewer may see, with its files.
   *
   * @throws NotFoundException if there is none
   */
  public static Stored load(Handle h, Viewer viewer, ReviewRequest r, int revision) {
    long[] diffset = new long[2];
    DiffRevision rev = h.createQuery(REVISION + " WHERE s.review_request_id = :id"
            + " AND s.revision = :revision AND " + visible(r, viewer))
        .bind("id", r.id()).bind("revision", revision)
        .map((rs, ctx) -> {
          diffset[0] = rs.getLong("diffset_id");
          diffset[1] = rs.getInt("entry_count");
          return revision(rs, ctx);
        }).findOne()
        .orElseThrow(() -> new NotFoundException("Review request " + r.id()
            + " has no diff revision " + revision + "."));
    List<RevisionFile> files = h.createQuery(FILE + " WHERE f.diffset_id = :diffset"
            + " AND f.is_listed ORDER BY f.position")
        .bind("diffset", diffset[0]).map(DiffStore::file).list();
    return new Stored(rev, diffset[0], files, (int) diffset[1]);
  }

  /** The patches of every file of a stored revision. */
  public static Patches patches(Handle h, long diffsetId) {
    List<byte[]> patches = new ArrayList<>();
    List<byte[]> parents = new ArrayList<>();
    h.createQuery("SELECT patch, parent_patch FROM filediffs WHERE diffset_id = :diffset"
            + " ORDER BY position")
        .bind("diffset", diffsetId)
        .map((rs, ctx) -> {
          patches.add(rs.getBytes("patch"));
          return parents.add(rs.getBytes("parent_patch"));
        }).list();
    return new Patches(patches, parents);
  }

  /** The patch of one file of a stored revision. */
  public static byte[] patch(Handle h, long fileId) {
    return h.createQuery("SELECT patch FROM filediffs WHERE id = :id").bind("id", fileId)
        .mapTo(byte[].class).one();
  }

  /**
   * Stores a new revision: it replaces the draft's unpublished one, if any, and takes the next
   * number.
   *
   * @param files the upload's entries as {@link FileListing} lists them
   */
  public static int insert(Handle h, long reviewRequestId, ParsedDiff diff,
      List<FileListing.Entry> files, Optional<ParsedDiff> parent, Optional<String> baseCommitId,
      long rawSize) {
    h.createUpdate("DELETE FROM diffsets WHERE review_request_id = :id AND NOT is_published")
        .bind("id", reviewRequestId).execute();
    int revision = h.createQuery("SELECT coalesce(max(revision), 0) + 1 FROM diffsets"
        + " WHERE review_request_id = :id").bind("id", reviewRequestId).mapTo(Integer.class).one();
    long diffset = h.createUpdate("INSERT INTO diffsets (review_request_id, revision,"
            + " base_commit_id, is_published, raw_size, commits) VALUES (:id, :revision, :base,"
            + " false, :size, CAST(:commits AS jsonb))")
        .bind("id", reviewRequestId).bind("revision", revision)
        .bind("base", baseCommitId.orElse(null)).bind("size", rawSize)
        .bind("commits", commitsJson(diff.mails()))
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    insertFiles(h, diffset, files, parent);
    return revision;
  }

  /**
   * One row per entry, in upload order, each with its patch. A listed file's row holds what the
   * whole series does to it; a later entry of the same file keeps its own values, unlisted.
   */
  private static void insertFiles(Handle h, long diffset, List<FileListing.Entry> files,
      Optional<ParsedDiff> parent) {
    PreparedBatch batch = h.prepareBatch("INSERT INTO filediffs (diffset_id, position,"
        + " source_path, dest_path, source_revision, dest_revision, status, is_binary, old_mode,"
        + " new_mode, lines_added, lines_deleted, patch, parent_patch, is_listed, old_lines,"
        + " new_lines) VALUES (:diffset, :position, :old, :new, :oldBlob, :newBlob, :status,"
        + " :binary, :oldMode, :newMode, :added, :removed, :patch, :parent, :listed, :oldLines,"
        + " :newLines)");
    List<FileDiff> parentFiles = new ArrayList<>(parent.map(ParsedDiff::files).orElse(List.of()));
    for (int i = 0; i < files.size(); i++) {
      FileListing.Entry e = files.get(i);
      FileChange c = e.listed().orElseGet(() -> own(e.diff()));
      batch.bind("diffset", diffset).bind("position", i).bind("old", c.oldPath().orElse(null))
          .bind("new", c.newPath().orElse(null)).bind("oldBlob", c.oldBlob().orElse(null))
          .bind("newBlob", c.newBlob().orElse(null)).bind("status", c.status())
          .bind("binary", c.binary()).bind("oldMode", c.oldMode().orElse(null))
          .bind("newMode", c.newMode().orElse(null)).bind("added", c.linesAdded().orElse(0))
          .bind("removed", c.linesRemoved().orElse(0)).bind("patch", e.diff().patch())
          .bind("parent", takeParent(parentFiles, e.diff()))
          .bind("listed", e.listed().isPresent())
          .bind("oldLines", e.oldLines()).bind("newLines", e.newLines()).add();
    }
    batch.execute();
  }

  /** An entry's own values, for a row that continues a file listed before it. */
  private static FileChange own(FileDiff f) {
    return new FileChange(0, f.status().name().toLowerCase(Locale.ROOT),
        Optional.ofNullable(f.oldPath()), Optional.ofNullable(f.newPath()),
        Optional.ofNullable(f.oldMode()), Optional.ofNullable(f.newMode()),
        Optional.ofNullable(f.oldId()), Optional.ofNullable(f.newId()), f.binary(),
        f.binary() ? OptionalInt.empty() : OptionalInt.of(f.linesAdded()),
        f.binary() ? OptionalInt.empty() : OptionalInt.of(f.linesRemoved()));
  }

  /** The parent diff's entry that made this file's old side, stored beside it. */
  private static byte[] takeParent(List<FileDiff> parentFiles, FileDiff f) {
    if (f.oldPath() == null) {
      return null;
    }
    for (int i = 0; i < parentFiles.size(); i++) {
      if (f.oldPath().equals(parentFiles.get(i).newPath())) {
        return parentFiles.remove(i).patch();
      }
    }
    return null;
  }

  private static String commitsJson(List<PatchMail> mails) {
    List<Map<String, String>> commits = new ArrayList<>();
    for (PatchMail m : mails) {
      Map<String, String> c = new LinkedHashMap<>();
      c.put("commit_id", m.commitId());
      c.put("author", m.author());
      c.put("date", m.date());
      c.put("subject", m.subject());
      c.put("body", m.body());
      commits.add(c);
    }
    try {
      return JSON.writeValueAsString(commits);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("commits not serializable", e);
    }
  }

  private static DiffRevision revision(ResultSet rs, StatementContext ctx) throws SQLException {
    try {
      List<Map<String, String>> commits = JSON.readValue(rs.getString("commits"),
          new TypeReference<List<Map<String, String>>>() {});
      return new DiffRevision(rs.getLong("review_request_id"), rs.getInt("revision"),
          Optional.ofNullable(rs.getString("base_commit_id")), rs.getBoolean("is_published"),
          rs.getInt("file_count"), rs.getInt("lines_added"), rs.getInt("lines_removed"),
          rs.getLong("raw_size"), commits, Jdbis.instant(rs, "created_at"));
    } catch (JsonProcessingException e) {
      throw new SQLException("diff revision holds bad commits JSON", e);
    }
  }

  private static RevisionFile file(ResultSet rs, StatementContext ctx) throws SQLException {
    boolean binary = rs.getBoolean("is_binary");
    return new RevisionFile(rs.getLong("id"), new FileChange(rs.getInt("position"),
        rs.getString("status"), Optional.ofNullable(rs.getString("source_path")),
        Optional.ofNullable(rs.getString("dest_path")),
        Optional.ofNullable(rs.getString("old_mode")),
        Optional.ofNullable(rs.getString("new_mode")),
        Optional.ofNullable(rs.getString("source_revision")),
        Optional.ofNullable(rs.getString("dest_revision")), binary,
        binary ? OptionalInt.empty() : OptionalInt.of(rs.getInt("lines_added")),
        binary ? OptionalInt.empty() : OptionalInt.of(rs.getInt("lines_deleted"))));
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
