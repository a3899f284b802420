package org.communal.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code communal-server}: runs Communal standalone. Parses the command line, starts the server,
 * prints where it listens, and turns every failure into one exit code and a plain message.
 */
@Command(name = "communal-server", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs the Communal code review service with its own web server. By default it"
        + " starts an embedded PostgreSQL whose data lives in the data folder.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:stopped normally, also by Ctrl-C or SIGTERM",
        "1:unexpected failure (see the log)",
        "2:wrong command line",
        "3:PostgreSQL could not be started or reached",
        "4:the database schema cannot be used by this version",
        "5:the HTTP port could not be opened"})
public final class Main implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
      description = "HTTP port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only);"
          + " use 0.0.0.0 to listen on every interface.")
  String bind;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder for the embedded PostgreSQL's data, programs and password; only its"
          + " owner may open it. Default: ~/.communal.")
  Path dataDir;

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "Use this external PostgreSQL instead of the embedded one, such as"
          + " jdbc:postgresql://db.example.org:5432/communal.")
  String jdbcUrl;

  @Option(names = "--db-user", paramLabel = "USER",
      description = "User for --jdbc-url. Default: the PGUSER environment variable.")
  String dbUser;

  @Option(names = "--db-password", paramLabel = "PASSWORD",
      description = "Password for --jdbc-url. Default: the PGPASSWORD environment variable"
          + " (preferred: a password on the command line is visible to other users).")
  String dbPassword;

  @Option(names = "--anonymous-read",
      description = "Let people who are not signed in read review requests. Default: off.")
  boolean anonymousRead;

  @Option(names = "--behind-proxy",
      description = "Trust the X-Forwarded-* headers of a reverse proxy (HTTPS, client address)."
          + " Only behind a proxy that sets them. Default: off.")
  boolean behindProxy;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  int maxRequests;

  @Option(names = "--max-requests", paramLabel = "N",
      description = "Run at most N requests at once; the others wait their turn, in order (503"
          + " after 30 s). Default: 8, below the 10 database connections.")
  void maxRequests(int n) {
    if (n < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-requests must be 1 or more, was " + n);
    }
    maxRequests = n;
  }

  /** Set before {@link #main} calls System.exit, which also runs the shutdown hook. */
  private static final AtomicBoolean EXIT_REQUESTED = new AtomicBoolean();

  private final Map<String, String> env;
  private final PrintWriter out;

  Main(Map<String, String> env, PrintWriter out) {
    this.env = env;
    this.out = out;
  }

  public static void main(String[] args) {
    int code = run(args, System.getenv(), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true));
    if (code != ExitCodes.OK) {
      exitRequested();
      System.exit(code);
    }
  }

  /** Runs the command and returns its exit code; blocks while the server runs. */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main(env, out));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof ServerException se) {
        err.println("communal-server: " + se.getMessage());
        return se.exitCode();
      }
      err.println("communal-server: unexpected failure: " + e);
      e.printStackTrace(err);
      return ExitCodes.FAILURE;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    CommunalServer server = CommunalServer.start(settings());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(server),
        "communal-shutdown"));
    out.println("Communal " + Version.VERSION + " is running at " + server.uri());
    out.println("Database: " + server.databaseDescription());
    server.oneTimePassword().ifPresent(p -> {
      out.println();
      out.println("An admin account was created. Sign in as 'admin' with this one-time password");
      out.println("(you will be asked to change it); it is also in " + p.file() + ":");
      out.println();
      out.println("    " + p.password());
      out.println();
    });
    out.println("Stop it with Ctrl-C.");
    server.join();
    return ExitCodes.OK;
  }

  /**
   * Ctrl-C and SIGTERM are how people and service managers stop the server, so they are a normal
   * stop. The JVM would exit with 128 + the signal's number whatever the hook does; once
   * everything is closed, the hook ends the process itself with the code of a normal stop. The
   * hook also runs when {@link #main} exits with a failure's code: then it only closes the server,
   * and that code stays.
   */
  private static void stopOnSignal(CommunalServer server) {
    server.close();
    if (stoppedBySignal()) {
      Runtime.getRuntime().halt(ExitCodes.OK);
    }
  }

  /** Whether the JVM is stopping for another reason than {@link #main} calling System.exit. */
  static boolean stoppedBySignal() {
    return !EXIT_REQUESTED.get();
  }

  /** Records that {@link #main} is about to exit with its own code, which the hook must keep. */
  static void exitRequested() {
    EXIT_REQUESTED.set(true);
  }

  ServerSettings settings() {
    Path data = dataDir != null ? dataDir
        : Path.of(System.getProperty("user.home"), ".communal");
    Optional<ServerSettings.ExternalDatabase> external = Optional.ofNullable(jdbcUrl)
        .map(url -> new ServerSettings.ExternalDatabase(url,
            dbUser != null ? dbUser : env.get("PGUSER"),
            dbPassword != null ? dbPassword : env.get("PGPASSWORD")));
    return new ServerSettings(bind, port, data, external, anonymousRead, behindProxy,
        maxRequests);
  }

  /** Reports the build's version. */
  static final class Version implements CommandLine.IVersionProvider {
    static final String VERSION = org.communal.web.CommunalServlet.version();

    @Override
    public String[] getVersion() {
      return new String[] {"communal-server " + VERSION};
    }
  }
}
