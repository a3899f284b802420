package org.communal.core;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.communal.core.internal.Jdbis;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Default reviewers by path pattern, per repository: admins manage them, and publishing a review
 * request whose new diff touches a matching file adds their people and groups to its reviewers.
 * Thread-safe.
 */
public final class DefaultReviewers {
  static final String SELECT = "SELECT d.id, d.repository_id, d.name, d.file_regex,"
      + " ARRAY(SELECT u.username FROM users u WHERE u.id = ANY(d.user_ids) ORDER BY 1) AS people,"
      + " ARRAY(SELECT g.name FROM groups g WHERE g.id = ANY(d.group_ids) ORDER BY 1) AS groups"
      + " FROM default_reviewers d";

  private final Jdbi jdbi;

  DefaultReviewers(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Adds a rule to a repository.
   *
   * @throws InvalidInputException listing a bad pattern, unknown people and groups
   * @throws NoSuchRepositoryException if there is no such repository
   */
  public DefaultReviewer create(long repositoryId, String name, String fileRegex,
      List<String> people, List<String> groups) {
    return Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      tx.createQuery("SELECT id FROM repositories WHERE id = :id").bind("id", repositoryId)
          .mapTo(Long.class).findOne().orElseThrow(() ->
              new NoSuchRepositoryException(repositoryId));
      List<FieldProblem> problems = new ArrayList<>();
      check(name, fileRegex, problems);
      Long[] userIds = ids(tx, "users", "username", people, "people", problems);
      Long[] groupIds = ids(tx, "groups", "name", groups, "groups", problems);
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
      long id = tx.createUpdate("INSERT INTO default_reviewers (repository_id, name, file_regex,"
              + " user_ids, group_ids) VALUES (:repo, :name, :regex, :users, :groups)")
          .bind("repo", repositoryId).bind("name", name.strip()).bind("regex", fileRegex)
          .bind("users", userIds).bind("groups", groupIds)
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      return tx.createQuery(SELECT + " WHERE d.id = :id").bind("id", id)
          .map(DefaultReviewers::row).one();
    }));
  }

  /** The rules of a repository, oldest first. */
  public List<DefaultReviewer> list(long repositoryId) {
    return Jdbis.call(jdbi, h -> h.createQuery(SELECT + " WHERE d.repository_id = :repo"
        + " ORDER BY d.id").bind("repo", repositoryId).map(DefaultReviewers::row).list());
  }

  /** Deletes a rule; returns whether there was one. */
  public boolean delete(long repositoryId, long id) {
    return Jdbis.call(jdbi, h -> h.createUpdate("DELETE FROM default_reviewers WHERE id = :id"
        + " AND repository_id = :repo").bind("id", id).bind("repo", repositoryId).execute() > 0);
  }

  private static void check(String name, String regex, List<FieldProblem> problems) {
    if (name == null || name.isBlank() || name.strip().length() > 200) {
      problems.add(new FieldProblem("name", "is required, 1 to 200 characters"));
    }
    if (regex == null || regex.isEmpty() || regex.length() > 1000) {
      problems.add(new FieldProblem("file_regex", "is required, 1 to 1000 characters"));
      return;
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.add(new FieldProblem("file_regex", "is not a regular expression: "
          + e.getDescription() + " near position " + e.getIndex()));
    }
  }

  private static Long[] ids(org.jdbi.v3.core.Handle h, String table, String column,
      List<String> names, String field, List<FieldProblem> problems) {
    List<Long> ids = new ArrayList<>();
    for (String n : names == null ? List.<String>of() : names) {
      h.createQuery("SELECT id FROM " + table + " WHERE " + column + " = :n").bind("n", n)
          .mapTo(Long.class).findOne().ifPresentOrElse(ids::add,
              () -> problems.add(new FieldProblem(field, "no " + (table.equals("users")
                  ? "user" : "group") + " is named \"" + n + "\"")));
    }
    return ids.toArray(Long[]::new);
  }

  static DefaultReviewer row(ResultSet rs, StatementContext ctx) throws SQLException {
    return new DefaultReviewer(rs.getLong("id"), rs.getLong("repository_id"),
        rs.getString("name"), rs.getString("file_regex"), Jdbis.strings(rs.getArray("people")),
        Jdbis.strings(rs.getArray("groups")));
  }
}
