package org.communal.repos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.communal.repos.RepositoryMirrorsTest.entries;

import java.nio.file.Path;
import java.time.Clock;
import org.communal.context.Context;
import org.communal.context.ContextRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirrors fetched over HTTPS on loopback, from a host with a self-signed certificate. */
class HttpsMirrorsTest {
  private static final long ID = 9;

  /** keytool takes a second or two: one certificate serves every test. */
  private static SelfSignedTls tls;

  @TempDir
  Path tmp;
  private RepoHttpServer server;
  private Context root;
  private String commit;

  @BeforeAll
  static void makeCertificate(@TempDir Path certificates) throws Exception {
    tls = new SelfSignedTls(certificates);
  }

  @BeforeEach
  void setUp() throws Exception {
    ContextRegistry.setClock(Clock.systemUTC());
    Git git = new Git(tmp);
    Path work = git.init("work");
    commit = git.commit(work, "first", "README", "over TLS\n");
    git.bareClone(work, "served/app.git");
    server = new RepoHttpServer(tmp.resolve("served"), tls.server());
    root = Context.root("test");
  }

  @AfterEach
  void tearDown() {
    server.close();
    root.close();
  }

  @Test
  void aHostWhoseCertificateIsTrustedIsMirrored() throws Exception {
    try (RepositoryMirrors mirrors = RepositoryMirrors.configure()
        .directory(tmp.resolve("mirrors")).sslContext(tls.trustingClient()).build()) {

      MirrorStatus status = mirrors.fetch(root, ID, server.url("smart/app.git"));

      assertThat(status.url()).startsWith("https://127.0.0.1:");
      assertThat(new String(mirrors.readFile(ID, commit, "README").orElseThrow(), UTF_8))
          .isEqualTo("over TLS\n");
    }
  }

  @Test
  void aHostWhoseCertificateIsNotTrustedIsRefused() throws Exception {
    Path mirrorsDir = tmp.resolve("mirrors");
    try (RepositoryMirrors mirrors = RepositoryMirrors.configure().directory(mirrorsDir).build()) {

      assertThatThrownBy(() -> mirrors.fetch(root, ID, server.url("app.git")))
          .isInstanceOfSatisfying(RepositoryException.class, e ->
              assertThat(e.code()).isEqualTo(RepositoryException.UNREACHABLE));

      assertThat(mirrors.status(ID).failure().message())
          .startsWith("host unreachable: the TLS handshake failed");
      assertThat(entries(mirrorsDir)).isEmpty();
    }
  }
}
