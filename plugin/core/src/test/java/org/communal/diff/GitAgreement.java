package org.communal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed and applied diff against what git itself says about the same two commits:
 * {@code --name-status} and {@code --numstat} for the metadata, the commit's tree for the
 * patched bytes.
 */
final class GitAgreement {
  /** One line of {@code --name-status -z}: status letter, old path, new path (or null). */
  record NameStatus(char status, String path, String newPath) {}

  private GitAgreement() {}

  /**
   * Diffs {@code base..head} with {@code options}, parses, applies to {@code base}'s tree, and
   * asserts agreement with git; returns the applied diff for further checks.
   */
  static AppliedDiff check(GitRepo repo, String base, String head, String... options) {
    byte[] raw = repo.gitBytes(args("diff", options, base, head));
    ParsedDiff parsed = Diffs.parse(raw);
    assertMetadata(repo, parsed, base, head, options);
    AppliedDiff applied = Diffs.apply(parsed, repo.sourceAt(base));
    assertContents(applied, repo.tree(base), repo.tree(head));
    assertThat(concat(parsed)).as("the entries' bytes, end to end, are the upload").isEqualTo(raw);
    return applied;
  }

  static void assertMetadata(GitRepo repo, ParsedDiff parsed, String base, String head,
      String... options) {
    List<NameStatus> names = nameStatus(repo.git(args("diff", with(options, "--name-status",
        "-z"), base, head)));
    List<String[]> counts = numstat(repo.git(args("diff", with(options, "--numstat", "-z"),
        base, head)));
    assertThat(parsed.files()).hasSize(names.size());
    for (int i = 0; i < names.size(); i++) {
      FileDiff f = parsed.files().get(i);
      NameStatus n = names.get(i);
      assertThat(letter(f.status())).as("status of %s", f).isEqualTo(n.status());
      assertPaths(f, n);
      String[] c = counts.get(i);
      // A pure rename or mode change carries no content, so nothing in it says "binary".
      boolean contentless = f.hunks().isEmpty() && !f.binary();
      if (!contentless) {
        assertThat(f.binary()).as("binary %s", f).isEqualTo(c[0].equals("-"));
      }
      if (!f.binary() && !c[0].equals("-")) {
        assertThat(f.linesAdded()).as("added in %s", f).isEqualTo(Integer.parseInt(c[0]));
        assertThat(f.linesRemoved()).as("removed in %s", f).isEqualTo(Integer.parseInt(c[1]));
      }
    }
  }

  private static void assertPaths(FileDiff f, NameStatus n) {
    switch (n.status()) {
      case 'A' -> assertThat(f.newPath()).isEqualTo(n.path());
      case 'D' -> assertThat(f.oldPath()).isEqualTo(n.path());
      case 'M', 'T' -> {
        assertThat(f.oldPath()).isEqualTo(n.path());
        assertThat(f.newPath()).isEqualTo(n.path());
      }
      default -> {
        assertThat(f.oldPath()).isEqualTo(n.path());
        assertThat(f.newPath()).isEqualTo(n.newPath());
      }
    }
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
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
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

  private static List<NameStatus> nameStatus(String z) {
    String[] parts = z.split("\0");
    List<NameStatus> out = new ArrayList<>();
    for (int i = 0; i + 1 < parts.length; ) {
      char status = parts[i].charAt(0);
      boolean two = status == 'R' || status == 'C';
      out.add(new NameStatus(status, parts[i + 1], two ? parts[i + 2] : null));
      i += two ? 3 : 2;
    }
    return out;
  }

  /** {@code --numstat -z}: "added\tremoved\tpath\0", or "added\tremoved\t\0old\0new\0". */
  private static List<String[]> numstat(String z) {
    String[] parts = z.split("\0");
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String[] c = parts[i].split("\t", -1);
      out.add(c);
      i += c[2].isEmpty() ? 2 : 0;
    }
    return out;
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
