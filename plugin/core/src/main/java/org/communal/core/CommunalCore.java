package org.communal.core;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.communal.core.internal.CallerCache;
import org.communal.core.internal.Jdbis;
import org.communal.core.internal.ReviewRequestRows;
import org.communal.diff.DiffLimits;
import org.communal.repos.RepositoryMirrors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The review service's core: every domain operation, over one PostgreSQL database whose schema is
 * already migrated. Thread-safe. It borrows the data source: whoever opened the pool closes it.
 */
public final class CommunalCore {
  private final Jdbi jdbi;
  private final CoreSettings settings;
  private final Users users;
  private final Sessions sessions;
  private final ApiTokens apiTokens;
  private final Groups groups;
  private final AuditLog auditLog;
  private final SignIn signIn;
  private final ReviewRequests reviewRequests;
  private final Repositories repositories;
  private final DefaultReviewers defaultReviewers;
  private final StatusUpdates statusUpdates;
  private final Events events;

  private CommunalCore(DataSource dataSource, CoreSettings settings, Events events) {
    this.jdbi = Jdbis.create(Objects.requireNonNull(dataSource, "dataSource"));
    this.settings = Objects.requireNonNull(settings, "settings");
    // Who a token stands for is remembered for a second: a busy client costs no query per call.
    CallerCache<ApiTokens.Use> callers = new CallerCache<>(Duration.ofSeconds(1));
    this.users = new Users(jdbi, callers::clear);
    this.sessions = new Sessions(jdbi, settings);
    this.apiTokens = new ApiTokens(jdbi, settings, callers);
    this.groups = new Groups(jdbi);
    this.auditLog = new AuditLog(jdbi, settings);
    this.signIn = new SignIn(users, sessions, auditLog, new SignInThrottle(settings.clock()));
    // Events about review requests kept within an invite-only group never leave the core.
    this.events = ReviewRequestRows.publicOnly(Objects.requireNonNull(events, "events"));
    this.reviewRequests = new ReviewRequests(jdbi, this.events);
    this.repositories = new Repositories(jdbi);
    this.defaultReviewers = new DefaultReviewers(jdbi);
    this.statusUpdates = new StatusUpdates(jdbi, settings.clock(), this.events);
  }

  /** A core over a data source the caller owns and closes, with the default settings. */
  public static CommunalCore wrap(DataSource dataSource) {
    return new CommunalCore(dataSource, CoreSettings.defaults(), Events.NONE);
  }

  /** A core over a data source the caller owns and closes. */
  public static CommunalCore wrap(DataSource dataSource, CoreSettings settings) {
    return new CommunalCore(dataSource, settings, Events.NONE);
  }

  /**
   * A core over a data source the caller owns and closes, that records every change listeners may
   * hear of in {@code events}, in the change's own transaction (the outbox).
   */
  public static CommunalCore wrap(DataSource dataSource, CoreSettings settings, Events events) {
    return new CommunalCore(dataSource, settings, events);
  }

  public CoreSettings settings() {
    return settings;
  }

  public Users users() {
    return users;
  }

  public Sessions sessions() {
    return sessions;
  }

  public ApiTokens apiTokens() {
    return apiTokens;
  }

  public Groups groups() {
    return groups;
  }

  public AuditLog auditLog() {
    return auditLog;
  }

  public SignIn signIn() {
    return signIn;
  }

  public ReviewRequests reviewRequests() {
    return reviewRequests;
  }

  public Repositories repositories() {
    return repositories;
  }

  public DefaultReviewers defaultReviewers() {
    return defaultReviewers;
  }

  /**
   * The reviews of review requests; publishing one is recorded in the core's {@link Events}.
   *
   * @param rule what makes a review request approved
   */
  public Reviews reviews(ApprovalRule rule) {
    return new Reviews(jdbi, events, rule);
  }

  public StatusUpdates statusUpdates() {
    return statusUpdates;
  }

  /**
   * The diff revisions of review requests, reading repositories through these mirrors.
   *
   * @param mirrors the mirrors, or null to read no repository: diffs are then checked and shown
   *     from their hunks alone, and interdiffs are not available
   */
  public DiffRevisions diffRevisions(RepositoryMirrors mirrors) {
    return new DiffRevisions(jdbi, repositories, mirrors, DiffLimits.DEFAULTS);
  }

  /** Asks PostgreSQL for the schema version; never throws. */
  public Health health() {
    try {
      Optional<String> version = jdbi.withHandle(h -> h.createQuery(
              "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                  + " ORDER BY installed_rank DESC LIMIT 1")
          .mapTo(String.class).findOne());
      return new Health(true, version, version.isPresent() ? "ok"
          : "The database has no Communal schema yet; the service migrates it on start.");
    } catch (JdbiException e) {
      return new Health(false, Optional.empty(), "PostgreSQL did not answer: " + rootMessage(e)
          + ". Check that the database is running and the connection settings are right.");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof SQLException)) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
