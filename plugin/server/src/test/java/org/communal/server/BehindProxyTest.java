package org.communal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.communal.testing.TestPostgres;
import org.communal.testing.TestPostgres.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** X-Forwarded-Proto makes the session cookie Secure only when the server is told it has a proxy. */
class BehindProxyTest {
  @TempDir Path dataDir;

  @ParameterizedTest(name = "behind a proxy: {0}")
  @ValueSource(booleans = {true, false})
  void trustsForwardedHttpsOnlyWhenToldItIsBehindAProxy(boolean behindProxy) throws Exception {
    TestDatabase db = TestPostgres.migratedDatabase();
    ServerSettings settings = new ServerSettings("127.0.0.1", 0, dataDir, Optional.of(
        new ServerSettings.ExternalDatabase(db.jdbcUrl(), "postgres", null)), false, behindProxy,
        0);
    try (CommunalServer server = CommunalServer.start(settings)) {
      String password = Files.readString(dataDir.resolve(AdminBootstrap.FILE)).strip();
      var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              server.uri().resolve("api/session/"))
          .header("Content-Type", "application/json").header("X-Forwarded-Proto", "https")
          .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"admin\", \"password\": \""
              + password + "\"}")).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
      if (behindProxy) {
        assertThat(cookie).contains("; Secure");
      } else {
        assertThat(cookie).doesNotContain("Secure");
      }
    }
  }
}
