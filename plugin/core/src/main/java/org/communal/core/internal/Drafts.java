package org.communal.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communal.core.ChangeDescription;
import org.communal.core.Draft;
import org.communal.core.FieldProblem;
import org.communal.core.InvalidInputException;
import org.communal.core.InvalidStateException;
import org.communal.core.ReviewRequest;
import org.communal.core.ReviewRequestDraft;
import org.communal.core.Viewer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The draft of a review request in the database: saving it (names resolved to ids), publishing
 * it (fields, reviewers, dependencies and the draft's diff revision at once, with one change
 * description) and throwing it away. Runs inside the caller's transaction. Not API.
 */
public final class Drafts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The published lists a publish replaces: table, its column, the draft's array column. */
  private static final String[][] PUBLISHED_LISTS = {
      {"review_request_target_people", "user_id", "target_people"},
      {"review_request_target_groups", "group_id", "target_groups"},
      {"review_request_depends_on", "depends_on_id", "depends_on"}};

  private static final String SELECT = "SELECT d.review_request_id, d.summary, d.description,"
      + " d.testing_done, d.branch, d.bugs_closed, d.change_text, d.updated_at, r.repository_id,"
      + " ARRAY(SELECT u.username FROM users u WHERE u.id = ANY(d.target_people)"
      + "   ORDER BY u.username) AS target_people,"
      + " ARRAY(SELECT g.name FROM groups g WHERE g.id = ANY(d.target_groups)"
      + "   ORDER BY g.name) AS target_groups,"
      + " ARRAY(SELECT x FROM unnest(d.depends_on) x ORDER BY x) AS depends_on,"
      + " (SELECT s.revision FROM diffsets s WHERE s.review_request_id = d.review_request_id"
      + "   AND NOT s.is_published) AS diff_revision"
      + " FROM review_request_drafts d JOIN review_requests r ON r.id = d.review_request_id";

  /** The draft of this review request, if it has one. */
  public Optional<Draft> find(Handle h, long reviewRequestId) {
    return h.createQuery(SELECT + " WHERE d.review_request_id = :id").bind("id", reviewRequestId)
        .map(Drafts::draft).findOne();
  }

  /** The published fields of a review request, as a draft's starting point. */
  public static ReviewRequestDraft fieldsOf(ReviewRequest r) {
    return ReviewRequestDraft.builder().summary(r.summary()).description(r.description())
        .testingDone(r.testingDone()).branch(r.branch()).bugsClosed(r.bugsClosed())
        .repositoryId(r.repositoryId().orElse(null)).targetPeople(r.targetPeople())
        .targetGroups(r.targetGroups()).dependsOn(r.dependsOn()).build();
  }

  /**
   * Stores the draft's fields, creating the draft if needed.
   *
   * @throws InvalidInputException listing every unknown reviewer and dependency
   */
  public void save(Handle h, Viewer viewer, long id, ReviewRequestDraft fields) {
    List<FieldProblem> problems = new ArrayList<>();
    Long[] people = Targets.userIds(h, fields.targetPeople(), problems);
    Long[] groups = Targets.groupIds(h, viewer, fields.targetGroups(), problems);
    Targets.checkDependencies(h, viewer, id, fields.dependsOn(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    h.createUpdate("INSERT INTO review_request_drafts AS d (review_request_id, summary,"
            + " description, testing_done, branch, bugs_closed, target_people, target_groups,"
            + " depends_on, change_text) VALUES (:id, :summary, :description, :testing, :branch,"
            + " :bugs, :people, :groups, :depends, :change)"
            + " ON CONFLICT (review_request_id) DO UPDATE SET summary = excluded.summary,"
            + " description = excluded.description, testing_done = excluded.testing_done,"
            + " branch = excluded.branch, bugs_closed = excluded.bugs_closed,"
            + " target_people = excluded.target_people, target_groups = excluded.target_groups,"
            + " depends_on = excluded.depends_on, change_text = excluded.change_text,"
            + " updated_at = now()")
        .bind("id", id).bind("summary", fields.summary())
        .bind("description", fields.description()).bind("testing", fields.testingDone())
        .bind("branch", fields.branch()).bind("bugs", fields.bugsClosed().toArray(String[]::new))
        .bind("people", people).bind("groups", groups)
        .bind("depends", fields.dependsOn().toArray(Long[]::new))
        .bind("change", fields.changeText()).execute();
  }

  /** Makes sure the review request has a draft (from its published fields if it had none). */
  public void ensure(Handle h, ReviewRequest request) {
    if (find(h, request.id()).isEmpty()) {
      save(h, Viewer.of(request.submitter(), true), request.id(), fieldsOf(request));
    }
  }

  /**
   * Deletes the draft and its unpublished diff revision. A never-published review request gets a
   * fresh draft from its first fields, so that it can still be edited and published.
   */
  public boolean discard(Handle h, ReviewRequest request) {
    int diffs = h.createUpdate("DELETE FROM diffsets WHERE review_request_id = :id"
        + " AND NOT is_published").bind("id", request.id()).execute();
    int rows = h.createUpdate("DELETE FROM review_request_drafts WHERE review_request_id = :id")
        .bind("id", request.id()).execute();
    if (!request.published()) {
      save(h, Viewer.of(request.submitter(), true), request.id(), fieldsOf(request));
    }
    return rows + diffs > 0;
  }

  /**
   * Makes the draft public.
   *
   * @throws InvalidStateException if there is nothing to publish
   * @throws InvalidInputException if a first publish names no reviewer
   */
  public void publish(Handle h, Viewer viewer, ReviewRequest request) {
    if (find(h, request.id()).isEmpty()) {
      throw nothingToPublish(request);
    }
    addDefaultReviewers(h, request);
    Optional<Draft> draft = find(h, request.id());
    Map<String, Object> changed = FieldChanges.between(request, draft.get());
    if (changed.isEmpty() && request.published()) {
      throw nothingToPublish(request);
    }
    ReviewRequestDraft f = draft.get().fields();
    if (!request.published() && f.targetPeople().isEmpty() && f.targetGroups().isEmpty()) {
      throw InvalidInputException.of("target_people", "name at least one reviewer (a person or"
          + " a group) in the draft before publishing it for the first time");
    }
    if (!request.published()) {
      changed.put("initial", true);
    }
    copyToReviewRequest(h, request.id());
    h.createUpdate("UPDATE diffsets SET is_published = true WHERE review_request_id = :id"
        + " AND NOT is_published").bind("id", request.id()).execute();
    h.createUpdate("INSERT INTO change_descriptions (review_request_id, user_id, text,"
            + " fields_changed) VALUES (:id, :user, :text, CAST(:json AS jsonb))")
        .bind("id", request.id()).bind("user", viewer.requireUser().id())
        .bind("text", f.changeText()).bind("json", toJson(changed)).execute();
    h.createUpdate("DELETE FROM review_request_drafts WHERE review_request_id = :id")
        .bind("id", request.id()).execute();
  }

  /**
   * Adds the people and groups of every default reviewer rule of the repository whose pattern
   * finds a path of the diff being published; reviewers are only ever added.
   */
  private static void addDefaultReviewers(Handle h, ReviewRequest request) {
    if (request.repositoryId().isEmpty()) {
      return;
    }
    List<String> paths = h.createQuery("SELECT coalesce(f.dest_path, f.source_path) FROM"
            + " filediffs f JOIN diffsets s ON s.id = f.diffset_id WHERE s.review_request_id ="
            + " :id AND NOT s.is_published").bind("id", request.id()).mapTo(String.class).list();
    if (paths.isEmpty()) {
      return;
    }
    h.createQuery("SELECT id, file_regex FROM default_reviewers WHERE repository_id = :repo")
        .bind("repo", request.repositoryId().get())
        .map((rs, ctx) -> java.util.Map.entry(rs.getLong("id"), rs.getString("file_regex")))
        .list().stream()
        .filter(rule -> paths.stream().anyMatch(p ->
            java.util.regex.Pattern.compile(rule.getValue()).matcher(p).find()))
        .forEach(rule -> h.createUpdate("UPDATE review_request_drafts d SET"
                + " target_people = ARRAY(SELECT DISTINCT x FROM unnest(d.target_people"
                + " || r.user_ids) x), target_groups = ARRAY(SELECT DISTINCT x FROM"
                + " unnest(d.target_groups || r.group_ids) x) FROM default_reviewers r"
                + " WHERE r.id = :rule AND d.review_request_id = :id")
            .bind("rule", rule.getKey()).bind("id", request.id()).execute());
  }

  private static void copyToReviewRequest(Handle h, long id) {
    h.createUpdate("UPDATE review_requests r SET summary = d.summary,"
            + " description = d.description, testing_done = d.testing_done, branch = d.branch,"
            + " bugs_closed = d.bugs_closed, is_public = true, updated_at = now()"
            + " FROM review_request_drafts d WHERE d.review_request_id = r.id AND r.id = :id")
        .bind("id", id).execute();
    for (String[] link : PUBLISHED_LISTS) {
      h.createUpdate("DELETE FROM " + link[0] + " WHERE review_request_id = :id")
          .bind("id", id).execute();
      h.createUpdate("INSERT INTO " + link[0] + " (review_request_id, " + link[1] + ")"
              + " SELECT :id, unnest(" + link[2] + ") FROM review_request_drafts"
              + " WHERE review_request_id = :id")
          .bind("id", id).execute();
    }
  }

  /** Every change description of a review request, oldest first. */
  public static List<ChangeDescription> changes(Handle h, long id) {
    return h.createQuery("SELECT c.id, c.text, c.fields_changed::text AS fields, c.created_at,"
            + " u.id AS user_id, u.username, u.display_name, u.email, u.is_active, u.is_admin,"
            + " u.must_change_password FROM change_descriptions c JOIN users u ON u.id = c.user_id"
            + " WHERE c.review_request_id = :id ORDER BY c.id")
        .bind("id", id).map(Drafts::change).list();
  }

  private static ChangeDescription change(ResultSet rs, StatementContext ctx)
      throws SQLException {
    try {
      Map<String, Object> fields = JSON.readValue(rs.getString("fields"),
          new TypeReference<LinkedHashMap<String, Object>>() {});
      return new ChangeDescription(rs.getLong("id"), Jdbis.user(rs, ctx), rs.getString("text"),
          fields, Jdbis.instant(rs, "created_at"));
    } catch (JsonProcessingException e) {
      throw new SQLException("change description " + rs.getLong("id") + " holds bad JSON", e);
    }
  }

  private static Draft draft(ResultSet rs, StatementContext ctx) throws SQLException {
    long repository = rs.getLong("repository_id");
    Long repositoryId = rs.wasNull() ? null : repository;
    ReviewRequestDraft fields = ReviewRequestDraft.builder().summary(rs.getString("summary"))
        .description(rs.getString("description")).testingDone(rs.getString("testing_done"))
        .branch(rs.getString("branch")).bugsClosed(Jdbis.strings(rs.getArray("bugs_closed")))
        .repositoryId(repositoryId)
        .targetPeople(Jdbis.strings(rs.getArray("target_people")))
        .targetGroups(Jdbis.strings(rs.getArray("target_groups")))
        .dependsOn(List.of((Long[]) rs.getArray("depends_on").getArray()))
        .changeText(rs.getString("change_text")).build();
    int revision = rs.getInt("diff_revision");
    Optional<Integer> diff = rs.wasNull() ? Optional.empty() : Optional.of(revision);
    return new Draft(rs.getLong("review_request_id"), fields, diff,
        Jdbis.instant(rs, "updated_at"));
  }

  private static InvalidStateException nothingToPublish(ReviewRequest request) {
    return new InvalidStateException("Review request " + request.id() + " has no unpublished"
        + " changes: edit its draft or upload a diff first.");
  }

  private static String toJson(Map<String, Object> changed) {
    try {
      return JSON.writeValueAsString(changed);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("change description not serializable", e);
    }
  }
}
