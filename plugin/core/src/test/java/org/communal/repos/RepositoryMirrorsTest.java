package org.communal.repos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.communal.context.Context;
import org.communal.context.ContextRegistry;
import org.communal.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirrors of local repositories ({@code file://} URLs and paths): fetching, pruning, reading. */
class RepositoryMirrorsTest {
  private static final long ID = 7;

  @TempDir
  Path tmp;
  private Git git;
  private Path source;
  private Path mirrorsDir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
  private RepositoryMirrors mirrors;
  private Context root;
  private String first;
  private String second;

  @BeforeEach
  void setUp() {
    ContextRegistry.setClock(Clock.systemUTC()); // deadlines run on the real clock
    git = new Git(tmp);
    source = git.init("source");
    first = git.commit(source, "first", "a.txt", "one\n", "dir/b.txt", "bee\n");
    git.run(source, "tag", "v1");
    git.run(source, "branch", "feature");
    second = git.commit(source, "second", "a.txt", "two\n");
    git.run(source, "tag", "-a", "-m", "version two", "v2");
    mirrorsDir = tmp.resolve("mirrors");
    mirrors = RepositoryMirrors.configure().directory(mirrorsDir).clock(clock).build();
    root = Context.root("test");
  }

  @AfterEach
  void tearDown() {
    mirrors.close();
    root.close();
  }

  private String fileUrl() {
    return source.toUri().toString();
  }

  private String read(String commit, String path) {
    return new String(mirrors.readFile(ID, commit, path).orElseThrow(), UTF_8);
  }

  @Test
  void aFirstFetchCreatesABareMirrorAndRecordsItsHeadAndTime() {
    MirrorStatus status = mirrors.fetch(root, ID, fileUrl());

    assertThat(status.state()).isEqualTo(MirrorStatus.State.OK);
    assertThat(status.headCommit()).isEqualTo(second);
    assertThat(status.lastFetched()).isEqualTo(clock.instant());
    assertThat(status.url()).isEqualTo(fileUrl());
    assertThat(status.failure()).isNull();
    assertThat(mirrors.status(ID)).isEqualTo(status);
    assertThat(mirrorsDir.resolve(ID + ".git").resolve("HEAD")).isRegularFile();
    assertThat(mirrorsDir.resolve(ID + ".git").resolve("index")).doesNotExist();
  }

  @Test
  void filesReadAsTheyWereAtEachCommit() {
    mirrors.fetch(root, ID, fileUrl());

    assertThat(read(first, "a.txt")).isEqualTo("one\n");
    assertThat(read(second, "a.txt")).isEqualTo("two\n");
    assertThat(read(second, "/dir/b.txt")).isEqualTo("bee\n");
    assertThat(mirrors.readFile(ID, first, "missing.txt")).isEmpty();
    assertThat(mirrors.readFile(ID, first, "dir")).as("a directory is not a file").isEmpty();
  }

  @Test
  void revisionsResolveToFullCommitIds() {
    mirrors.fetch(root, ID, fileUrl());

    assertThat(mirrors.resolve(ID, "main")).contains(second);
    assertThat(mirrors.resolve(ID, "feature")).contains(first);
    assertThat(mirrors.resolve(ID, "HEAD")).contains(second);
    assertThat(mirrors.resolve(ID, "refs/heads/feature")).contains(first);
    assertThat(mirrors.resolve(ID, "v1")).as("a lightweight tag").contains(first);
    assertThat(mirrors.resolve(ID, "v2")).as("an annotated tag gives its commit").contains(second);
    assertThat(mirrors.resolve(ID, first.substring(0, 7))).contains(first);
    assertThat(mirrors.resolve(ID, first.toUpperCase())).contains(first);
    assertThat(mirrors.resolve(ID, "no-such-branch")).isEmpty();
    assertThat(mirrors.resolve(ID, "0000000")).isEmpty();
    assertThat(mirrors.hasCommit(ID, first)).isTrue();
    assertThat(mirrors.hasCommit(ID, "0".repeat(40))).isFalse();
  }

  @Test
  void aSecondFetchPicksUpNewCommitsAndPrunesDeletedBranchesAndTags() {
    mirrors.fetch(root, ID, fileUrl());
    String third = git.commit(source, "third", "c.txt", "sea\n");
    git.run(source, "branch", "-D", "feature");
    git.run(source, "tag", "-d", "v1");
    clock.advance(java.time.Duration.ofMinutes(5));

    MirrorStatus status = mirrors.fetch(root, ID, fileUrl());

    assertThat(status.headCommit()).isEqualTo(third);
    assertThat(status.lastFetched()).isEqualTo(clock.instant());
    assertThat(mirrors.resolve(ID, "main")).contains(third);
    assertThat(read(third, "c.txt")).isEqualTo("sea\n");
    assertThat(mirrors.resolve(ID, "feature")).as("deleted branch pruned").isEmpty();
    assertThat(mirrors.resolve(ID, "v1")).as("deleted tag pruned").isEmpty();
    assertThat(mirrors.resolve(ID, "v2")).contains(second);
  }

  @Test
  void theMirrorFollowsTheRepositorysDefaultBranch() {
    git.run(source, "checkout", "-q", "feature");

    MirrorStatus status = mirrors.fetch(root, ID, fileUrl());

    assertThat(status.headCommit()).isEqualTo(first);
    assertThat(mirrors.resolve(ID, "HEAD")).contains(first);
  }

  @Test
  void aPlainAbsolutePathWorksLikeAFileUrl() {
    MirrorStatus status = mirrors.fetch(root, ID, source.toString());

    assertThat(status.url()).isEqualTo(source.toString());
    assertThat(read(first, "a.txt")).isEqualTo("one\n");
  }

  @Test
  void theFetchRunsAsAChildContextThatIsClosedAfterwards() {
    Context request = root.child("request");

    mirrors.fetch(request, ID, fileUrl());

    assertThat(request.children()).isEmpty();
    assertThat(request.totalBlocks()).isEqualTo(1);
  }

  @Test
  void anUnknownCommitSaysToFetchOrCheckTheId() {
    mirrors.fetch(root, ID, fileUrl());
    String unknown = "0123456789".repeat(4);

    assertThatThrownBy(() -> mirrors.readFile(ID, unknown, "a.txt"))
        .isInstanceOfSatisfying(RepositoryException.class, e -> {
          assertThat(e.code()).isEqualTo(RepositoryException.UNKNOWN_COMMIT);
          assertThat(e.getMessage()).contains(unknown)
              .contains("fetch the repository or check the commit id");
        });
  }

  @Test
  void malformedCommitIdsAndPathsAreRefusedWithTheirCodes() {
    mirrors.fetch(root, ID, fileUrl());

    assertThat(code(() -> mirrors.readFile(ID, first.substring(0, 7), "a.txt")))
        .isEqualTo(RepositoryException.BAD_REVISION);
    assertThat(code(() -> mirrors.hasCommit(ID, "main")))
        .isEqualTo(RepositoryException.BAD_REVISION);
    assertThat(code(() -> mirrors.hasCommit(ID + 1, "main"))).as("checked without a mirror too")
        .isEqualTo(RepositoryException.BAD_REVISION);
    assertThat(code(() -> mirrors.resolve(ID, " "))).isEqualTo(RepositoryException.BAD_REVISION);
    for (String path : List.of("", "/", "../a.txt", "dir/../a.txt", "dir//b.txt", "./a.txt")) {
      assertThat(code(() -> mirrors.readFile(ID, first, path))).as(path)
          .isEqualTo(RepositoryException.BAD_PATH);
    }
  }

  @Test
  void filesAreFoundByTheBytesOfTheirPathsAlsoWhenTheyAreNotUtf8() throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "printf 'ff\\n' > \"$(printf 'bad\\377.txt')\"")
        .directory(source.toFile()).start();
    assertThat(p.waitFor()).isZero();
    git.run(source, "add", "-A");
    git.run(source, "commit", "-q", "-m", "a name that is not UTF-8");
    String third = git.run(source, "rev-parse", "HEAD");
    mirrors.fetch(root, ID, fileUrl());
    byte[] bad = {'b', 'a', 'd', (byte) 0xff, '.', 't', 'x', 't'};

    assertThat(mirrors.readFile(ID, third, bad)).hasValueSatisfying(
        b -> assertThat(new String(b, UTF_8)).isEqualTo("ff\n"));
    assertThat(mirrors.readFile(ID, third, "bad\u00ff.txt".getBytes(UTF_8))).isEmpty();
    assertThat(mirrors.readFile(ID, third, "dir/b.txt".getBytes(UTF_8))).hasValueSatisfying(
        b -> assertThat(new String(b, UTF_8)).isEqualTo("bee\n"));
    assertThat(mirrors.readFile(ID, third, "dir".getBytes(UTF_8))).isEmpty();
    assertThat(mirrors.fileMode(ID, third, bad)).hasValue("100644");
    assertThat(mirrors.fileMode(ID, third, "nothing".getBytes(UTF_8))).isEmpty();
    for (String path : List.of("", "/", "../a.txt", "dir/../a.txt", "dir//b.txt", "./a.txt")) {
      assertThat(code(() -> mirrors.readFile(ID, third, path.getBytes(UTF_8)))).as(path)
          .isEqualTo(RepositoryException.BAD_PATH);
    }
  }

  @Test
  void aFileLargerThanTheLimitIsRefused() {
    mirrors.close();
    mirrors = RepositoryMirrors.configure().directory(mirrorsDir).maxFileSize(3).build();
    mirrors.fetch(root, ID, fileUrl());

    assertThatThrownBy(() -> mirrors.readFile(ID, first, "a.txt"))
        .isInstanceOfSatisfying(RepositoryException.class, e -> {
          assertThat(e.code()).isEqualTo(RepositoryException.FILE_TOO_LARGE);
          assertThat(e.getMessage()).contains("a.txt").contains("4 bytes");
        });
  }

  @Test
  void aRepositoryNeverFetchedHasNoMirrorToRead() {
    assertThat(mirrors.status(ID)).isEqualTo(MirrorStatus.neverFetched(ID));
    assertThat(mirrors.hasCommit(ID, first)).isFalse();
    assertThatThrownBy(() -> mirrors.readFile(ID, first, "a.txt"))
        .isInstanceOfSatisfying(RepositoryException.class, e -> {
          assertThat(e.code()).isEqualTo(RepositoryException.NOT_MIRRORED);
          assertThat(e.getMessage()).contains("Repository 7").contains("fetch it first");
        });
  }

  @Test
  void aFailedFirstFetchLeavesNoMirrorAndSaysWhyInPlainWords() throws IOException {
    Path missing = tmp.resolve("nowhere");

    assertThat(code(() -> mirrors.fetch(root, ID, missing.toString())))
        .isEqualTo(RepositoryException.NOT_FOUND);

    MirrorStatus status = mirrors.status(ID);
    assertThat(status.state()).isEqualTo(MirrorStatus.State.FAILED);
    assertThat(status.failure().message()).isEqualTo("not found: no such directory");
    assertThat(status.failure().code()).isEqualTo(RepositoryException.NOT_FOUND);
    assertThat(status.failure().at()).isEqualTo(clock.instant());
    assertThat(status.lastFetched()).isNull();
    assertThat(entries(mirrorsDir)).isEmpty();
  }

  @Test
  void aDirectoryThatIsNotARepositoryIsSaidToBeOne() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain"));

    assertThatThrownBy(() -> mirrors.fetch(root, ID, plain.toUri().toString()))
        .isInstanceOfSatisfying(RepositoryException.class, e -> {
          assertThat(e.code()).isEqualTo(RepositoryException.NOT_A_REPOSITORY);
          assertThat(e.getMessage()).contains(plain.toString()).contains("not a git repository");
        });
    assertThat(mirrors.status(ID).failure().message()).isEqualTo("not a git repository");
    assertThat(entries(mirrorsDir)).isEmpty();
  }

  @Test
  void aFailedLaterFetchKeepsTheMirrorAndItsLastSuccess() {
    MirrorStatus ok = mirrors.fetch(root, ID, fileUrl());

    assertThat(code(() -> mirrors.fetch(root, ID, tmp.resolve("gone").toString())))
        .isEqualTo(RepositoryException.NOT_FOUND);

    MirrorStatus failed = mirrors.status(ID);
    assertThat(failed.state()).isEqualTo(MirrorStatus.State.FAILED);
    assertThat(failed.lastFetched()).isEqualTo(ok.lastFetched());
    assertThat(failed.headCommit()).isEqualTo(second);
    assertThat(read(second, "a.txt")).isEqualTo("two\n");
  }

  @Test
  void urlsThatCannotBeFetchedAreRefusedWithACode() {
    for (String url : List.of("ssh://git@example.org/app.git", "git://example.org/app.git",
        "git@example.org:app.git", "relative/path", "", "http://", "ftp://example.org/x")) {
      assertThat(code(() -> mirrors.fetch(root, ID, url))).as(url)
          .isEqualTo(RepositoryException.BAD_URL);
    }
    assertThat(root.children()).as("no fetch context was left").isEmpty();
  }

  @Test
  void aRefusedUrlNeverShowsItsCredentials() {
    for (String url : List.of("ssh://bob:hunter22@example.org/app.git",
        "http://bob:hunter22@/no-host", "https://bob:hunter22@exa mple.org/app.git")) {
      assertThatThrownBy(() -> mirrors.fetch(root, ID, url)).as(url)
          .isInstanceOfSatisfying(RepositoryException.class, e -> {
            assertThat(e.code()).isEqualTo(RepositoryException.BAD_URL);
            assertThat(e.getMessage()).doesNotContain("hunter22").doesNotContain("bob");
          });
    }
  }

  @Test
  void aRemovedMirrorIsGoneFromDiskAndFromItsStatus() throws IOException {
    mirrors.fetch(root, ID, fileUrl());

    assertThat(mirrors.remove(ID)).isTrue();

    assertThat(entries(mirrorsDir)).isEmpty();
    assertThat(mirrors.status(ID)).isEqualTo(MirrorStatus.neverFetched(ID));
    assertThat(code(() -> mirrors.readFile(ID, first, "a.txt")))
        .isEqualTo(RepositoryException.NOT_MIRRORED);
    assertThat(mirrors.remove(ID)).isFalse();
    mirrors.fetch(root, ID, fileUrl());
    assertThat(read(first, "a.txt")).isEqualTo("one\n");
  }

  @Test
  void afterARestartTheMirrorAndItsLastFetchAreFoundOnDisk() {
    MirrorStatus before = mirrors.fetch(root, ID, fileUrl());
    mirrors.close();

    mirrors = RepositoryMirrors.configure().directory(mirrorsDir).build();

    assertThat(mirrors.status(ID)).isEqualTo(before);
    assertThat(read(first, "a.txt")).isEqualTo("one\n");
  }

  @Test
  void closedMirrorsRefuseWork() {
    mirrors.fetch(root, ID, fileUrl());
    mirrors.close();

    assertThat(code(() -> mirrors.readFile(ID, first, "a.txt")))
        .isEqualTo(RepositoryException.CLOSED);
    assertThat(code(() -> mirrors.fetch(root, ID, fileUrl())))
        .isEqualTo(RepositoryException.CLOSED);
  }

  @Test
  void aContextOwnsTheMirrorsAndClosesThem() {
    Context server = Context.root("server");
    RepositoryMirrors owned = server.own("repository-mirrors",
        RepositoryMirrors.configure().directory(tmp.resolve("owned")).build()).get();
    owned.fetch(server, 1, fileUrl());

    server.close();

    assertThat(code(() -> owned.status(1))).isEqualTo(RepositoryException.CLOSED);
  }

  static String code(Runnable r) {
    try {
      r.run();
    } catch (RepositoryException e) {
      return e.code();
    }
    throw new AssertionError("no RepositoryException was thrown");
  }

  static List<Path> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
