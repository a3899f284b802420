package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.communal.context.Context;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.repos.RepositoryMirrors;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A review request followed through the API alone, over loopback HTTP, against a real git
 * repository: three revisions with a rebase between the first two, interdiffs that show exactly
 * the author's changes, and every bad upload refused with its code and nothing stored.
 */
class DiffsApiTest {
  @TempDir Path temp;

  private CommunalCore core;
  private Context root;
  private RepositoryMirrors mirrors;
  private TestServer server;
  private GitRepo work;
  private GitRepo upstream;
  private Map<String, String> alice;
  private Map<String, String> bob;
  private long repository;

  @BeforeEach
  void start() throws Exception {
    core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
    root = Context.root("diffs-api-test");
    mirrors = root.own("mirrors", RepositoryMirrors.configure()
        .directory(temp.resolve("mirrors")).build()).get();
    server = TestServer.start(CommunalServlet.configure(core, new AccountsHost(core, false))
        .requestContexts(root).mirrors(mirrors).build());
    User a = user("alice", true);
    user("bob", false);
    alice = token(a);
    bob = token(core.users().find("bob").orElseThrow());
    work = GitRepo.init(temp.resolve("work"));
    work.write("src/app.py", lines("app", 30)).write("README", "Read me\n");
    work.commit("Initial import");
    upstream = work.bareClone(temp.resolve("upstream.git"));
    HttpResponse<String> repo = post(alice, "api/repositories/", "{\"name\": \"app\","
        + " \"clone_url\": \"file://" + upstream.dir() + "\"}");
    assertThat(repo.statusCode()).as(repo.body()).isEqualTo(201);
    repository = TestServer.json(repo).get("id").asLong();
  }

  @AfterEach
  void stop() {
    server.close();
    root.close();
  }

  private User user(String name, boolean admin) {
    String password = "the password of " + name;
    User u = core.users().create(new NewUser(name, name, Optional.empty(), admin,
        Optional.empty())).user();
    return core.users().setPassword(u, password, false);
  }

  private Map<String, String> token(User u) {
    return Map.of("Authorization", "token " + core.apiTokens().create(u, u, "t",
        u.admin() ? EnumSet.allOf(Permission.class)
            : EnumSet.of(Permission.READ, Permission.WRITE), Optional.empty()).value());
  }

  private static String lines(String prefix, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + " line " + i + "\n")
        .collect(Collectors.joining());
  }

  private HttpResponse<String> post(Map<String, String> who, String path, String json)
      throws Exception {
    return server.send("POST", path, json, who);
  }

  private HttpResponse<String> get(Map<String, String> who, String path) throws Exception {
    return server.send("GET", path, null, who);
  }

  private long newReviewRequest() throws Exception {
    HttpResponse<String> created = post(alice, "api/review-requests/",
        "{\"summary\": \"Make the app greet\", \"repository\": " + repository + "}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long id = TestServer.json(created).get("id").asLong();
    server.send("PATCH", "api/review-requests/" + id + "/draft/",
        "{\"target_people\": [\"bob\"]}", alice);
    return id;
  }

  private HttpResponse<String> upload(long rr, String diff, String base) throws Exception {
    return uploadTo("api/review-requests/" + rr + "/diffs/", diff.getBytes(StandardCharsets.UTF_8),
        base);
  }

  private HttpResponse<String> uploadTo(String path, byte[] diff, String base) throws Exception {
    String boundary = "----communal-test";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"path\";"
        + " filename=\"change.diff\"\r\nContent-Type: text/x-patch\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(diff);
    if (base != null) {
      body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data;"
          + " name=\"base_commit_id\"\r\n\r\n" + base).getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return server.sendBytes("POST", path, "multipart/form-data; boundary=" + boundary,
        body.toByteArray(), alice);
  }

  private void publish(long rr) throws Exception {
    HttpResponse<String> r = post(alice, "api/review-requests/" + rr + "/draft/publish/", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** The changed rows of an interdiff, as "old|new" texts, over all its files. */
  private List<String> changedRows(JsonNode interdiff) {
    List<String> out = new ArrayList<>();
    for (JsonNode file : interdiff.get("files")) {
      out.addAll(changedTexts(file.get("view")));
    }
    return out;
  }

  @Test
  void aReviewerFollowsThreeRevisionsWithARebaseAndSeesOnlyTheAuthorsChanges() throws Exception {
    String base1 = work.git("rev-parse", "HEAD").strip();
    long rr = newReviewRequest();

    work.git("checkout", "-q", "-b", "greet");
    work.write("src/app.py", work.read("src/app.py").replace("app line 5\n", "hello line 5\n"))
        .write("src/greet.py", "print('hi')\n");
    work.commit("Greet");
    HttpResponse<String> first = upload(rr, work.git("diff", base1, "HEAD"), base1);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(get(bob, "api/review-requests/" + rr + "/diffs/").statusCode()).isEqualTo(404);
    publish(rr);

    // Upstream moves on: another line of the same file, and another file.
    work.git("checkout", "-q", "main");
    work.write("src/app.py", work.read("src/app.py").replace("app line 20\n", "upstream 20\n"))
        .write("README", "Read me, please\n");
    String base2 = work.commit("Upstream work");
    work.git("push", "-q", "origin", "main");
    // The author rebases (revision 2), then fixes a line (revision 3).
    work.git("checkout", "-q", "greet");
    work.git("rebase", "-q", "main");
    assertThat(upload(rr, work.git("diff", base2, "HEAD"), base2).statusCode()).isEqualTo(201);
    publish(rr);
    work.write("src/app.py", work.read("src/app.py").replace("app line 6\n", "fixed line 6\n"));
    work.commit("Fix");
    assertThat(upload(rr, work.git("diff", base2, "HEAD"), base2).statusCode()).isEqualTo(201);
    publish(rr);

    JsonNode revisions = TestServer.json(get(bob, "api/review-requests/" + rr + "/diffs/"));
    assertThat(revisions.get("total_results").asInt()).isEqualTo(3);
    String diffs = "api/review-requests/" + rr + "/diffs/";
    assertThat(changedRows(TestServer.json(get(bob, diffs + "1/interdiff/2/")))).isEmpty();
    assertThat(changedRows(TestServer.json(get(bob, diffs + "2/interdiff/3/"))))
        .containsExactly("app line 6|fixed line 6");
    assertThat(changedRows(TestServer.json(get(bob, diffs + "1/interdiff/3/"))))
        .containsExactly("app line 6|fixed line 6");

    // Each revision's files read exactly as git has them.
    JsonNode files = TestServer.json(get(bob, diffs + "3/files/")).get("files");
    JsonNode app = null;
    for (JsonNode f : files) {
      if (f.get("new_path").asText().equals("src/app.py")) {
        app = f;
      }
    }
    assertThat(app).isNotNull();
    String fileBase = diffs + "3/files/" + app.get("id").asLong() + "/";
    assertThat(get(bob, fileBase + "patched/").body()).isEqualTo(work.read("src/app.py"));
    assertThat(get(bob, fileBase + "original/").body())
        .isEqualTo(work.git("show", base2 + ":src/app.py"));
    JsonNode rows = TestServer.json(get(bob, fileBase + "rows/"));
    assertThat(rows.toString()).contains("hello line 5").contains("fixed line 6")
        .contains("\"type\":\"collapsed\"");
  }

  @Test
  void filesRowsAndPatchAreServedWithValidators() throws Exception {
    String base = work.git("rev-parse", "HEAD").strip();
    long rr = newReviewRequest();
    work.write("src/app.py", work.read("src/app.py").replace("app line 15\n", "app line XV\n"));
    work.commit("Roman");
    String diff = work.git("diff", base, "HEAD");
    assertThat(upload(rr, diff, base).statusCode()).isEqualTo(201);
    publish(rr);
    String rev = "api/review-requests/" + rr + "/diffs/1/";

    HttpResponse<String> patch = get(bob, rev + "patch/");
    assertThat(patch.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/x-patch"));
    assertThat(patch.body()).isEqualTo(diff);
    String etag = patch.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = server.send("GET", rev + "patch/", null,
        Map.of("Authorization", bob.get("Authorization"), "If-None-Match", etag));
    assertThat(again.statusCode()).isEqualTo(304);

    JsonNode file = TestServer.json(get(bob, rev + "files/")).get("files").get(0);
    assertThat(file.get("status").asText()).isEqualTo("modified");
    assertThat(file.get("lines_added").asInt()).isEqualTo(1);
    JsonNode view = TestServer.json(get(bob, rev + "files/" + file.get("id").asLong() + "/rows/"));
    JsonNode collapsed = view.get("sections").get(0);
    assertThat(collapsed.get("type").asText()).isEqualTo("collapsed");
    JsonNode expanded = TestServer.json(get(bob, rev + "files/" + file.get("id").asLong()
        + "/rows/?expand=" + collapsed.get("old_from").asInt() + "-"
        + collapsed.get("old_to").asInt()));
    assertThat(expanded.get("rows").get(0).get("old_text").asText()).isEqualTo("app line 1");
  }

  @Test
  void aRangeToExpandIsCheckedAgainstTheFileBeforeAnyRowIsBuilt() throws Exception {
    String base = work.git("rev-parse", "HEAD").strip();
    long rr = newReviewRequest();
    work.write("src/app.py", work.read("src/app.py").replace("app line 15\n", "app line XV\n"));
    work.commit("Roman");
    assertThat(upload(rr, work.git("diff", base, "HEAD"), base).statusCode()).isEqualTo(201);
    publish(rr);
    String rev = "api/review-requests/" + rr + "/diffs/1/";
    long file = TestServer.json(get(bob, rev + "files/")).get("files").get(0).get("id").asLong();
    String rows = rev + "files/" + file + "/rows/?expand=";

    HttpResponse<String> huge = get(bob, rows + "1-2000000000");
    assertProblem(huge, 400, "invalid-field");
    assertThat(TestServer.json(huge).get("invalid_params").get(0).get("reason").asText())
        .isEqualTo("asks for original lines 1-2000000000 of src/app.py, which has 30 lines;"
            + " expand the lines of a collapsed section");
    HttpResponse<String> changed = get(bob, rows + "14-16");
    assertProblem(changed, 400, "invalid-field");
    assertThat(TestServer.json(changed).get("detail").asText()).contains("line 15 is changed");
  }

  /** The rows of a file that change lines, as {added, removed}: what a reviewer sees. */
  private int[] rowCounts(String fileUrl) throws Exception {
    int added = 0;
    int removed = 0;
    for (JsonNode section : TestServer.json(get(bob, fileUrl + "rows/")).get("sections")) {
      for (JsonNode row : section.path("rows")) {
        String type = row.get("type").asText();
        added += type.equals("insert") || type.equals("replace") ? 1 : 0;
        removed += type.equals("delete") || type.equals("replace") ? 1 : 0;
      }
    }
    return new int[] {added, removed};
  }

  @Test
  void aSeriesListsEachFileOnceWithTheCountsOfTheWholeSeries() throws Exception {
    String base = work.git("rev-parse", "HEAD").strip();
    long rr = newReviewRequest();
    String app = lines("app", 30);
    work.write("src/app.py", app.replace("app line 5\n", "five\n"));
    work.commit("Five");
    work.write("src/app.py", app.replace("app line 20\n", "twenty\n"));
    work.commit("Five as it was, and twenty");
    work.write("src/app.py", app.replace("app line 20\n", "twenty\nand more\n"))
        .write("README", "Read me\nand this\n");
    work.commit("More");
    String series = work.git("format-patch", "--stdout", base + "..HEAD");
    Map<String, String> numstat = new java.util.TreeMap<>();
    for (String line : work.git("diff", "--numstat", base, "HEAD").strip().split("\n")) {
      String[] f = line.split("\t");
      numstat.put(f[2], f[0] + " " + f[1]);
    }

    assertThat(upload(rr, series, base).statusCode()).isEqualTo(201);
    publish(rr);
    String rev = "api/review-requests/" + rr + "/diffs/1/";
    JsonNode files = TestServer.json(get(bob, rev + "files/")).get("files");
    Map<String, String> listed = new java.util.TreeMap<>();
    for (JsonNode f : files) {
      String counts = f.get("lines_added").asInt() + " " + f.get("lines_removed").asInt();
      listed.put(f.get("new_path").asText(), counts);
      int[] rows = rowCounts(rev + "files/" + f.get("id").asLong() + "/");
      assertThat(rows[0] + " " + rows[1]).as("rows of %s", f).isEqualTo(counts);
    }
    assertThat(listed).isEqualTo(numstat).containsEntry("src/app.py", "2 1");
    JsonNode revision = TestServer.json(get(bob, rev));
    assertThat(revision.get("file_count").asInt()).isEqualTo(2);
    assertThat(revision.get("lines_added").asInt()).isEqualTo(3);
    assertThat(revision.get("lines_removed").asInt()).isEqualTo(1);
    assertThat(revision.get("commits")).extracting(c -> c.get("subject").asText())
        .containsExactly("Five", "Five as it was, and twenty", "More");
    assertThat(get(bob, rev + "patch/").body()).contains("five").contains("and more");
  }

  @Test
  void withoutARepositoryASeriesListsEachFileOnceWithTheCountsItsRowsShow() throws Exception {
    HttpResponse<String> created = post(alice, "api/review-requests/",
        "{\"summary\": \"No repository\", \"target_people\": [\"bob\"]}");
    long rr = TestServer.json(created).get("id").asLong();
    String base = work.git("rev-parse", "HEAD").strip();
    String app = lines("app", 30);
    work.write("src/app.py", app.replace("app line 5\n", "five\n"));
    work.commit("Five");
    work.write("src/app.py", app.replace("app line 20\n", "twenty\n"));
    work.commit("Five as it was, and twenty");
    HttpResponse<String> up = server.sendBytes("POST", "api/review-requests/" + rr + "/diffs/",
        "text/x-patch", work.git("format-patch", "--stdout", base + "..HEAD")
            .getBytes(StandardCharsets.UTF_8), alice);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    publish(rr);
    String rev = "api/review-requests/" + rr + "/diffs/1/";

    JsonNode files = TestServer.json(get(bob, rev + "files/")).get("files");
    assertThat(files).hasSize(1);
    JsonNode file = files.get(0);
    String[] numstat = work.git("diff", "--numstat", base, "HEAD").strip().split("\t");
    int[] listed = {file.get("lines_added").asInt(), file.get("lines_removed").asInt()};
    assertThat(listed).containsExactly(Integer.parseInt(numstat[0]),
        Integer.parseInt(numstat[1]));
    assertThat(rowCounts(rev + "files/" + file.get("id").asLong() + "/")).isEqualTo(listed);
    JsonNode view = TestServer.json(get(bob, rev + "files/" + file.get("id").asLong()
        + "/rows/"));
    assertThat(changedTexts(view)).containsExactly("app line 20|twenty");
  }

  @Test
  void aPureRenameHasTheModesAndBlobsOfItsBaseAndABinaryFileNoLineCounts() throws Exception {
    String base = work.git("rev-parse", "HEAD").strip();
    String readme = work.git("rev-parse", base + ":README").strip();
    long rr = newReviewRequest();
    work.git("mv", "README", "README.md");
    Files.write(work.dir().resolve("logo.bin"), new byte[] {0, 1, 2, 3, 0, (byte) 0xff});
    work.commit("Rename, and a logo");
    String diff = work.git("diff", "-M", base, "HEAD");
    assertThat(diff).contains("similarity index 100%").doesNotContain("index " + readme);

    assertThat(upload(rr, diff, base).statusCode()).isEqualTo(201);
    publish(rr);
    JsonNode files = TestServer.json(get(bob, "api/review-requests/" + rr + "/diffs/1/files/"))
        .get("files");
    JsonNode renamed = files.get(0).get("status").asText().equals("renamed") ? files.get(0)
        : files.get(1);
    JsonNode logo = renamed == files.get(0) ? files.get(1) : files.get(0);
    assertThat(renamed.get("old_mode").asText()).isEqualTo("100644");
    assertThat(renamed.get("new_mode").asText()).isEqualTo("100644");
    assertThat(renamed.get("old_blob").asText()).isEqualTo(readme);
    assertThat(renamed.get("new_blob").asText()).isEqualTo(readme);
    assertThat(renamed.get("lines_added").asInt()).isZero();
    assertThat(logo.get("binary").asBoolean()).isTrue();
    assertThat(logo.has("lines_added")).isTrue();
    assertThat(logo.get("lines_added").isNull()).isTrue();
    assertThat(logo.get("lines_removed").isNull()).isTrue();
  }

  @Test
  void aCommentPastTheEndOfItsFileIsRefusedNamingTheFilesLineCount() throws Exception {
    String base = work.git("rev-parse", "HEAD").strip();
    long rr = newReviewRequest();
    work.write("src/app.py", work.read("src/app.py").replace("app line 15\n", "app line XV\n"));
    work.commit("Roman");
    assertThat(upload(rr, work.git("diff", base, "HEAD"), base).statusCode()).isEqualTo(201);
    publish(rr);
    long file = TestServer.json(get(bob, "api/review-requests/" + rr + "/diffs/1/files/"))
        .get("files").get(0).get("id").asLong();
    String review = "api/review-requests/" + rr + "/reviews/draft/publish/";
    String comment = "{\"body_top\": \"See inline\", \"comments\": [{\"filediff\": " + file
        + ", \"first_line\": %d, \"num_lines\": %d, \"side\": \"%s\", \"text\": \"here\"}]}";

    HttpResponse<String> past = post(bob, review, comment.formatted(30, 2, "old"));
    assertProblem(past, 400, "comment-out-of-range");
    assertThat(past.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(TestServer.json(past).get("detail").asText()).isEqualTo("comments[0]: lines 30"
        + " to 31 of the old side of src/app.py lie past its end: that side has 30 lines;"
        + " comment on lines 1 to 30");
    assertProblem(post(bob, review, comment.formatted(1, 0, "new")), 400, "invalid-field");
    assertThat(TestServer.json(get(bob, "api/review-requests/" + rr + "/reviews/"))
        .get("total_results").asInt()).isZero();
    HttpResponse<String> last = post(bob, review, comment.formatted(30, 1, "new"));
    assertThat(last.statusCode()).as(last.body()).isEqualTo(201);
  }

  @Test
  void everyBadUploadGetsItsCodeAndStoresNothing() throws Exception {
    String base = work.git("rev-parse", "HEAD").strip();
    long rr = newReviewRequest();
    String diffs = "api/review-requests/" + rr + "/diffs/";

    assertProblem(upload(rr, "", base), 400, "diff-empty");
    assertProblem(upload(rr, "diff --git a/x b/x\n@@ garbage\n", base), 400,
        "diff-parse-error");
    String wrongContext = "diff --git a/src/app.py b/src/app.py\n--- a/src/app.py\n"
        + "+++ b/src/app.py\n@@ -3,3 +3,3 @@\n not there\n-app line 4\n+new\n app line 5\n";
    HttpResponse<String> stale = upload(rr, wrongContext, base);
    assertProblem(stale, 400, "diff-does-not-apply");
    assertThat(TestServer.json(stale).get("problems").get(0).get("file").asText())
        .isEqualTo("src/app.py");
    assertThat(TestServer.json(stale).get("problems").get(0).get("hunk").asInt()).isEqualTo(1);
    StringBuilder tooMany = new StringBuilder();
    for (int i = 0; i < 2_001; i++) {
      tooMany.append("diff --git a/f").append(i).append(" b/f").append(i)
          .append("\nnew file mode 100644\n--- /dev/null\n+++ b/f").append(i)
          .append("\n@@ -0,0 +1 @@\n+x\n");
    }
    assertProblem(upload(rr, tooMany.toString(), base), 413, "diff-too-big");
    assertProblem(upload(rr, work.git("diff", base, base), "0123456789abcdef"), 400, "diff-empty");
    work.write("README", "changed\n");
    work.commit("Change");
    assertProblem(upload(rr, work.git("diff", "HEAD~1", "HEAD"), "deadbeefdeadbeef"), 400,
        "invalid-field");

    assertThat(TestServer.json(get(alice, diffs)).get("total_results").asInt()).isZero();
    HttpResponse<String> checked = uploadTo(diffs + "validate/",
        work.git("diff", "HEAD~1", "HEAD").getBytes(StandardCharsets.UTF_8), base);
    assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
    assertThat(TestServer.json(checked).get("files").get(0).get("new_path").asText())
        .isEqualTo("README");
    assertThat(TestServer.json(get(alice, diffs)).get("total_results").asInt()).isZero();
  }

  @Test
  void anEntryWithTextInsteadOfHunksIsRefusedAtItsLineAndNothingIsStored() throws Exception {
    String base = work.git("rev-parse", "HEAD").strip();
    long rr = newReviewRequest();
    String diffs = "api/review-requests/" + rr + "/diffs/";
    byte[] garbage = ("diff --git a/README b/README\nindex 1234567..89abcde 100644\n"
        + "this is not a diff\n").getBytes(StandardCharsets.UTF_8);

    for (String path : List.of(diffs, diffs + "validate/")) {
      HttpResponse<String> refused = uploadTo(path, garbage, base);
      assertProblem(refused, 400, "diff-parse-error");
      JsonNode problem = TestServer.json(refused).get("problems").get(0);
      assertThat(problem.get("line").asInt()).isEqualTo(3);
      assertThat(problem.get("file").asText()).isEqualTo("README");
    }
    assertThat(TestServer.json(get(alice, diffs)).get("total_results").asInt()).isZero();
  }

  @Test
  void aFileWhoseNameIsNotUtf8IsAppliedToItsBaseAndListedAsGitQuotesIt() throws Exception {
    work.writeNamedByPrintf("bad\\377.txt", lines("bad", 10));
    String base = work.commit("A name that is not UTF-8");
    work.git("push", "-q", "origin", "main");
    long rr = newReviewRequest();
    work.writeNamedByPrintf("bad\\377.txt", lines("bad", 10).replace("bad line 5\n",
        "good line 5\n"));
    work.commit("Change it");
    String diff = work.git("diff", base, "HEAD");
    assertThat(diff).startsWith("diff --git \"a/bad\\377.txt\" \"b/bad\\377.txt\"\n");

    HttpResponse<String> up = upload(rr, diff, base);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    publish(rr);
    String files = "api/review-requests/" + rr + "/diffs/1/files/";
    JsonNode file = TestServer.json(get(bob, files)).get("files").get(0);
    assertThat(file.get("old_path").asText()).isEqualTo("\"bad\\377.txt\"");
    assertThat(file.get("new_path").asText()).isEqualTo("\"bad\\377.txt\"");
    JsonNode view = TestServer.json(get(bob, files + file.get("id").asLong() + "/rows/"));
    assertThat(changedTexts(view)).containsExactly("bad line 5|good line 5");
    assertThat(view.get("sections").get(0).get("expandable").asBoolean()).isTrue();

    work.writeNamedByPrintf("bad\\377.txt", lines("bad", 10).replace("bad line 5\n",
        "good line 5\n").replace("bad line 9\n", "good line 9\n"));
    work.commit("Change it more");
    assertThat(upload(rr, work.git("diff", base, "HEAD"), base).statusCode()).isEqualTo(201);
    publish(rr);
    JsonNode interdiff = TestServer.json(get(bob, "api/review-requests/" + rr
        + "/diffs/1/interdiff/2/"));
    assertThat(interdiff.get("files").get(0).get("new_path").asText())
        .isEqualTo("\"bad\\377.txt\"");
    assertThat(changedRows(interdiff)).containsExactly("bad line 9|good line 9");
  }

  /** The changed rows of a file's view, as "old|new" texts. */
  private static List<String> changedTexts(JsonNode view) {
    List<String> out = new ArrayList<>();
    for (JsonNode section : view.get("sections")) {
      for (JsonNode row : section.path("rows")) {
        if (!row.get("type").asText().equals("equal")) {
          out.add(row.get("old_text").asText("") + "|" + row.get("new_text").asText(""));
        }
      }
    }
    return out;
  }

  @Test
  void withoutARepositoryPathsOutsideItOrInsideDotGitAreRefused() throws Exception {
    HttpResponse<String> created = post(alice, "api/review-requests/",
        "{\"summary\": \"No repository\"}");
    String diffs = "api/review-requests/" + TestServer.json(created).get("id").asLong()
        + "/diffs/";

    for (String path : List.of("../outside.txt", "/etc/passwd", ".git/hooks/pre-commit")) {
      byte[] diff = ("diff --git a/" + path + " b/" + path + "\nnew file mode 100755\n"
          + "index 0000000..45b983b\n--- /dev/null\n+++ b/" + path + "\n@@ -0,0 +1 @@\n+hi\n")
          .getBytes(StandardCharsets.UTF_8);
      for (String where : List.of(diffs, diffs + "validate/")) {
        HttpResponse<String> refused = uploadTo(where, diff, null);
        assertProblem(refused, 400, "diff-bad-path");
        assertThat(TestServer.json(refused).get("problems").get(0).get("file").asText())
            .isEqualTo(path);
      }
    }
    assertThat(TestServer.json(get(alice, diffs)).get("total_results").asInt()).isZero();
  }

  @Test
  void withoutARepositoryADiffIsShownFromItsHunks() throws Exception {
    HttpResponse<String> created = post(alice, "api/review-requests/",
        "{\"summary\": \"No repository\", \"target_people\": [\"bob\"]}");
    long rr = TestServer.json(created).get("id").asLong();
    String base = work.git("rev-parse", "HEAD").strip();
    work.write("src/app.py", work.read("src/app.py").replace("app line 9\n", "app line nine\n"));
    work.commit("Nine");
    HttpResponse<String> up = server.sendBytes("POST", "api/review-requests/" + rr
            + "/diffs/?base_commit_id=" + base, "text/x-patch",
        work.git("diff", "HEAD~1", "HEAD").getBytes(StandardCharsets.UTF_8), alice);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    publish(rr);
    String rev = "api/review-requests/" + rr + "/diffs/1/";
    long file = TestServer.json(get(bob, rev + "files/")).get("files").get(0).get("id").asLong();

    JsonNode view = TestServer.json(get(bob, rev + "files/" + file + "/rows/"));
    assertThat(view.toString()).contains("app line nine").contains("\"expandable\":false");
    assertProblem(get(bob, rev + "files/" + file + "/patched/"), 409, "content-unavailable");
    assertProblem(get(bob, rev + "interdiff/1/"), 409, "content-unavailable");
  }

  @Test
  void aParentDiffCarriesChangesThatAreNotInTheRepository() throws Exception {
    String base = work.git("rev-parse", "HEAD").strip();
    long rr = newReviewRequest();
    work.write("src/app.py", work.read("src/app.py").replace("app line 3\n", "local line 3\n"));
    work.commit("Unpushed work");
    String parent = work.git("diff", base, "HEAD");
    work.write("src/app.py", work.read("src/app.py").replace("local line 3\n", "final line 3\n"));
    work.commit("The change under review");
    String diff = work.git("diff", "HEAD~1", "HEAD");

    assertProblem(upload(rr, diff, base), 400, "diff-does-not-apply");
    String boundary = "b0undary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\n"
        + diff + "\r\n--" + boundary + "\r\nContent-Disposition: form-data;"
        + " name=\"parent_diff_path\"\r\n\r\n" + parent + "\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"base_commit_id\"\r\n\r\n" + base
        + "\r\n--" + boundary + "--\r\n";
    HttpResponse<String> up = server.sendBytes("POST", "api/review-requests/" + rr + "/diffs/",
        "multipart/form-data; boundary=" + boundary, body.getBytes(StandardCharsets.UTF_8), alice);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    publish(rr);
    String files = "api/review-requests/" + rr + "/diffs/1/files/";
    long file = TestServer.json(get(bob, files)).get("files").get(0).get("id").asLong();
    assertThat(get(bob, files + file + "/original/").body()).contains("local line 3\n");
    assertThat(get(bob, files + file + "/patched/").body()).isEqualTo(work.read("src/app.py"));
  }

  @Test
  void aRevisionInADraftIsSeenOnlyByItsAuthorUntilPublished() throws Exception {
    String base = work.git("rev-parse", "HEAD").strip();
    long rr = newReviewRequest();
    publish(rr);
    work.write("README", "Draft change\n");
    work.commit("Draft");
    assertThat(upload(rr, work.git("diff", base, "HEAD"), base).statusCode()).isEqualTo(201);
    String diffs = "api/review-requests/" + rr + "/diffs/";

    assertThat(TestServer.json(get(alice, diffs)).get("total_results").asInt()).isOne();
    assertThat(TestServer.json(get(bob, diffs)).get("total_results").asInt()).isZero();
    assertThat(get(bob, diffs + "1/files/").statusCode()).isEqualTo(404);
    JsonNode draft = TestServer.json(get(alice, "api/review-requests/" + rr + "/draft/"));
    assertThat(draft.get("diff_revision").asInt()).isOne();
    publish(rr);
    assertThat(TestServer.json(get(bob, diffs)).get("total_results").asInt()).isOne();
    JsonNode changes = TestServer.json(get(bob, "api/review-requests/" + rr + "/changes/"));
    assertThat(changes.get("changes").get(1).get("fields_changed").get("diff").get("revision")
        .asInt()).isOne();
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(TestServer.json(r).get("code").asText()).isEqualTo(code);
  }
}
