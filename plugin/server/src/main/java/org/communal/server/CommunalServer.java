package org.communal.server;

import java.net.BindException;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.communal.context.Context;
import org.communal.context.ContextCloseException;
import org.communal.core.CommunalCore;
import org.communal.core.CoreSettings;
import org.communal.core.Database;
import org.communal.migrations.MigrationException;
import org.communal.migrations.Migrations;
import org.communal.repos.RepositoryMirrors;
import org.communal.web.AccountsHost;
import org.communal.web.CommunalServlet;
import org.communal.webhooks.Webhooks;
import org.eclipse.jetty.ee9.servlet.ServletContextHandler;
import org.eclipse.jetty.ee9.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone Communal: PostgreSQL (embedded, or external), the migrated schema, and Jetty
 * serving {@link CommunalServlet}. It owns everything it started; {@link #close()} stops it all
 * in reverse order (HTTP first, PostgreSQL last). Thread-safe.
 */
public final class CommunalServer implements AutoCloseable {
  /** The data folder's folder of repository mirrors. */
  static final String MIRRORS = "mirrors";

  private static final Logger LOG = LoggerFactory.getLogger(CommunalServer.class);

  private final Context root;
  private final Server jetty;
  private final URI uri;
  private final String databaseDescription;
  private final Optional<OneTimePassword> oneTimePassword;

  private CommunalServer(Context root, Server jetty, String bindAddress,
      String databaseDescription, Optional<OneTimePassword> oneTimePassword) {
    this.root = root;
    this.jetty = jetty;
    this.databaseDescription = databaseDescription;
    this.oneTimePassword = oneTimePassword;
    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    this.uri = URI.create("http://" + urlHost(bindAddress) + ":" + port + "/");
  }

  private static String urlHost(String bindAddress) {
    // A wildcard address is not somewhere a browser can go; this machine is.
    if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::")) {
      return "localhost";
    }
    return bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
  }

  /**
   * Starts everything. On any failure, whatever was already started is stopped again before the
   * exception leaves.
   *
   * @throws ServerException with a message that says what to do and the exit code to use
   */
  public static CommunalServer start(ServerSettings settings) {
    Context root = Context.root("communal-server");
    try {
      return start(settings, root);
    } catch (RuntimeException e) {
      closeQuietly(root);
      throw e;
    }
  }

  private static CommunalServer start(ServerSettings settings, Context root) {
    String jdbcUrl;
    String user;
    String password;
    String description;
    if (settings.external().isPresent()) {
      ServerSettings.ExternalDatabase ext = settings.external().get();
      jdbcUrl = ext.jdbcUrl();
      user = ext.user();
      password = ext.password();
      description = "PostgreSQL at " + jdbcUrl;
    } else {
      EmbeddedDatabase embedded = root.own("postgres", EmbeddedDatabase.open(settings.dataDir()))
          .get();
      jdbcUrl = embedded.jdbcUrl();
      user = EmbeddedDatabase.USER;
      password = embedded.password();
      description = "embedded PostgreSQL, data in " + embedded.pgData();
    }
    Database database = root.own("database-pool", Database.open(jdbcUrl, user, password, 10))
        .get();
    checkReachable(database, jdbcUrl);
    migrate(database);
    // Every change that webhooks report is recorded in its own transaction (an outbox); the
    // dispatcher sends them on its own threads and, started after the pool, closes before it.
    Webhooks webhooks = Webhooks.configure(database.dataSource()).build();
    CommunalCore core = CommunalCore.wrap(database.dataSource(), CoreSettings.defaults(),
        webhooks);
    webhooks.dispatcher().start(root);
    sweepStatusUpdates(root, core);
    AdminBootstrap bootstrap = new AdminBootstrap(settings.dataDir());
    Optional<String> oneTimePassword = bootstrap.run(core.users());
    CommunalServlet servlet = servlet(settings, root, core, bootstrap, webhooks);
    Server jetty = root.own("http", startJetty(settings, servlet), Server::stop).get();
    return new CommunalServer(root, jetty, settings.bindAddress(), description,
        oneTimePassword.map(p -> new OneTimePassword(p, bootstrap.file())));
  }

  /** The servlet, with the repository mirrors it reads kept under the data folder. */
  private static CommunalServlet servlet(ServerSettings settings, Context root,
      CommunalCore core, AdminBootstrap bootstrap, Webhooks webhooks) {
    RepositoryMirrors mirrors = root.own("repository-mirrors", RepositoryMirrors.configure()
        .directory(settings.dataDir().resolve(MIRRORS)).build()).get();
    CommunalServlet.Builder servlet = CommunalServlet.configure(core,
        new AccountsHost(core, settings.anonymousRead()));
    if (settings.maxRequests() > 0) {
      servlet.maxConcurrentRequests(settings.maxRequests());
    }
    return servlet
        .passwordChanged(bootstrap::passwordChanged)
        .mirrors(mirrors)
        .webhooks(webhooks)
        .requestContexts(root.child("requests"))
        .clientDisconnects(root.own("client-disconnects", new JettyDisconnects()).get())
        .build();
  }

  /** Once a minute, CI checks whose timeout passed become timed-out even if nobody reads them. */
  private static void sweepStatusUpdates(Context root, CommunalCore core) {
    ScheduledExecutorService sweeper = root.own("status-update-sweeper",
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "communal-status-update-sweeper");
          t.setDaemon(true);
          return t;
        }), ExecutorService::shutdownNow).get();
    sweeper.scheduleWithFixedDelay(() -> {
      try {
        core.statusUpdates().expireDue();
      } catch (RuntimeException e) {
        LOG.warn("Sweeping timed-out status updates failed; trying again in a minute", e);
      }
    }, 1, 1, TimeUnit.MINUTES);
  }

  /**
   * The admin's one-time password, created on first start.
   *
   * @param password the password
   * @param file where it was also written
   */
  public record OneTimePassword(String password, java.nio.file.Path file) {
    @Override
    public String toString() {
      return "OneTimePassword[" + file + "]";
    }
  }

  /** The URL the server answers on. */
  public URI uri() {
    return uri;
  }

  /** Which PostgreSQL the server uses, for people. */
  public String databaseDescription() {
    return databaseDescription;
  }

  /** The admin's one-time password, if this start created it. */
  public Optional<OneTimePassword> oneTimePassword() {
    return oneTimePassword;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /**
   * Stops HTTP, closes the pool, stops an embedded PostgreSQL: the server's root context closes,
   * newest first. Idempotent.
   */
  @Override
  public void close() {
    closeQuietly(root);
  }

  private static void checkReachable(Database database, String jdbcUrl) {
    try (Connection c = database.dataSource().getConnection()) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new ServerException(ExitCodes.DATABASE_UNAVAILABLE, "Cannot connect to PostgreSQL at "
          + jdbcUrl + ": " + deepestMessage(e) + ". Check the URL, user and password (--db-user,"
          + " --db-password or PGUSER, PGPASSWORD) and that the server accepts connections.", e);
    }
  }

  private static String deepestMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static void migrate(Database database) {
    try {
      var result = Migrations.configure().dataSource(database.dataSource()).load().migrate();
      LOG.info("Schema at version {} ({} migrations applied)", result.to(), result.applied());
    } catch (MigrationException e) {
      throw new ServerException(ExitCodes.SCHEMA_REFUSED, "Communal will not start on this"
          + " database. " + e.getMessage(), e);
    }
  }

  private static Server startJetty(ServerSettings settings, CommunalServlet servlet) {
    Server jetty = new Server();
    jetty.setErrorHandler(new ProblemErrorHandler());
    HttpConfiguration http = new HttpConfiguration();
    // Nothing tells an attacker which server, and which version of it, to look up flaws for.
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    if (settings.behindProxy()) {
      // Trust X-Forwarded-* only when told to: otherwise any client could claim to be HTTPS or
      // to come from another address (and dodge the sign-in throttle).
      http.addCustomizer(new ForwardedRequestCustomizer());
    }
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(settings.bindAddress());
    connector.setPort(settings.port());
    jetty.addConnector(connector);
    jetty.setStopTimeout(5_000);
    ServletContextHandler context = new ServletContextHandler(jetty, "/");
    context.addServlet(new ServletHolder(servlet), "/*");
    try {
      jetty.start();
      return jetty;
    } catch (Exception e) {
      stopQuietly(jetty);
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new ServerException(ExitCodes.PORT_UNAVAILABLE, "Cannot listen on "
            + settings.bindAddress() + ":" + settings.port() + " (" + e.getMessage()
            + "). Another program uses the port: pick another with --port.", e);
      }
      throw new ServerException(ExitCodes.FAILURE, "The HTTP server did not start: "
          + e.getMessage(), e);
    }
  }

  private static void stopQuietly(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("Stopping the HTTP server after a failed start also failed", e);
    }
  }

  private static void closeQuietly(Context root) {
    try {
      root.close();
    } catch (ContextCloseException e) {
      LOG.error("Shutting down left failures; everything else was stopped", e);
    }
  }

}
