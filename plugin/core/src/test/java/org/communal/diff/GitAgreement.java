package org.communal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed and applied diff against what git itself says about the same two commits:
 * {@code --raw --numstat} for statuses, paths, modes and counts, the commit's tree for the
 * patched bytes.
 */
final class GitAgreement {
  /** What git says about one file: its {@code --raw} entry and its {@code --numstat} counts. */
  record GitEntry(String oldMode, String newMode, char status, String path, String newPath,
      String added, String removed) {}

  private GitAgreement() {}

  /**
   * Diffs {@code base..head} with {@code options}, parses, applies to {@code base}'s tree, and
   * asserts agreement with git; returns the applied diff for further checks.
   */
  static AppliedDiff check(GitRepo repo, String base, String head, String... options) {
    return check(repo, repo.gitBytes(args("diff", options, base, head)), base, head, options);
  }

  /** As {@link #check(GitRepo, String, String, String...)}, with git's diff already taken. */
  static AppliedDiff check(GitRepo repo, byte[] raw, String base, String head,
      String... options) {
    ParsedDiff parsed = Diffs.parse(raw);
    assertMetadata(repo, parsed, base, head, options);
    AppliedDiff applied = Diffs.apply(parsed, repo.sourceAt(base));
    assertContents(applied, repo.tree(base), repo.tree(head));
    assertThat(concat(parsed)).as("the entries' bytes, end to end, are the upload").isEqualTo(raw);
    return applied;
  }

  static void assertMetadata(GitRepo repo, ParsedDiff parsed, String base, String head,
      String... options) {
    List<GitEntry> entries = entries(repo.gitBytes(args("diff", with(options, "--raw",
        "--numstat", "-z"), base, head)));
    assertThat(parsed.files()).hasSize(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      FileDiff f = parsed.files().get(i);
      GitEntry g = entries.get(i);
      assertThat(letter(f.status())).as("status of %s", f).isEqualTo(g.status());
      assertPaths(f, g);
      assertModes(f, g);
      // A pure rename or mode change carries no content, so nothing in it says "binary".
      boolean contentless = f.hunks().isEmpty() && !f.binary();
      if (!contentless) {
        assertThat(f.binary()).as("binary %s", f).isEqualTo(g.added().equals("-"));
      }
      if (!f.binary() && !g.added().equals("-")) {
        assertThat(f.linesAdded()).as("added in %s", f).isEqualTo(Integer.parseInt(g.added()));
        assertThat(f.linesRemoved()).as("removed in %s", f)
            .isEqualTo(Integer.parseInt(g.removed()));
      }
    }
  }

  private static void assertPaths(FileDiff f, GitEntry g) {
    switch (g.status()) {
      case 'A' -> assertThat(f.newPath()).isEqualTo(g.path());
      case 'D' -> assertThat(f.oldPath()).isEqualTo(g.path());
      case 'M', 'T' -> {
        assertThat(f.oldPath()).isEqualTo(g.path());
        assertThat(f.newPath()).isEqualTo(g.path());
      }
      default -> {
        assertThat(f.oldPath()).isEqualTo(g.path());
        assertThat(f.newPath()).isEqualTo(g.newPath());
      }
    }
  }

  /** Modes agree where the diff states them; a pure rename states none. */
  private static void assertModes(FileDiff f, GitEntry g) {
    if (f.oldMode() != null || f.status() == FileStatus.ADDED) {
      assertThat(f.oldMode()).as("old mode of %s", f).isEqualTo(nullIfZero(g.oldMode()));
    }
    if (f.newMode() != null || f.status() == FileStatus.DELETED) {
      assertThat(f.newMode()).as("new mode of %s", f).isEqualTo(nullIfZero(g.newMode()));
    }
  }

  private static String nullIfZero(String mode) {
    return mode.equals("000000") ? null : mode;
  }

  /** Every file of {@code head} that differs from {@code base} is applied to exactly its bytes. */
  static void assertContents(AppliedDiff applied, Map<String, byte[]> base,
      Map<String, byte[]> head) {
    Map<String, byte[]> result = new LinkedHashMap<>(base);
    for (AppliedFile f : applied.files()) {
      if (f.oldPath() != null && f.status() != FileStatus.COPIED) {
        result.remove(f.oldPath());
      }
      if (f.newPath() != null) {
        assertThat(f.contentKnown()).as("contents of %s known", f).isTrue();
        result.put(f.newPath(), f.patched().orElseThrow());
      }
    }
    assertThat(result.keySet()).containsExactlyInAnyOrderElementsOf(head.keySet());
    head.forEach((path, bytes) ->
        assertThat(result.get(path)).as("bytes of %s", path).isEqualTo(bytes));
  }

  static byte[] concat(ParsedDiff parsed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parsed.files().forEach(f -> out.writeBytes(f.patch()));
    return out.toByteArray();
  }

  static char letter(FileStatus status) {
    return switch (status) {
      case ADDED -> 'A';
      case DELETED -> 'D';
      case MODIFIED -> 'M';
      case RENAMED -> 'R';
      case COPIED -> 'C';
    };
  }

  /**
   * Reads {@code --raw --numstat -z}: first every raw entry (":old new oldId newId S\0path\0",
   * two paths for R and C), then every count ("added\tremoved\tpath\0", or for a rename
   * "added\tremoved\t\0old\0new\0").
   */
  private static List<GitEntry> entries(byte[] z) {
    List<byte[]> parts = split(z);
    List<String[]> raw = new ArrayList<>();
    int i = 0;
    while (i < parts.size() && ascii(parts.get(i)).startsWith(":")) {
      String[] fields = ascii(parts.get(i)).substring(1).split(" ");
      boolean two = fields[4].startsWith("R") || fields[4].startsWith("C");
      raw.add(new String[] {fields[0], fields[1], fields[4], GitPath.of(parts.get(i + 1)),
          two ? GitPath.of(parts.get(i + 2)) : null});
      i += two ? 3 : 2;
    }
    List<GitEntry> out = new ArrayList<>();
    for (String[] r : raw) {
      String[] c = ascii(parts.get(i)).split("\t", -1);
      i += c[2].isEmpty() ? 3 : 1;
      out.add(new GitEntry(r[0], r[1], r[2].charAt(0), r[3], r[4], c[0], c[1]));
    }
    return out;
  }

  private static List<byte[]> split(byte[] z) {
    List<byte[]> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < z.length; i++) {
      if (z[i] == 0) {
        parts.add(java.util.Arrays.copyOfRange(z, start, i));
        start = i + 1;
      }
    }
    return parts;
  }

  private static String ascii(byte[] part) {
    return new String(part, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static String[] args(String command, String[] options, String... rest) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of(options));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  /** The options with {@code more} added and {@code --binary} (which implies a patch) removed. */
  private static String[] with(String[] options, String... more) {
    List<String> all = new ArrayList<>(List.of(options));
    all.remove("--binary");
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
