package org.communal.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.communal.context.Context;
import org.communal.core.internal.Jdbis;
import org.communal.repos.MirrorStatus;
import org.communal.repos.RepositoryException;
import org.communal.repos.RepositoryMirrors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The repositories review requests are made against: admins add and change them, everyone who may
 * read sees them. Their mirrors are fetched by the caller ({@code org.communal.repos}); this class
 * records how each fetch went. Thread-safe.
 */
public final class Repositories {
  private static final String SELECT = "SELECT id, name, clone_url, default_branch,"
      + " mirror_status, mirror_message, mirror_fetched_at FROM repositories";

  private final Jdbi jdbi;

  Repositories(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Adds a repository.
   *
   * @throws InvalidInputException listing every invalid field
   * @throws AlreadyExistsException if the name is taken (names are compared ignoring case)
   */
  public Repository create(String name, String cloneUrl, String defaultBranch) {
    String branch = defaultBranch == null || defaultBranch.isBlank() ? "main" : defaultBranch;
    check(name, cloneUrl, branch);
    try {
      long id = Jdbis.call(jdbi, h -> h.createUpdate("INSERT INTO repositories (name, clone_url,"
              + " default_branch) VALUES (:name, :url, :branch)")
          .bind("name", name.strip()).bind("url", cloneUrl.strip()).bind("branch", branch.strip())
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
      return get(id);
    } catch (RuntimeException e) {
      if (Jdbis.isUniqueViolation(e)) {
        throw new AlreadyExistsException("A repository named \"" + name.strip()
            + "\" exists already; choose another name.");
      }
      throw e;
    }
  }

  /**
   * The repository with this id.
   *
   * @throws NoSuchRepositoryException if there is none
   */
  public Repository get(long id) {
    return Jdbis.call(jdbi, h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id)
        .map(Repositories::repository).findOne()
        .orElseThrow(() -> new NoSuchRepositoryException(id)));
  }

  /** A page of repositories, by name. */
  public Page<Repository> list(PageRequest page) {
    return Jdbis.call(jdbi, h -> new Page<>(h.createQuery(SELECT
            + " ORDER BY lower(name), id OFFSET :start LIMIT :max")
        .bind("start", page.start()).bind("max", page.maxResults())
        .map(Repositories::repository).list(),
        h.createQuery("SELECT count(*) FROM repositories").mapTo(Long.class).one(), page));
  }

  /**
   * Records how a fetch of the repository's mirror went.
   *
   * @param status {@code fetching}, {@code ok} or {@code failed}
   * @param message what to tell users; empty when it went well
   * @param finishedAt when the fetch finished, or null while it runs
   */
  public void recordFetch(long id, String status, String message, Instant finishedAt) {
    Jdbis.call(jdbi, h -> h.createUpdate("UPDATE repositories SET mirror_status = :status,"
            + " mirror_message = :message,"
            + " mirror_fetched_at = coalesce(:at, mirror_fetched_at), updated_at = now()"
            + " WHERE id = :id")
        .bind("status", status).bind("message", message).bind("at", Jdbis.utc(finishedAt))
        .bind("id", id).execute());
  }

  /**
   * Fetches the repository's mirror as a sub-request of {@code ctx} (cancelled with it), and
   * records how it went.
   *
   * @return the repository with its new mirror state
   * @throws org.communal.repos.RepositoryException if the fetch failed; the failure is recorded
   */
  public Repository fetch(Context ctx, long id, RepositoryMirrors mirrors) {
    Repository repo = get(id);
    recordFetch(id, "fetching", "", null);
    try {
      MirrorStatus status = mirrors.fetch(ctx, id, repo.cloneUrl());
      recordFetch(id, "ok", "", status.lastFetched());
    } catch (RepositoryException e) {
      recordFetch(id, "failed", e.getMessage(), Instant.now());
      throw e;
    }
    return get(id);
  }

  private static void check(String name, String cloneUrl, String branch) {
    List<FieldProblem> problems = new ArrayList<>();
    if (name == null || name.isBlank() || name.strip().length() > 200) {
      problems.add(new FieldProblem("name", "is required, 1 to 200 characters"));
    }
    if (cloneUrl == null || cloneUrl.isBlank()) {
      problems.add(new FieldProblem("clone_url", "is required"));
    } else {
      checkUrl(cloneUrl.strip()).ifPresent(reason ->
          problems.add(new FieldProblem("clone_url", reason)));
    }
    if (branch.strip().length() > 255 || branch.contains("..") || branch.contains(" ")) {
      problems.add(new FieldProblem("default_branch", "must be a branch name such as main"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  /** Why a clone URL is refused, if it is. */
  static Optional<String> checkUrl(String url) {
    if (url.startsWith("/")) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme();
      if (!List.of("http", "https", "file").contains(scheme)) {
        return Optional.of("must start with https://, http://, file:// or / (was \"" + scheme
            + "\"); ssh and git:// are not supported");
      }
      if (uri.getUserInfo() != null) {
        return Optional.of("must not hold a user name or password: the URL is shown to every"
            + " reader");
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL: " + e.getReason());
    }
  }

  private static Repository repository(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Repository(rs.getLong("id"), rs.getString("name"), rs.getString("clone_url"),
        rs.getString("default_branch"), rs.getString("mirror_status"),
        rs.getString("mirror_message"),
        Optional.ofNullable(Jdbis.instant(rs, "mirror_fetched_at")));
  }
}
