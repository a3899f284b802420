package org.communal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a user runs it: a separate JVM started from the command line, stopped with
 * SIGTERM (what Ctrl-C and service managers send), restarted on the same data folder.
 */
class ServerProcessTest {
  private static final Pattern RUNNING = Pattern.compile("is running at (http://\\S+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  /** Every process started, so that a failing test never leaves a server running. */
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() throws Exception {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
    // A test that killed its server may leave that server's PostgreSQL behind.
    for (String process : processesUsingDataDir()) {
      ProcessHandle.of(Long.parseLong(process.substring(0, process.indexOf(':'))))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** A started server process and the URL it printed. */
  private record Running(Process process, URI uri, List<String> output) {}

  private Running start() throws Exception {
    return start(dataDir, dataDir);
  }

  /** Starts a server from {@code workingFolder} with {@code --data-dir} spelled as given. */
  private Running start(Path dataDirArgument, Path workingFolder) throws Exception {
    Process p = launch(dataDirArgument, workingFolder);
    List<String> output = new ArrayList<>();
    CompletableFuture<URI> uri = CompletableFuture.supplyAsync(() -> awaitUri(p, output));
    return new Running(p, uri.get(120, TimeUnit.SECONDS), output);
  }

  private Process launch() throws IOException {
    return launch(dataDir, dataDir);
  }

  private Process launch(Path dataDirArgument, Path workingFolder) throws IOException {
    Process p = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--port", "0", "--data-dir", dataDirArgument.toString())
        .directory(workingFolder.toFile()).redirectErrorStream(true).start();
    started.add(p);
    return p;
  }

  private static URI awaitUri(Process p, List<String> output) {
    try {
      BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (output) {
          output.add(line);
        }
        Matcher m = RUNNING.matcher(line);
        if (m.find()) {
          // Keep draining so that the server never blocks on a full pipe.
          new Thread(() -> r.lines().forEach(l -> {
            synchronized (output) {
              output.add(l);
              output.notifyAll();
            }
          })).start();
          return URI.create(m.group(1));
        }
      }
      throw new IllegalStateException("The server exited before it was ready: " + output);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits, ten seconds at most, for the server to print a matching line. */
  private static boolean awaitLine(Running server, java.util.function.Predicate<String> matches)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (server.output()) {
      while (server.output().stream().noneMatch(matches)) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        server.output().wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private int stop(Running server) throws InterruptedException {
    server.process().destroy();
    assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    return server.process().exitValue();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), BodyHandlers.ofString());
  }

  private static HttpRequest.Builder json(URI uri, String method, String body,
      Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return b;
  }

  /** Signs in as a browser would: returns the cookie and CSRF headers. */
  private static Map<String, String> signIn(URI base, String password) throws Exception {
    HttpResponse<String> r = send(json(base.resolve("api/session/"), "POST",
        "{\"username\": \"admin\", \"password\": \"" + password + "\"}", Map.of()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Map.of("Cookie", r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0],
        "X-CSRF-Token", JSON.readTree(r.body()).get("csrf_token").asText());
  }

  /** Processes whose command line names our data folder: PostgreSQL's postmaster and children. */
  private List<String> processesUsingDataDir() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")),
              StandardCharsets.UTF_8).replace('\0', ' ');
          if (cmd.contains(dataDir.toString()) && !cmd.contains(Main.class.getName())) {
            found.add(proc.getFileName() + ": " + cmd);
          }
        } catch (IOException processEnded) {
          // The process exited while we looked; it is not left behind.
        }
      }
    }
    return found;
  }

  @Test
  void firstStartPrintsAOneTimeAdminPasswordThatMustBeChanged() throws Exception {
    Running server = start();
    Path file = dataDir.resolve("initialAdminPassword");
    String password = Files.readString(file).strip();

    assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(awaitLine(server, l -> l.strip().equals(password)))
        .as("the one-time password was printed").isTrue();
    Map<String, String> admin = signIn(server.uri(), password);
    assertThat(send(HttpRequest.newBuilder(server.uri().resolve("api/review-requests/"))
        .header("Cookie", admin.get("Cookie"))).statusCode())
        .as("a one-time password allows nothing but changing it").isEqualTo(403);
    HttpResponse<String> changed = send(json(server.uri().resolve("api/users/admin/password/"),
        "PUT", "{\"current_password\": \"" + password + "\", \"new_password\":"
            + " \"a new admin password\"}", admin));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(file).doesNotExist();
    stop(server);
  }

  @Test
  void keepsDataAcrossARestartAndLeavesNoPostgresBehind() throws Exception {
    Running first = start();
    String oneTime = Files.readString(dataDir.resolve("initialAdminPassword")).strip();
    Map<String, String> admin = signIn(first.uri(), oneTime);
    send(json(first.uri().resolve("api/users/admin/password/"), "PUT",
        "{\"current_password\": \"" + oneTime + "\", \"new_password\": \"kept across restarts\"}",
        admin));
    HttpResponse<String> created = send(json(first.uri().resolve("api/review-requests/"), "POST",
        "{\"summary\": \"Survives a restart\"}", admin));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String path = URI.create(JSON.readTree(created.body()).at("/links/self/href").asText())
        .getPath();
    assertThat(processesUsingDataDir()).as("PostgreSQL runs while the server does").isNotEmpty();

    stop(first);
    assertThat(processesUsingDataDir()).as("processes left after the first stop").isEmpty();

    Running second = start();
    Map<String, String> again = signIn(second.uri(), "kept across restarts");
    HttpResponse<String> read = send(HttpRequest.newBuilder(second.uri().resolve(path))
        .header("Cookie", again.get("Cookie")));
    stop(second);

    assertThat(read.body()).contains("\"summary\":\"Survives a restart\"");
    assertThat(processesUsingDataDir()).as("processes left after the second stop").isEmpty();
    synchronized (second.output()) {
      assertThat(second.output()).noneMatch(l -> l.contains("Migrating schema"))
          .noneMatch(l -> l.contains("one-time password"));
    }
  }

  @Test
  void sigtermStopsTheServerWithTheExitCodeOfANormalStop() throws Exception {
    Running server = start();

    assertThat(stop(server)).as("exit code after SIGTERM").isEqualTo(ExitCodes.OK);
  }

  @Test
  void aStartAfterTheServerWasKilledStopsItsLeftOverPostgresAndKeepsTheData() throws Exception {
    Running first = start();
    Map<String, String> admin = signIn(first.uri(), changeAdminPassword(first, "kept after kill"));
    HttpResponse<String> created = send(json(first.uri().resolve("api/review-requests/"), "POST",
        "{\"summary\": \"Survives a kill\"}", admin));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String path = URI.create(JSON.readTree(created.body()).at("/links/self/href").asText())
        .getPath();

    first.process().destroyForcibly();
    assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("killed").isTrue();
    assertThat(processesUsingDataDir()).as("PostgreSQL outlives a killed server").isNotEmpty();

    Running second = start();
    HttpResponse<String> health = send(HttpRequest.newBuilder(second.uri().resolve("health")));
    Map<String, String> again = signIn(second.uri(), "kept after kill");
    HttpResponse<String> read = send(HttpRequest.newBuilder(second.uri().resolve(path))
        .header("Cookie", again.get("Cookie")));
    stop(second);

    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(read.body()).contains("\"summary\":\"Survives a kill\"");
    assertThat(processesUsingDataDir()).as("processes left after the second stop").isEmpty();
  }

  @Test
  void aLeftOverPostgresWithAClientStillConnectedStopsAtOnceWithoutBeingKilled()
      throws Exception {
    Running first = start();
    List<String> pidFile = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
    java.util.Properties secret = new java.util.Properties();
    secret.setProperty("user", "postgres");
    secret.setProperty("password", Files.readString(dataDir.resolve("databasePassword")).strip());
    try (java.sql.Connection client = java.sql.DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pidFile.get(3).strip() + "/communal", secret)) {
      first.process().destroyForcibly();
      assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("killed").isTrue();

      Running second = start();
      stop(second);

      synchronized (second.output()) {
        assertThat(second.output()).as("a fast shutdown ends the client's session")
            .noneMatch(l -> l.contains("killing it"));
      }
    }
  }

  @Test
  void stopsTheLeftOverPostgresOfThisFolderWhenItWasGivenTheFolderByAnotherName(
      @TempDir Path elsewhere) throws Exception {
    Files.createSymbolicLink(elsewhere.resolve("link"), dataDir);
    Running first = start(Path.of("link"), elsewhere);
    ProcessHandle postmaster = postmaster(dataDir);
    first.process().destroyForcibly();
    assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("killed").isTrue();

    Running second = start();
    assertThat(postmaster.onExit().get(60, TimeUnit.SECONDS).isAlive())
        .as("the postmaster left on link/postgres").isFalse();
    assertThat(send(HttpRequest.newBuilder(second.uri().resolve("health"))).statusCode())
        .isEqualTo(200);
    stop(second);
  }

  @Test
  void refusesToRemoveTheLockOfARunningPostgresOfAnotherFolder(@TempDir Path other)
      throws Exception {
    stop(start());
    Running elsewhere = start(other, other);
    long pid = postmaster(other).pid();
    Files.writeString(dataDir.resolve("postgres/postmaster.pid"), pid + "\n"
        + dataDir.resolve("postgres") + "\n");

    Process refused = launch();
    String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(refused.waitFor(60, TimeUnit.SECONDS)).as("the second exited").isTrue();

    assertThat(refused.exitValue()).as(output).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(output).contains("process " + pid, "remove that file by hand")
        .doesNotContain("kill " + pid);
    assertThat(dataDir.resolve("postgres/postmaster.pid")).exists();
    assertThat(stop(elsewhere)).isEqualTo(ExitCodes.OK);
  }

  /** The postmaster that {@code postmaster.pid} in a data folder names. */
  private static ProcessHandle postmaster(Path dataDir) throws IOException {
    long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"))
        .get(0).strip());
    return ProcessHandle.of(pid).orElseThrow();
  }

  @Test
  void aSecondServerOnTheSameFolderIsRefusedAndTheFirstKeepsRunning() throws Exception {
    Running first = start();

    Process second = launch();
    String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second exited").isTrue();

    assertThat(second.exitValue()).as(output).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(output).contains("another Communal uses this data folder");
    assertThat(send(HttpRequest.newBuilder(first.uri().resolve("health"))).statusCode())
        .as("the first still serves").isEqualTo(200);
    stop(first);
  }

  /** Signs in with the one-time password and replaces it; returns the new password. */
  private String changeAdminPassword(Running server, String newPassword) throws Exception {
    String oneTime = Files.readString(dataDir.resolve("initialAdminPassword")).strip();
    HttpResponse<String> changed = send(json(server.uri().resolve("api/users/admin/password/"),
        "PUT", "{\"current_password\": \"" + oneTime + "\", \"new_password\": \"" + newPassword
            + "\"}", signIn(server.uri(), oneTime)));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    return newPassword;
  }
}
