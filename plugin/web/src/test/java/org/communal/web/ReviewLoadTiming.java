package org.communal.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.communal.context.Context;
import org.communal.core.CommunalCore;
import org.communal.core.CoreSettings;
import org.communal.core.Database;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.core.internal.NamedSql;
import org.communal.core.internal.ReviewRequestRows;
import org.communal.core.internal.ReviewRows;
import org.communal.migrations.Migrations;
import org.communal.webhooks.Webhooks;
import org.communal.webhooks.internal.Envelope;
import org.communal.webhooks.internal.WebhookStore;

/**
 * Reviews under load: with 10,000 review requests and 1,000,000 comments loaded, 16 clients on
 * loopback post reviews of 10 comments and fetch a review request's 200 comments, through the
 * whole service (HTTP, JSON, permissions, one transaction per publish); against the service's
 * own statements issued straight through JDBC by 16 threads, in the same run (checked with
 * pg_stat_statements); against the least SQL that does the same work; and, to show what HTTP
 * alone costs on the same machine, 16 clients reading the API's root (no database). A benchmark,
 * not a test:
 *
 * <pre>./mvnw -B -q -pl plugin/web test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.communal.web.ReviewLoadTiming \
 *     -Dexec.args="100 [mixed|publish|read]"</pre>
 *
 * <p>The first argument is the operations per client and side in each round.
 */
public final class ReviewLoadTiming {
  private static final int CLIENTS = 16;
  private static final int REQUESTS = 10_000;
  private static final int WARM_UP = 3;
  private static final int ROUNDS = 10;

  private ReviewLoadTiming() {}

  public static void main(String[] args) throws Exception {
    int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    // Which operations: both alternating (the benchmark), or one kind alone to see its cost.
    String mix = args.length > 1 ? args[1] : "mixed";
    if (!List.of("mixed", "publish", "read").contains(mix)) {
      throw new IllegalArgumentException("the second argument is mixed, publish or read, not "
          + mix);
    }
    java.util.function.IntPredicate publishes = mix.equals("mixed") ? i -> i % 2 == 0
        : mix.equals("publish") ? i -> true : i -> false;
    // The standalone server's pool: 10 connections, for the service and the baseline alike.
    // Its own server, so that pg_stat_statements can count what each side asks of PostgreSQL.
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setServerConfig("shared_preload_libraries", "pg_stat_statements")
        .setServerConfig("pg_stat_statements.track_planning", "on").start();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE load");
    }
    DataSource direct = postgres.getDatabase("postgres", "load");
    Migrations.configure().dataSource(direct).load().migrate();
    try (Connection c = direct.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION pg_stat_statements");
    }
    Database database = Database.open(postgres.getJdbcUrl("postgres", "load"), "postgres",
        null, 10);
    DataSource ds = database.dataSource();
    // As the standalone server builds it: events go to the webhooks' outbox.
    CommunalCore core = CommunalCore.wrap(ds, CoreSettings.defaults(),
        Webhooks.configure(ds).build());
    User submitter = user(core, "submitter");
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      User u = user(core, "reviewer" + i);
      tokens.add(core.apiTokens().create(u, u, "load", EnumSet.of(Permission.READ,
          Permission.WRITE), Optional.empty()).value());
    }
    long started = System.nanoTime();
    long hot = load(ds, submitter.id());
    System.out.printf("loaded %d review requests and %d comments in %.1f s%n", REQUESTS,
        count(ds, "comments"), (System.nanoTime() - started) / 1e9);
    Context root = Context.root("review-load-timing");
    try (TestServer server = TestServer.start(CommunalServlet.configure(core,
        new AccountsHost(core, false)).requestContexts(root).build())) {
      LoopbackClient[] clients = new LoopbackClient[CLIENTS];
      for (int i = 0; i < CLIENTS; i++) {
        clients[i] = new LoopbackClient(server.base());
      }
      // A round runs every side in turn; the first WARM_UP rounds warm up (the service's code
      // keeps getting faster for several), the next ROUNDS are measured. The machine's speed
      // drifts from minute to minute, so each round's ratio is taken within the round, and the
      // median of those is the figure to read.
      List<Result> service = new ArrayList<>();
      List<Result> same = new ArrayList<>();
      List<Result> minimal = new ArrayList<>();
      List<Result> http = new ArrayList<>();
      List<List<Statements>> sql = new ArrayList<>();
      for (int round = 1 - WARM_UP; round <= ROUNDS; round++) {
        boolean measured = round > 0;
        Statements.reset(ds);
        Result s = run(perClient, (client, i) -> serviceOp(clients[client],
            tokens.get(client), hot, publishes.test(i)));
        List<Statements> serviceSql = Statements.read(ds);
        // The reviewers' user ids are 2 to 17: the submitter was made first.
        Result j = run(perClient, (client, i) -> sameSqlOp(ds, client + 2, hot,
            publishes.test(i)));
        List<Statements> sameSql = Statements.read(ds);
        Result m = run(perClient, (client, i) -> minimalOp(ds, client + 2, hot,
            publishes.test(i)));
        List<Statements> minimalSql = Statements.read(ds);
        Result h = run(perClient, (client, i) -> check(clients[client].send("GET", "api/", null,
            Map.of())));
        if (measured) {
          service.add(s);
          same.add(j);
          minimal.add(m);
          http.add(h);
          System.out.printf("round %d: %.0f / %.0f / %.0f ops/s (service / same SQL / minimal)%n",
              round, s.throughput(), j.throughput(), m.throughput());
          if (round == ROUNDS) {
            sql = List.of(serviceSql, sameSql, minimalSql);
          }
        }
      }
      report("service (HTTP)", service);
      report("JDBC, same SQL", same);
      report("JDBC, minimal", minimal);
      report("HTTP alone", http);
      int ops = CLIENTS * perClient;
      Statements.report("service", sql.get(0), ops);
      Statements.report("JDBC, same SQL", sql.get(1), ops);
      Statements.report("JDBC, minimal", sql.get(2), ops);
      Statements.compare(sql.get(0), ops, sql.get(1), ops);
      ratio("service / JDBC with the same SQL", service, same);
      ratio("service / JDBC with minimal SQL", service, minimal);
    } finally {
      root.close();
    }
    database.close();
    postgres.close();
    System.exit(0);
  }

  /** Publishes a review of 10 comments on a random review request, or reads the hot one. */
  private static void serviceOp(LoopbackClient server, String token, long hot, boolean publish)
      throws Exception {
    Map<String, String> auth = Map.of("Authorization", "token " + token);
    LoopbackClient.Answer r;
    if (publish) {
      long rr = 1 + ThreadLocalRandom.current().nextLong(REQUESTS);
      StringBuilder comments = new StringBuilder();
      for (int c = 0; c < 10; c++) {
        comments.append(c == 0 ? "" : ",").append("{\"text\": \"load comment ").append(c)
            .append("\", \"issue_opened\": ").append(c == 0).append("}");
      }
      r = server.send("POST", "api/review-requests/" + rr + "/reviews/draft/publish/",
          "{\"body_top\": \"load\", \"comments\": [" + comments + "]}", auth);
    } else {
      r = server.send("GET", "api/review-requests/" + hot + "/reviews/", null, auth);
    }
    check(r);
  }

  private static void check(LoopbackClient.Answer r) {
    if (r.status() >= 300) {
      throw new IllegalStateException(r.status() + " " + r.text());
    }
  }

  /**
   * The service's own statements for each operation (the constants the core issues them from,
   * bound as the service binds them), straight through JDBC: the floor the service can approach.
   */
  private static void sameSqlOp(DataSource ds, long userId, long hot, boolean publish)
      throws Exception {
    try (Connection c = ds.getConnection()) {
      if (publish) {
        publishAsService(c, userId, 1 + ThreadLocalRandom.current().nextLong(REQUESTS));
      } else {
        readAsService(c, userId, hot);
      }
    }
  }

  private static final NamedSql HEAD = NamedSql.of(ReviewRequestRows.HEAD);
  private static final NamedSql DRAFT = NamedSql.of(ReviewRows.DRAFT_UPSERT);
  private static final NamedSql COMMENTS = NamedSql.of(ReviewRows.COMMENTS_INSERT);
  private static final NamedSql PUBLISH = NamedSql.of(ReviewRows.PUBLISH);
  private static final NamedSql EVENT = NamedSql.of(WebhookStore.RECORD_EVENT);
  private static final NamedSql REVIEWS = NamedSql.of(
      ReviewRows.sql(ReviewRows.PUBLISHED_OF_VISIBLE));

  private static void publishAsService(Connection c, long userId, long rr) throws Exception {
    c.setAutoCommit(false);
    try (PreparedStatement p = HEAD.prepare(c, values("id", rr, "viewer", userId,
        "admin", false)); ResultSet rs = p.executeQuery()) {
      readAll(rs);
    }
    long review;
    // Typed nulls, as Jdbi binds an absent Long, String and Boolean.
    try (PreparedStatement p = DRAFT.prepare(c, values("rr", rr, "user", userId,
        "reply", new NamedSql.Null(Types.BIGINT), "top", "load",
        "bottom", new NamedSql.Null(Types.VARCHAR), "ship", new NamedSql.Null(Types.BOOLEAN)));
        ResultSet rs = p.executeQuery()) {
      rs.next();
      review = rs.getLong("id");
    }
    String[] texts = new String[10];
    String[] issues = new String[10];
    for (int i = 0; i < 10; i++) {
      texts[i] = "load comment " + i;
      issues[i] = i == 0 ? "open" : null;
    }
    try (PreparedStatement p = COMMENTS.prepare(c, values("review", review,
        "kinds", filled(new String[10], "general"), "files", new Long[10],
        "inters", new Long[10], "sides", filled(new String[10], "new"),
        "firsts", new Integer[10], "lines", new Integer[10], "replies", new Long[10],
        "texts", texts, "issues", issues)); ResultSet rs = p.executeQuery()) {
      readAll(rs);
    }
    try (PreparedStatement p = PUBLISH.prepare(c, values("id", review));
        ResultSet rs = p.executeQuery()) {
      readAll(rs);
    }
    try (PreparedStatement p = EVENT.prepare(c, values("event", "review_published",
        "payload", Envelope.stored(Optional.of(rr), Map.of("review_id", review, "user",
            "reviewer", "ship_it", false, "comments", 10, "issues_opened", 1)),
        // As Jdbi binds an instant: a java.sql.Timestamp.
        "repo", new NamedSql.Null(Types.BIGINT),
        "now", java.sql.Timestamp.from(Instant.now())))) {
      p.executeUpdate();
    }
    c.commit();
  }

  private static void readAsService(Connection c, long userId, long rr) throws Exception {
    try (PreparedStatement p = REVIEWS.prepare(c, values("rr", rr, "viewer", userId,
        "admin", false)); ResultSet rs = p.executeQuery()) {
      readAll(rs);
    }
  }

  /** Reads every column of every row, as a program that used the answer would. */
  private static void readAll(ResultSet rs) throws Exception {
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      for (int i = 1; i <= columns; i++) {
        rs.getString(i);
      }
    }
  }

  private static String[] filled(String[] array, String value) {
    java.util.Arrays.fill(array, value);
    return array;
  }

  private static Map<String, Object> values(Object... namesAndValues) {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return values;
  }

  /**
   * The least SQL that does each operation's work (no visibility check, no author, no event,
   * only the columns written): how much the service's own statements cost beyond it.
   */
  private static void minimalOp(DataSource ds, long userId, long hot, boolean publish)
      throws Exception {
    try (Connection c = ds.getConnection()) {
      if (publish) {
        publishDirectly(c, userId, 1 + ThreadLocalRandom.current().nextLong(REQUESTS));
      } else {
        readDirectly(c, hot);
      }
    }
  }

  private static void publishDirectly(Connection c, long userId, long rr) throws Exception {
    c.setAutoCommit(false);
    long review;
    try (PreparedStatement p = c.prepareStatement("INSERT INTO reviews (review_request_id,"
        + " user_id, body_top) VALUES (?, ?, 'load') RETURNING id")) {
      p.setLong(1, rr);
      p.setLong(2, userId);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        review = rs.getLong(1);
      }
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO comments (review_id, kind, text,"
        + " issue_status) VALUES (?, 'general', ?, ?)")) {
      for (int i = 0; i < 10; i++) {
        p.setLong(1, review);
        p.setString(2, "load comment " + i);
        p.setString(3, i == 0 ? "open" : null);
        p.addBatch();
      }
      p.executeBatch();
    }
    try (Statement s = c.createStatement()) {
      s.execute("UPDATE reviews SET is_public = true, published_at = now() WHERE id = " + review);
      s.execute("UPDATE review_requests SET updated_at = now() WHERE id = " + rr);
    }
    c.commit();
  }

  private static void readDirectly(Connection c, long rr) throws Exception {
    try (PreparedStatement p = c.prepareStatement("SELECT v.*, c.* FROM reviews v JOIN comments c"
        + " ON c.review_id = v.id WHERE v.review_request_id = ? AND v.is_public"
        + " ORDER BY v.id, c.id")) {
      p.setLong(1, rr);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rs.getString("text");
        }
      }
    }
  }

  /** 10,000 published review requests with 100 comments each, and one with 200: the hot one. */
  private static long load(DataSource ds, long submitter) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO review_requests (submitter_id, summary, is_public)"
          + " SELECT " + submitter + ", 'load ' || g, true FROM generate_series(1, " + REQUESTS
          + ") g");
      s.execute("INSERT INTO reviews (review_request_id, user_id, body_top, is_public,"
          + " published_at) SELECT r.id, " + submitter + ", 'seed', true, now()"
          + " FROM review_requests r, generate_series(1, 10)");
      s.execute("INSERT INTO comments (review_id, kind, text) SELECT v.id, 'general',"
          + " 'seeded comment ' || g FROM reviews v, generate_series(1, 10) g");
      s.execute("INSERT INTO reviews (review_request_id, user_id, body_top, is_public,"
          + " published_at) SELECT 1, " + submitter + ", 'hot', true, now()"
          + " FROM generate_series(1, 10)");
      s.execute("INSERT INTO comments (review_id, kind, text) SELECT v.id, 'general',"
          + " 'hot comment ' || g FROM reviews v, generate_series(1, 10) g"
          + " WHERE v.body_top = 'hot'");
      // As a live site's tables are: vacuumed, so that autovacuum does not pick the freshly
      // loaded million rows up in the middle of a measured run and bill it to whichever side is
      // running then.
      s.execute("VACUUM (FREEZE, ANALYZE)");
      s.execute("CHECKPOINT");
    }
    return 1;
  }

  private interface Op {
    void run(int client, int i) throws Exception;
  }

  /**
   * @param javaCpu CPU seconds this JVM (clients, server and JDBC driver) used during the run
   * @param postgresCpu CPU seconds PostgreSQL's processes used during the run
   */
  private record Result(long[] latencies, double seconds, double javaCpu, double postgresCpu) {
    double throughput() {
      return latencies.length / seconds;
    }
  }

  private static Result run(int perClient, Op op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long[] all = new long[CLIENTS * perClient];
    long start = System.nanoTime();
    double java0 = javaCpu();
    double pg0 = postgresCpu();
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int client = 0; client < CLIENTS; client++) {
        int id = client;
        clients.add(pool.submit(() -> {
          for (int i = 0; i < perClient; i++) {
            long t0 = System.nanoTime();
            op.run(id, i);
            all[id * perClient + i] = System.nanoTime() - t0;
          }
          return null;
        }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(all, (System.nanoTime() - start) / 1e9, javaCpu() - java0,
        postgresCpu() - pg0);
  }

  private static double javaCpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  /** The CPU time of every PostgreSQL process on the machine (the test server's, here). */
  private static double postgresCpu() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
        .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0))
        .sum();
  }

  /** A side over the measured rounds: median throughput, latencies of all its operations. */
  private static void report(String what, List<Result> rounds) {
    long[] sorted = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted()
        .toArray();
    double javaCpu = rounds.stream().mapToDouble(Result::javaCpu).sum();
    double postgresCpu = rounds.stream().mapToDouble(Result::postgresCpu).sum();
    System.out.printf("%-16s %7.0f ops/s (median of %d rounds)   p50 %6.1f ms   p99 %6.1f ms"
        + "   (%d ops)   CPU per op: Java %.2f ms, PostgreSQL %.2f ms%n", what,
        median(rounds.stream().mapToDouble(Result::throughput).toArray()), rounds.size(),
        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted.length, javaCpu * 1e3 / sorted.length, postgresCpu * 1e3 / sorted.length);
  }

  /** The throughput ratio of two sides within each round: the median, and the range. */
  private static void ratio(String what, List<Result> a, List<Result> b) {
    double[] ratios = new double[a.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = a.get(i).throughput() / b.get(i).throughput();
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    System.out.printf("throughput ratio, %s: %.2f (rounds: %.2f to %.2f)%n", what,
        median(ratios), sorted[0], sorted[sorted.length - 1]);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * What one side asked of PostgreSQL, per statement, from pg_stat_statements (reset before
   * each side, read after it).
   */
  private record Statements(long id, String query, long calls, double millis) {
    static void reset(DataSource ds) throws Exception {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("SELECT pg_stat_statements_reset()");
      }
    }

    static List<Statements> read(DataSource ds) throws Exception {
      List<Statements> all = new ArrayList<>();
      try (Connection c = ds.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT queryid, query, calls,"
              + " total_exec_time + total_plan_time"
              + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
              + " WHERE datname = current_database()) ORDER BY total_exec_time DESC")) {
        while (rs.next()) {
          all.add(new Statements(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getDouble(4)));
        }
      }
      reset(ds);
      return all;
    }

    /**
     * Says whether the two sides issued the same statements (by pg_stat_statements' query id) as
     * often: those issued at least once every ten operations (a token's lookup, cached for a
     * second, is rarer).
     */
    static void compare(List<Statements> service, int serviceOps, List<Statements> baseline,
        int baselineOps) {
      Map<Long, Double> a = perOperation(service, serviceOps);
      Map<Long, Double> b = perOperation(baseline, baselineOps);
      if (a.equals(b)) {
        System.out.println("the same-SQL baseline issued the service's statements, as often");
      } else {
        System.out.println("WARNING: the same-SQL baseline does not issue the service's"
            + " statements; only the service's: " + only(service, a, b) + "; only the"
            + " baseline's: " + only(baseline, b, a));
      }
    }

    private static Map<Long, Double> perOperation(List<Statements> all, int ops) {
      Map<Long, Double> out = new java.util.TreeMap<>();
      for (Statements st : all) {
        double calls = Math.round(st.calls() * 10.0 / ops) / 10.0;
        if (calls >= 0.1 && !st.query().contains("pg_stat_statements")) {
          out.merge(st.id(), calls, Double::sum);
        }
      }
      return out;
    }

    private static List<String> only(List<Statements> all, Map<Long, Double> mine,
        Map<Long, Double> theirs) {
      return all.stream().filter(st -> mine.containsKey(st.id())
              && !mine.get(st.id()).equals(theirs.get(st.id())))
          .map(st -> mine.get(st.id()) + " x " + st.query()).distinct().toList();
    }

    static void report(String side, List<Statements> all, int ops) {
      System.out.printf("%s: %.2f statements and %.3f ms of planning and execution per"
          + " operation%n", side,
          all.stream().mapToLong(Statements::calls).sum() / (double) ops,
          all.stream().mapToDouble(Statements::millis).sum() / ops);
      all.stream().limit(12).forEach(st -> System.out.printf("  %5.2f calls  %6.3f ms  %s%n",
          st.calls() / (double) ops, st.millis() / ops, st.query().replaceAll("\\s+", " ")
              .substring(0, Math.min(110, st.query().replaceAll("\\s+", " ").length()))));
    }
  }

  private static long count(DataSource ds, String table) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static User user(CommunalCore core, String name) {
    String password = "the password of " + name;
    User u = core.users().create(new NewUser(name, name, Optional.empty(), false,
        Optional.empty())).user();
    return core.users().setPassword(u, password, false);
  }
}
