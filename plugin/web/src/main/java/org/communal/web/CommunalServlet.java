package org.communal.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import org.communal.core.Caller;
import org.communal.core.CommunalCore;
import org.communal.core.User;
import org.communal.web.internal.Call;
import org.communal.web.internal.Json;
import org.communal.web.internal.Problems;
import org.communal.web.internal.Reply;
import org.communal.web.internal.Router;
import org.communal.web.internal.api.Routes;

/**
 * The whole of Communal's web interface as one servlet, so that the standalone server and Jenkins
 * serve exactly the same thing. Map it to {@code /*} of its context (Jenkins' adapter hands it the
 * requests below its action's URL). Thread-safe.
 */
public final class CommunalServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Host host;
  private final transient Router router;

  /**
   * A servlet over a core and a host; it borrows both.
   *
   * @param core the domain services, over a migrated database
   * @param host who the caller is, and where the servlet is mounted
   */
  public CommunalServlet(CommunalCore core, Host host) {
    this(core, host, user -> { });
  }

  /**
   * A servlet that also tells {@code passwordChanged} after every password change (the standalone
   * server removes its one-time admin password file then).
   */
  public CommunalServlet(CommunalCore core, Host host, Consumer<User> passwordChanged) {
    this.host = Objects.requireNonNull(host, "host");
    this.router = Routes.table(Objects.requireNonNull(core, "core"), version(),
        host.managesAccounts(), Objects.requireNonNull(passwordChanged, "passwordChanged"));
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

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = pathOf(request);
    boolean head = request.getMethod().equals("HEAD");
    Reply reply;
    try {
      Router.Match match = router.route(head ? "GET" : request.getMethod(), path);
      Caller caller = host.authenticate(request);
      host.checkCsrf(request, caller);
      reply = match.endpoint().handle(Call.of(request, match.params(), host, caller));
    } catch (RuntimeException e) {
      reply = Problems.of(e, request.getRequestURI());
      if (reply.status() == 405) {
        reply = reply.withHeader("Allow", router.allowedMethods(path).orElse(""));
      }
    }
    write(reply, response, head);
  }

  private static String pathOf(HttpServletRequest request) {
    String info = request.getPathInfo();
    return info == null || info.isEmpty() ? "/" : info;
  }

  private static void write(Reply reply, HttpServletResponse response, boolean head)
      throws IOException {
    response.setStatus(reply.status());
    reply.headers().forEach(response::setHeader);
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (reply.body() == null) {
      return;
    }
    byte[] body = Json.write(reply.body());
    response.setContentType((reply.status() >= 400 ? Problems.MEDIA_TYPE : "application/json")
        + ";charset=utf-8");
    response.setContentLength(body.length);
    if (!head) {
      response.getOutputStream().write(body);
    }
  }
}
