package org.communal.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.communal.context.CancellationCause;
import org.communal.context.Context;
import org.communal.context.Limits;
import org.communal.context.ContextCloseException;
import org.communal.core.Caller;
import org.communal.core.CommunalCore;
import org.communal.core.ReviewSessions;
import org.communal.core.ApprovalRule;
import org.communal.core.User;
import org.communal.repos.RepositoryMirrors;
import org.communal.web.internal.Call;
import org.communal.web.internal.ClientGoneException;
import org.communal.web.internal.Problems;
import org.communal.web.internal.Reply;
import org.communal.web.internal.Router;
import org.communal.web.internal.api.Routes;
import org.communal.webhooks.Webhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of Communal's web interface as one servlet, so that the standalone server and Jenkins
 * serve exactly the same thing. Map it to {@code /*} of its context (Jenkins' adapter hands it the
 * requests below its action's URL). Every request runs in its own {@link Context}, closed when the
 * response is written and cancelled when it runs past the request timeout. Thread-safe.
 */
public final class CommunalServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CommunalServlet.class);

  private final transient Host host;
  private final transient Router router;
  private final transient Context requests;
  private final transient boolean ownsRequests;
  private final Duration requestTimeout;
  private final int maxConcurrent;
  private final transient Semaphore running;
  private final Duration admissionTimeout;
  private final transient ClientDisconnects disconnects;
  private final transient ReviewSessions reviewSessions;
  private final transient AtomicLong lastIdleSweep = new AtomicLong(System.nanoTime());

  /** A servlet with the defaults of {@link #configure}. */
  public CommunalServlet(CommunalCore core, Host host) {
    this(configure(core, host));
  }

  private CommunalServlet(Builder b) {
    this.host = b.host;
    this.router = Routes.table(b.core, b.core.diffRevisions(b.mirrors),
        b.core.reviews(b.approvalRule), version(), b.host.managesAccounts(),
        b.passwordChanged, b.webhooks);
    this.ownsRequests = b.requests == null;
    this.requests = ownsRequests ? Context.root("communal-requests") : b.requests;
    this.requestTimeout = b.requestTimeout;
    this.maxConcurrent = b.maxConcurrentRequests;
    this.running = new Semaphore(b.maxConcurrentRequests, true);
    this.admissionTimeout = b.admissionTimeout;
    this.disconnects = b.disconnects;
    this.reviewSessions = new ReviewSessions(requests.child("review-sessions"),
        Limits.weight(b.sessionWeightLimit), b.sessionIdleTimeout, Clock.systemUTC());
  }

  /**
   * Starts configuring a servlet over a core and a host; it borrows both.
   *
   * @param core the domain services, over a migrated database
   * @param host who the caller is, and where the servlet is mounted
   */
  public static Builder configure(CommunalCore core, Host host) {
    return new Builder(core, host);
  }

  /** This build's version, such as {@code 0.1.0}. */
  public static String version() {
    try (InputStream in = CommunalServlet.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Admits at most the configured number of requests at once, in the order they came; the rest
   * wait (up to the admission timeout, then 503). On a machine with few cores, sixteen requests
   * sharing the CPU all finish late; a few at a time, each finishes soon after it starts.
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean admitted;
    try {
      admitted = running.tryAcquire(admissionTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      Reply busy = Problems.of(new ApiException(503, "overloaded", "The server is busy: "
          + maxConcurrent + " requests are running and more were waiting. Try again in a"
          + " moment."), request.getRequestURI()).withHeader("Retry-After", "1");
      // The body stays unread: the connection cannot carry another request.
      write(hasBody(request) ? busy.withHeader("Connection", "close") : busy, request, response,
          request.getMethod().equals("HEAD"));
      return;
    }
    // The slot is given back before the answer is written: a client that reads slowly holds a
    // connection, not a slot.
    Runnable release = new Runnable() {
      private boolean released;

      @Override
      public void run() {
        if (!released) {
          released = true;
          running.release();
        }
      }
    };
    try {
      serve(request, response, release);
    } finally {
      release.run();
    }
  }

  private void serve(HttpServletRequest request, HttpServletResponse response,
      Runnable releaseSlot) throws IOException {
    String path = pathOf(request);
    boolean head = request.getMethod().equals("HEAD");
    sweepIdleSessions();
    Reply reply;
    Context context = null;
    Watcher watcher = null;
    try {
      Router.Match match = router.route(head ? "GET" : request.getMethod(), path);
      Caller caller = host.authenticate(request);
      host.checkCsrf(request, caller);
      context = parentFor(path, match, caller).withTimeout(request.getMethod() + " " + path,
          requestTimeout);
      watcher = new Watcher(request, context);
      if (!hasBody(request)) {
        watcher.bodyRead();
      }
      reply = match.endpoint().handle(Call.of(request, match.params(), host, caller, context,
          watcher::bodyRead, reviewSessions));
    } catch (RuntimeException | Error e) {
      // An Error (out of memory, a stack overflow) ends this request, not the server: it is
      // answered like any other unexpected failure, never with the container's own page.
      reply = Problems.of(e, request.getRequestURI());
      if (reply.status() == 405) {
        reply = reply.withHeader("Allow", router.allowedMethods(path).orElse(""));
      }
    }
    try {
      boolean consumedInput = watcher != null && watcher.stop();
      // A refused request may leave its body unread; the connection then cannot carry another
      // request, and saying so spares the client a failed reuse.
      if (consumedInput || (reply.status() >= 400 && hasBody(request))) {
        reply = reply.withHeader("Connection", "close");
      }
      releaseSlot.run();
      write(reply, request, response, head);
    } finally {
      if (context != null) {
        closeQuietly(context);
      }
    }
  }

  /**
   * A signed-in reviewer's requests about one review request hang below their review session,
   * once one is open; everything else below the request root.
   */
  private Context parentFor(String path, Router.Match match, Caller caller) {
    String id = match.params().get("id");
    if (id != null && path.startsWith("/api/review-requests/") && caller.user().isPresent()) {
      try {
        long reviewRequest = Long.parseLong(id);
        if (path.startsWith("/api/review-requests/" + id + "/diffs/")) {
          // Reading diffs is review work: it gets a session, which caches the applied diffs.
          return reviewSessions.open(caller.user().get(), reviewRequest);
        }
        return reviewSessions.find(caller.user().get(), reviewRequest).orElse(requests);
      } catch (NumberFormatException e) {
        return requests;
      }
    }
    return requests;
  }

  /** At most once a minute, on the way in, close the review sessions left idle. */
  private void sweepIdleSessions() {
    long last = lastIdleSweep.get();
    if (System.nanoTime() - last > Duration.ofMinutes(1).toNanos()
        && lastIdleSweep.compareAndSet(last, System.nanoTime())) {
      reviewSessions.closeIdle();
    }
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  /** Watches for the client going away once the request's body has been read. */
  private final class Watcher {
    private final HttpServletRequest request;
    private final Context context;
    private ClientDisconnects.Watch watch;

    Watcher(HttpServletRequest request, Context context) {
      this.request = request;
      this.context = context;
    }

    void bodyRead() {
      if (watch == null) {
        watch = disconnects.watch(request, () -> context.cancel(
            CancellationCause.of(CancellationCause.CLIENT_DISCONNECTED)));
      }
    }

    /** Stops watching; true if the connection must close after this response. */
    boolean stop() {
      if (watch == null) {
        return false;
      }
      watch.close();
      return watch.consumedInput();
    }
  }

  /** Closes the request contexts this servlet created itself (none when it was given a parent). */
  @Override
  public void destroy() {
    if (ownsRequests) {
      closeQuietly(requests);
    }
  }

  private static void closeQuietly(Context context) {
    try {
      context.close();
    } catch (ContextCloseException e) {
      LOG.warn("Releasing the resources of {} failed", context.path(), e);
    }
  }

  private static String pathOf(HttpServletRequest request) {
    String info = request.getPathInfo();
    return info == null || info.isEmpty() ? "/" : info;
  }

  private static void write(Reply reply, HttpServletRequest request, HttpServletResponse response,
      boolean head) {
    Reply rendered = rendered(reply, request.getRequestURI());
    Reply.Raw body = (Reply.Raw) rendered.body();
    // Every GET answer carries a strong validator: a client that has it already gets 304.
    String etag = body != null && rendered.status() == 200
        && (head || request.getMethod().equals("GET")) ? etagOf(body.bytes()) : null;
    boolean notModified = etag != null && matches(request.getHeader("If-None-Match"), etag);
    response.setStatus(notModified ? 304 : rendered.status());
    if (!notModified) {
      rendered.headers().forEach(response::setHeader);
    }
    if (etag != null) {
      response.setHeader("ETag", etag);
    }
    securityHeaders(request, rendered).forEach(response::setHeader);
    if (body != null && !notModified) {
      writeBody(body, request, response, head);
    }
  }

  private static void writeBody(Reply.Raw body, HttpServletRequest request,
      HttpServletResponse response, boolean head) {
    response.setContentType(body.contentType());
    response.setContentLength(body.bytes().length);
    if (head) {
      return;
    }
    try {
      response.getOutputStream().write(body.bytes());
    } catch (IOException e) {
      // Nobody is left to answer, and a client that hangs up is no failure of the server's.
      ClientGoneException.log("while the answer to " + request.getRequestURI() + " was written",
          e);
    }
  }

  /** An answer that sets a cookie (signing in or out) is as private as one to a credential. */
  private static Map<String, String> securityHeaders(HttpServletRequest request, Reply reply) {
    String cookies = String.join("; ", Collections.list(request.getHeaders("Cookie")));
    return ResponseHeaders.of(reply.headers().containsKey("Set-Cookie")
        || ResponseHeaders.credentialed(request.getHeader("Authorization"), cookies));
  }

  /** The reply with its body as bytes; a body that cannot be written is a failure of its own. */
  private static Reply rendered(Reply reply, String instance) {
    try {
      return reply.rendered();
    } catch (RuntimeException | Error e) {
      return Problems.of(e, instance).rendered();
    }
  }

  private static String etagOf(byte[] body) {
    byte[] hash = org.communal.core.internal.Secrets.sha256().digest(body);
    return "\"" + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(hash, 18)) + "\"";
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  /** Fluent configuration; {@link #build()} ends it. Not thread-safe. */
  public static final class Builder {
    private final CommunalCore core;
    private final Host host;
    private Consumer<User> passwordChanged = user -> { };
    private Context requests;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int maxConcurrentRequests = 8;
    private Duration admissionTimeout = Duration.ofSeconds(30);
    private ClientDisconnects disconnects = ClientDisconnects.NONE;
    private long sessionWeightLimit = 64L << 20;
    private Duration sessionIdleTimeout = Duration.ofHours(2);
    private RepositoryMirrors mirrors;
    private ApprovalRule approvalRule = ApprovalRule.SHIP_IT_AND_NO_OPEN_ISSUE;
    private Webhooks webhooks;

    private Builder(CommunalCore core, Host host) {
      this.core = Objects.requireNonNull(core, "core");
      this.host = Objects.requireNonNull(host, "host");
    }

    /** Told after every password change. Default: nothing. */
    public Builder passwordChanged(Consumer<User> listener) {
      this.passwordChanged = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The context under which every request's context hangs (the server's root, say); the
     * caller closes it. Default: a root of the servlet's own, closed by {@code destroy()}.
     */
    public Builder requestContexts(Context parent) {
      this.requests = Objects.requireNonNull(parent, "parent");
      return this;
    }

    /** How long a request may run before its context is cancelled. Default: 60 seconds. */
    public Builder requestTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive, was " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * How the server reports clients that went away; their requests' contexts are cancelled at
     * once. Default: {@link ClientDisconnects#NONE}.
     */
    public Builder clientDisconnects(ClientDisconnects disconnects) {
      this.disconnects = Objects.requireNonNull(disconnects, "disconnects");
      return this;
    }

    /**
     * The most one review session may hold (parsed diffs and the like), in bytes. Default: 64
     * MiB.
     */
    public Builder sessionWeightLimit(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("sessionWeightLimit must be 0 or more, was " + bytes);
      }
      this.sessionWeightLimit = bytes;
      return this;
    }

    /** A review session unused this long is closed. Default: 2 hours. */
    public Builder sessionIdleTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("sessionIdleTimeout must be positive, was " + timeout);
      }
      this.sessionIdleTimeout = timeout;
      return this;
    }

    /**
     * The mirrors through which repositories are fetched and read; the caller owns and closes
     * them. Default: none, so diffs are shown from their hunks alone and interdiffs are not
     * available.
     */
    public Builder mirrors(RepositoryMirrors repositoryMirrors) {
      this.mirrors = Objects.requireNonNull(repositoryMirrors, "mirrors");
      return this;
    }

    /**
     * What makes a review request approved. Default: {@link
     * ApprovalRule#SHIP_IT_AND_NO_OPEN_ISSUE}.
     */
    public Builder approvalRule(ApprovalRule rule) {
      this.approvalRule = Objects.requireNonNull(rule, "approvalRule");
      return this;
    }

    /**
     * The webhooks admins manage under {@code /api/webhooks/}; the caller owns them and starts
     * their dispatcher. Default: none, and those routes answer 404.
     */
    public Builder webhooks(Webhooks configured) {
      this.webhooks = Objects.requireNonNull(configured, "webhooks");
      return this;
    }

    /**
     * How many requests run at once; more wait their turn, in order. Default: 8, below the
     * standalone server's 10 database connections (its webhook dispatcher and sweeper use the
     * others), so that requests queue here, in order, rather than for a connection. Raise it with
     * the pool. Requests that wait on a remote repository, or on a client that sends its body
     * slowly, hold their place while they wait; the answer is written after the place is given
     * back.
     */
    public Builder maxConcurrentRequests(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be 1 or more, was " + max);
      }
      this.maxConcurrentRequests = max;
      return this;
    }

    /** How long a request waits for its turn before it is answered 503. Default: 30 s. */
    public Builder admissionTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("admissionTimeout must be positive, was " + timeout);
      }
      this.admissionTimeout = timeout;
      return this;
    }

    public CommunalServlet build() {
      return new CommunalServlet(this);
    }
  }
}
