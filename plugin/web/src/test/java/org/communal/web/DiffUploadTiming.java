package org.communal.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import org.communal.context.Context;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.repos.RepositoryMirrors;
import org.communal.testing.TestPostgres;

/**
 * How long an upload of a big diff takes through the whole service (HTTP, parse, limits,
 * applying it to the base commit read from the repository's mirror, storing it in PostgreSQL),
 * against {@code git apply --check} of the same diff in a clone of the same repository, timed in
 * the same run; and how long the rows of a 5,000-line file take. A benchmark, not a test:
 *
 * <pre>./mvnw -B -q -pl plugin/web test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.communal.web.DiffUploadTiming [-Dexec.args=15]</pre>
 */
public final class DiffUploadTiming {
  private static final int FILES = 500;
  private static final int LINES_PER_FILE = 200;
  private static final int CHANGED_PER_FILE = 100;

  private DiffUploadTiming() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Path temp = Files.createTempDirectory("communal-diff-timing");
    GitRepo work = GitRepo.init(temp.resolve("work"));
    for (int f = 0; f < FILES; f++) {
      work.write("src/f" + f + ".txt", lines(f, LINES_PER_FILE, -1));
    }
    work.write("big/five-thousand.txt", lines(9_999, 5_000, -1));
    String base = work.commit("Base");
    GitRepo upstream = work.bareClone(temp.resolve("upstream.git"));
    for (int f = 0; f < FILES; f++) {
      work.write("src/f" + f + ".txt", lines(f, LINES_PER_FILE, LINES_PER_FILE / CHANGED_PER_FILE));
    }
    work.write("big/five-thousand.txt", lines(9_999, 5_000, 50));
    work.commit("Change half of every file");
    byte[] diff = work.git("diff", base, "HEAD").getBytes(StandardCharsets.UTF_8);
    work.git("checkout", "-q", base);

    CommunalCore core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    Context root = Context.root("diff-upload-timing");
    RepositoryMirrors mirrors = root.own("mirrors", RepositoryMirrors.configure()
        .directory(temp.resolve("mirrors")).build()).get();
    try (TestServer server = TestServer.start(CommunalServlet.configure(core,
        new AccountsHost(core, false)).requestContexts(root).mirrors(mirrors).build())) {
      var auth = java.util.Map.of("Authorization", "token " + adminToken(core));
      long repo = TestServer.json(server.send("POST", "api/repositories/", "{\"name\": \"big\","
          + " \"clone_url\": \"file://" + upstream.dir() + "\"}", auth)).get("id").asLong();
      long rr = TestServer.json(server.send("POST", "api/review-requests/", "{\"summary\":"
          + " \"big\", \"repository\": " + repo + "}", auth)).get("id").asLong();
      String path = "api/review-requests/" + rr + "/diffs/?base_commit_id=" + base;
      long[] upload = new long[runs];
      long[] gitCheck = new long[runs];
      for (int i = -3; i < runs; i++) { // three rounds to warm up, then measured rounds
        long t0 = System.nanoTime();
        HttpResponse<String> r = server.sendBytes("POST", path, "text/x-patch", diff, auth);
        long t1 = System.nanoTime();
        gitApplyCheck(work, diff);
        long t2 = System.nanoTime();
        if (r.statusCode() != 201) {
          throw new IllegalStateException("upload failed: " + r.body());
        }
        if (i >= 0) {
          upload[i] = t1 - t0;
          gitCheck[i] = t2 - t1;
        }
      }
      long fileId = bigFileId(server, auth, rr);
      String rowsPath = "api/review-requests/" + rr + "/diffs/1/files/" + fileId + "/rows/";
      long[] rows = new long[runs];
      for (int i = -3; i < runs; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = server.send("GET", rowsPath, null, auth);
        if (r.statusCode() != 200) {
          throw new IllegalStateException("rows failed: " + r.body());
        }
        if (i >= 0) {
          rows[i] = System.nanoTime() - t0;
        }
      }
      System.out.printf("diff: %d files, %d bytes%n", FILES + 1, diff.length);
      report("upload (HTTP, parse, apply to base, store)", upload);
      report("git apply --check", gitCheck);
      System.out.printf("ratio of medians (upload / git): %.1f%n",
          median(upload) / median(gitCheck));
      report("rows of the 5,000-line file (HTTP, JSON)", rows);
    } finally {
      root.close();
    }
    System.exit(0);
  }

  private static String adminToken(CommunalCore core) {
    User admin = core.users().create(new NewUser("timer", "", Optional.empty(), true,
        Optional.empty())).user();
    admin = core.users().setPassword(admin, "the timer's password", false);
    return core.apiTokens().create(admin, admin, "timing", EnumSet.allOf(Permission.class),
        Optional.empty()).value();
  }

  private static long bigFileId(TestServer server, java.util.Map<String, String> auth, long rr)
      throws Exception {
    for (var f : TestServer.json(server.send("GET", "api/review-requests/" + rr
        + "/diffs/1/files/", null, auth)).get("files")) {
      if (f.get("new_path").asText().equals("big/five-thousand.txt")) {
        return f.get("id").asLong();
      }
    }
    throw new IllegalStateException("the big file is missing");
  }

  /** Lines of a file; with {@code changeEvery} above 0, every such line is changed. */
  private static String lines(int file, int count, int changeEvery) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      boolean changed = changeEvery > 0 && i % changeEvery == 0;
      b.append(changed ? "changed " : "").append("file ").append(file).append(" line ")
          .append(i).append(" of the base text\n");
    }
    return b.toString();
  }

  private static void gitApplyCheck(GitRepo work, byte[] diff) throws Exception {
    Path patch = work.dir().resolve("../change.diff").normalize();
    Files.write(patch, diff);
    work.git("apply", "--check", patch.toString());
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf("%-45s median %8.1f ms  min %8.1f ms  max %8.1f ms%n", what,
        median(nanos), sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
  }
}
