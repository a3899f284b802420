package org.communal.repos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.communal.repos.RepositoryMirrorsTest.code;
import static org.communal.repos.RepositoryMirrorsTest.entries;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import org.communal.context.Context;
import org.communal.context.ContextRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirrors fetched over HTTP on loopback, from a server of static files (dumb HTTP) and from {@code
 * git http-backend} (smart HTTP): reading, the plain-words failures, and credentials in URLs.
 */
class HttpMirrorsTest {
  private static final long ID = 3;

  @TempDir
  Path tmp;
  private Git git;
  private Path work;
  private Path served;
  private RepoHttpServer server;
  private Path mirrorsDir;
  private RepositoryMirrors mirrors;
  private Context root;
  private String first;

  @BeforeEach
  void setUp() throws IOException {
    ContextRegistry.setClock(Clock.systemUTC());
    git = new Git(tmp);
    work = git.init("work");
    first = git.commit(work, "first", "README", "hello\n", "src/Main.java", "class Main {}\n");
    git.run(work, "tag", "v1");
    served = tmp.resolve("served");
    git.bareClone(work, "served/app.git");
    server = new RepoHttpServer(served);
    mirrorsDir = tmp.resolve("mirrors");
    mirrors = RepositoryMirrors.configure().directory(mirrorsDir).build();
    root = Context.root("test");
  }

  @AfterEach
  void tearDown() {
    mirrors.close();
    server.close();
    root.close();
  }

  private String read(String commit, String path) {
    return new String(mirrors.readFile(ID, commit, path).orElseThrow(), UTF_8);
  }

  /** Commits in the working repository and pushes to the served one, as a host would get it. */
  private String pushNewCommit(String file, String contents) {
    String id = git.commit(work, "more", file, contents);
    git.run(work, "push", "-q", served.resolve("app.git").toString(), "main");
    git.run(served.resolve("app.git"), "update-server-info");
    return id;
  }

  @Test
  void aDumbHttpRepositoryIsMirroredAndRead() {
    MirrorStatus status = mirrors.fetch(root, ID, server.url("app.git"));

    assertThat(status.state()).isEqualTo(MirrorStatus.State.OK);
    assertThat(status.headCommit()).isEqualTo(first);
    assertThat(read(first, "src/Main.java")).isEqualTo("class Main {}\n");
    assertThat(mirrors.resolve(ID, "v1")).contains(first);
    assertThat(server.requests()).anyMatch(r -> r.startsWith("/app.git/objects/"));
  }

  @Test
  void aSmartHttpRepositoryIsMirroredAndASecondFetchBringsWhatIsNew() {
    mirrors.fetch(root, ID, server.url("smart/app.git"));
    String second = pushNewCommit("README", "hello again\n");

    MirrorStatus status = mirrors.fetch(root, ID, server.url("smart/app.git"));

    assertThat(status.headCommit()).isEqualTo(second);
    assertThat(read(first, "README")).isEqualTo("hello\n");
    assertThat(read(second, "README")).isEqualTo("hello again\n");
    assertThat(server.requests()).as("the smart protocol was used")
        .anyMatch(r -> r.equals("/smart/app.git/git-upload-pack"));
  }

  @Test
  void aMissingRepositoryIsNotFound404() throws IOException {
    assertThatThrownBy(() -> mirrors.fetch(root, ID, server.url("nothing.git")))
        .isInstanceOfSatisfying(RepositoryException.class, e -> {
          assertThat(e.code()).isEqualTo(RepositoryException.NOT_FOUND);
          assertThat(e.getMessage()).contains(server.url("nothing.git"))
              .contains("not found (HTTP 404)").contains("Check the URL");
        });
    MirrorStatus status = mirrors.status(ID);
    assertThat(status.state()).isEqualTo(MirrorStatus.State.FAILED);
    assertThat(status.failure().message()).isEqualTo("not found (HTTP 404)");
    assertThat(entries(mirrorsDir)).as("no mirror was left behind").isEmpty();
  }

  @Test
  void aServerAskingForCredentialsNeedsAuthentication401() {
    server.answerEverything(401);

    assertThat(code(() -> mirrors.fetch(root, ID, server.url("app.git"))))
        .isEqualTo(RepositoryException.AUTH_REQUIRED);
    assertThat(mirrors.status(ID).failure().message())
        .isEqualTo("authentication required (HTTP 401)");
  }

  @Test
  void aServerRefusingAccessNeedsAuthentication403() {
    server.answerEverything(403);

    assertThat(code(() -> mirrors.fetch(root, ID, server.url("smart/app.git"))))
        .isEqualTo(RepositoryException.AUTH_REQUIRED);
    assertThat(mirrors.status(ID).failure().message()).isEqualTo("access denied (HTTP 403)");
  }

  @Test
  void aClosedPortIsUnreachable() throws IOException {
    String url;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      url = "http://127.0.0.1:" + s.getLocalPort() + "/app.git";
    } // closed: nothing listens there now

    assertThat(code(() -> mirrors.fetch(root, ID, url)))
        .isEqualTo(RepositoryException.UNREACHABLE);
    assertThat(mirrors.status(ID).failure().message())
        .isEqualTo("host unreachable: connection refused");
  }

  @Test
  void credentialsInTheUrlAreUsedAndNeverShown() {
    server.requireCredentials("alice", "s3cret-t0ken");

    String url = server.url("alice:s3cret-t0ken", "smart/app.git");

    MirrorStatus status = mirrors.fetch(root, ID, url);

    assertThat(read(first, "README")).isEqualTo("hello\n");
    assertThat(status.url()).isEqualTo(server.url("smart/app.git"));
    assertThat(status.toString()).doesNotContain("s3cret").doesNotContain("alice");
    assertThat(mirrorsDir.resolve(ID + ".git/config")).content().doesNotContain("s3cret");
  }

  @Test
  void refusedCredentialsNeedAuthenticationAndAreNeverShown() {
    server.requireCredentials("alice", "s3cret-t0ken");
    String url = server.url("alice:wr0ng-passw0rd", "app.git");
    Context request = root.child("request");

    assertThatThrownBy(() -> mirrors.fetch(request, ID, url))
        .isInstanceOfSatisfying(RepositoryException.class, e -> {
          assertThat(e.code()).isEqualTo(RepositoryException.AUTH_REQUIRED);
          assertThat(e.getMessage()).doesNotContain("wr0ng").doesNotContain("alice:")
              .contains(server.url("app.git"));
        });
    assertThat(mirrors.status(ID).toString()).doesNotContain("wr0ng");
    assertThat(mirrors.status(ID).failure().message())
        .isEqualTo("the credentials were refused (HTTP 401)");
  }

  @Test
  void credentialsNeverAppearInTheFetchContextsName() throws Exception {
    server.requireCredentials("alice", "s3cret-t0ken");
    server.gate(path -> path.endsWith("/info/refs"));
    Context request = root.child("request");
    Thread fetch = new Thread(() -> mirrors.fetch(request, ID,
        server.url("alice:s3cret-t0ken", "smart/app.git")));
    fetch.start();
    assertThat(server.awaitGateReached(10)).isTrue();

    assertThat(request.children()).singleElement().satisfies(c -> assertThat(c.name())
        .isEqualTo("fetch " + server.url("smart/app.git")));
    assertThat(root.reportFull()).doesNotContain("s3cret");

    server.openGate();
    fetch.join(10_000);
    assertThat(fetch.isAlive()).isFalse();
  }
}
