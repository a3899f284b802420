package org.communal.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.communal.context.Context;
import org.communal.core.CommunalCore;
import org.communal.core.CoreSettings;
import org.communal.core.Database;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.testing.TestPostgres;
import org.communal.webhooks.Webhooks;

/**
 * Reviews under load: with 10,000 review requests and 1,000,000 comments loaded, 16 clients on
 * loopback post reviews of 10 comments and fetch a review request's 200 comments, through the
 * whole service (HTTP, JSON, permissions, one transaction per publish); against the same SQL
 * issued straight through JDBC by 16 threads, in the same run; and, to show what HTTP alone costs
 * on the same machine, 16 clients reading the API's root (no database). A benchmark, not a test:
 *
 * <pre>./mvnw -B -q -pl plugin/web test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.communal.web.ReviewLoadTiming [-Dexec.args=400]</pre>
 */
public final class ReviewLoadTiming {
  private static final int CLIENTS = 16;
  private static final int REQUESTS = 10_000;

  private ReviewLoadTiming() {}

  public static void main(String[] args) throws Exception {
    int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    // The standalone server's pool: 10 connections, for the service and the baseline alike.
    Database database = Database.open(TestPostgres.migratedDatabase().jdbcUrl(), "postgres",
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
      for (int round = 0; round < 2; round++) { // the first round warms up both sides
        Result service = run(perClient, (client, i) -> serviceOp(clients[client],
            tokens.get(client), hot, i));
        Result jdbc = run(perClient, (client, i) -> jdbcOp(ds, client + 2, hot, i));
        Result http = run(perClient, (client, i) -> check(clients[client].send("GET", "api/", null,
            Map.of())));
        if (round == 1) {
          report("service (HTTP)", service);
          report("direct JDBC", jdbc);
          report("HTTP alone", http);
          System.out.printf("throughput ratio (service / JDBC): %.2f%n",
              service.throughput() / jdbc.throughput());
        }
      }
    } finally {
      root.close();
    }
    System.exit(0);
  }

  /** Half the operations publish a review of 10 comments, half read the hot review request. */
  private static void serviceOp(LoopbackClient server, String token, long hot, int i)
      throws Exception {
    Map<String, String> auth = Map.of("Authorization", "token " + token);
    LoopbackClient.Answer r;
    if (i % 2 == 0) {
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

  /** The same SQL the service issues for each operation, without the service. */
  private static void jdbcOp(DataSource ds, long userId, long hot, int i) throws Exception {
    try (Connection c = ds.getConnection()) {
      if (i % 2 == 0) {
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
      s.execute("ANALYZE");
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

  private static void report(String what, Result r) {
    long[] sorted = r.latencies().clone();
    Arrays.sort(sorted);
    System.out.printf("%-16s %7.0f ops/s   p50 %6.1f ms   p99 %6.1f ms   (%d ops)"
        + "   CPU per op: Java %.2f ms, PostgreSQL %.2f ms%n", what,
        r.throughput(), sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6, sorted.length,
        r.javaCpu() * 1e3 / sorted.length, r.postgresCpu() * 1e3 / sorted.length);
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
        Optional.of(password))).user();
    return core.users().setPassword(u, password, false);
  }
}
