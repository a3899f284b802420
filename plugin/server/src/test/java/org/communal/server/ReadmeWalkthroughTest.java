package org.communal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.communal.testing.TestPostgres;
import org.communal.testing.TestPostgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, run as written: its shell blocks, in order, under bash with
 * {@code -euo pipefail}, against a fresh server whose data folder is {@code ~/.communal}. The one
 * change made to the text is the server's address, since the test cannot count on port 8080.
 */
class ReadmeWalkthroughTest {
  private static final String ADDRESS_LINE = "C=http://127.0.0.1:8080";
  private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  @Test
  void theWalkthroughRunsAWholeReviewAsWritten() throws Exception {
    for (String tool : new String[] {"bash", "curl", "jq", "git"}) {
      // CI installs every tool (.ci/run), so there a missing one is a failure, not a skip.
      String missing = "the walkthrough needs " + tool + " on the PATH";
      if (System.getenv("CI") != null) {
        assertThat(onPath(tool)).as(missing).isTrue();
      }
      assumeTrue(onPath(tool), missing);
    }
    String script = walkthrough();
    TestDatabase db = TestPostgres.migratedDatabase();
    ServerSettings settings = new ServerSettings("127.0.0.1", 0, home.resolve(".communal"),
        Optional.of(new ServerSettings.ExternalDatabase(db.jdbcUrl(), "postgres", null)), false,
        false, 0);
    try (CommunalServer server = CommunalServer.start(settings)) {
      Path work = Files.createDirectories(home.resolve("work"));
      String base = server.uri().toString().replaceAll("/$", "");
      run(script.replace(ADDRESS_LINE, "C=" + base), work);

      String aliceToken = Files.readString(work.resolve("alice.token")).strip();
      JsonNode list = get(server.uri(), "api/review-requests/?status=submitted", aliceToken);
      assertThat(list.get("total_results").asInt()).isEqualTo(1);
      JsonNode rr = list.get("review_requests").get(0);
      assertThat(rr.get("status").asText()).isEqualTo("submitted");
      String id = rr.get("id").asText();
      JsonNode standing = get(server.uri(), "api/review-requests/" + id + "/standing/",
          aliceToken);
      assertThat(standing.get("approved").asBoolean()).isTrue();
      assertThat(standing.get("open_issues").asInt()).isZero();
      JsonNode diffs = get(server.uri(), "api/review-requests/" + id + "/diffs/", aliceToken);
      assertThat(diffs.get("total_results").asInt()).isEqualTo(2);
      JsonNode reviews = get(server.uri(), "api/review-requests/" + id + "/reviews/", aliceToken);
      assertThat(reviews.findValuesAsText("user")).contains("alice", "bob");
      assertThat(reviews.findValues("issue_status").stream().map(JsonNode::asText))
          .contains("resolved");
    }
  }

  /** The shell blocks of the README's "Using it" section, joined in order. */
  private static String walkthrough() throws Exception {
    String readme = Files.readString(projectRoot().resolve("README.md"));
    int start = readme.indexOf("\n## Using it");
    int end = readme.indexOf("\n## ", start + 1);
    assertThat(start).as("the README has a 'Using it' section").isPositive();
    Matcher blocks = SH_BLOCK.matcher(readme.substring(start, end < 0 ? readme.length() : end));
    StringBuilder script = new StringBuilder();
    while (blocks.find()) {
      script.append(blocks.group(1)).append('\n');
    }
    assertThat(script.toString()).as("the walkthrough sets the server's address in one line")
        .contains(ADDRESS_LINE);
    return script.toString();
  }

  private void run(String script, Path work) throws Exception {
    Path log = home.resolve("walkthrough.log");
    ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    // A newcomer's git knows who they are; this one is given a name so that commits work.
    env.putAll(Map.of("GIT_AUTHOR_NAME", "Alice", "GIT_AUTHOR_EMAIL", "alice@example.org",
        "GIT_COMMITTER_NAME", "Alice", "GIT_COMMITTER_EMAIL", "alice@example.org",
        "GIT_CONFIG_NOSYSTEM", "1"));
    Process p = pb.start();
    boolean ended = p.waitFor(3, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended && p.exitValue() == 0)
        .as("the walkthrough failed; its output:%n%s", Files.readString(log)).isTrue();
  }

  private static JsonNode get(URI base, String path, String token) throws Exception {
    var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
        .header("Authorization", "token " + token).build(), BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the project's root (the folder with mvnw) above the test").isNotNull();
    return dir;
  }
}
