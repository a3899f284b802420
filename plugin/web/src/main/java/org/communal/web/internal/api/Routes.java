package org.communal.web.internal.api;

import java.util.function.Consumer;
import org.communal.core.CommunalCore;
import org.communal.core.DiffRevisions;
import org.communal.core.Reviews;
import org.communal.core.User;
import org.communal.web.internal.Router;
import org.communal.webhooks.Webhooks;

/** Every route of the API, in one table. */
public final class Routes {
  private Routes() {}

  /**
   * The routing table over a core.
   *
   * @param diffs the review requests' diff revisions
   * @param reviews the review requests' reviews
   * @param version reported by the API root
   * @param managesAccounts whether to serve sign-in, passwords and account administration (the
   *     standalone server does; inside Jenkins, Jenkins does)
   * @param passwordChanged told after any password change
   * @param webhooks the webhooks to administer under {@code /api/webhooks/}, or null for none
   */
  public static Router table(CommunalCore core, DiffRevisions diffs, Reviews reviews,
      String version, boolean managesAccounts, Consumer<User> passwordChanged,
      Webhooks webhooks) {
    Router.Builder routes = Router.builder()
        .add("GET", "/", new GetIndex())
        .add("GET", "/health/", new GetHealth(core))
        .add("GET", "/api/", new GetApiRoot(version, managesAccounts, webhooks != null))
        .add("GET", "/api/review-requests/", new ListReviewRequests(core))
        .add("POST", "/api/review-requests/", new CreateReviewRequest(core))
        .add("GET", "/api/review-requests/{id}/", new GetReviewRequest(core))
        .add("PUT", "/api/review-requests/{id}/", new UpdateReviewRequest(core))
        .add("GET", "/api/review-requests/{id}/draft/", new GetDraft(core))
        .add("PATCH", "/api/review-requests/{id}/draft/", new UpdateDraft(core))
        .add("DELETE", "/api/review-requests/{id}/draft/", new DeleteDraft(core))
        .add("POST", "/api/review-requests/{id}/draft/publish/", new PublishDraft(core))
        .add("GET", "/api/review-requests/{id}/changes/", new ListChanges(core))
        .add("GET", "/api/review-requests/{id}/reviews/", new ListReviews(reviews))
        .add("GET", "/api/review-requests/{id}/reviews/draft/", new GetReviewDraft(reviews))
        .add("PUT", "/api/review-requests/{id}/reviews/draft/", new SaveReviewDraft(reviews))
        .add("DELETE", "/api/review-requests/{id}/reviews/draft/",
            new DeleteReviewDraft(reviews))
        .add("POST", "/api/review-requests/{id}/reviews/draft/publish/",
            new PublishReview(reviews))
        .add("GET", "/api/review-requests/{id}/reviews/{review}/", new GetReview(reviews))
        .add("POST", "/api/review-requests/{id}/reviews/{review}/replies/",
            new PublishReply(reviews))
        .add("GET", "/api/review-requests/{id}/reviews/{review}/replies/draft/",
            new GetReplyDraft(reviews))
        .add("PUT", "/api/review-requests/{id}/reviews/{review}/replies/draft/",
            new SaveReplyDraft(reviews))
        .add("DELETE", "/api/review-requests/{id}/reviews/{review}/ship-it/",
            new RevokeShipIt(reviews))
        .add("PUT", "/api/review-requests/{id}/comments/{comment}/issue/",
            new UpdateIssue(reviews))
        .add("GET", "/api/review-requests/{id}/standing/", new GetStanding(reviews))
        .add("GET", "/api/review-requests/{id}/status-updates/", new ListStatusUpdates(core))
        .add("POST", "/api/review-requests/{id}/status-updates/", new CreateStatusUpdate(core))
        .add("GET", "/api/review-requests/{id}/status-updates/{sid}/", new GetStatusUpdate(core))
        .add("PUT", "/api/review-requests/{id}/status-updates/{sid}/",
            new UpdateStatusUpdate(core))
        .add("POST", "/api/review-requests/{id}/status-updates/{sid}/retry/",
            new RetryStatusUpdate(core))
        .add("GET", "/api/review-requests/{id}/diffs/", new ListDiffs(diffs))
        .add("POST", "/api/review-requests/{id}/diffs/", new UploadDiff(diffs))
        .add("POST", "/api/review-requests/{id}/diffs/validate/", new ValidateDiff(diffs))
        .add("GET", "/api/review-requests/{id}/diffs/{rev}/", new GetDiff(diffs))
        .add("GET", "/api/review-requests/{id}/diffs/{rev}/patch/", new GetPatch(diffs))
        .add("GET", "/api/review-requests/{id}/diffs/{rev}/files/", new ListFiles(diffs))
        .add("GET", "/api/review-requests/{id}/diffs/{rev}/files/{file}/", new GetFile(diffs))
        .add("GET", "/api/review-requests/{id}/diffs/{rev}/files/{file}/rows/",
            new GetFileRows(diffs))
        .add("GET", "/api/review-requests/{id}/diffs/{rev}/files/{file}/original/",
            new GetFileContent(diffs, false))
        .add("GET", "/api/review-requests/{id}/diffs/{rev}/files/{file}/patched/",
            new GetFileContent(diffs, true))
        .add("GET", "/api/review-requests/{id}/diffs/{rev}/interdiff/{other}/",
            new GetInterdiff(diffs))
        .add("GET", "/api/repositories/", new ListRepositories(core))
        .add("POST", "/api/repositories/", new CreateRepository(core))
        .add("GET", "/api/repositories/{id}/", new GetRepository(core))
        .add("POST", "/api/repositories/{id}/fetch/", new FetchRepository(core, diffs))
        .add("GET", "/api/repositories/{id}/default-reviewers/",
            new ListDefaultReviewers(core))
        .add("POST", "/api/repositories/{id}/default-reviewers/",
            new CreateDefaultReviewer(core))
        .add("DELETE", "/api/repositories/{id}/default-reviewers/{rule}/",
            new DeleteDefaultReviewer(core))
        .add("GET", "/api/session/", new GetSession())
        .add("GET", "/api/users/", new ListUsers(core))
        .add("GET", "/api/users/{username}/", new GetUser(core))
        .add("GET", "/api/groups/", new ListGroups(core))
        .add("GET", "/api/groups/{name}/", new GetGroup(core))
        .add("GET", "/api/groups/{name}/members/", new ListGroupMembers(core))
        .add("POST", "/api/groups/{name}/members/", new AddGroupMember(core))
        .add("DELETE", "/api/groups/{name}/members/{username}/", new RemoveGroupMember(core))
        .add("POST", "/api/groups/", new CreateGroup(core))
        .add("GET", "/api/audit-log/", new ListAuditLog(core))
        .add("GET", "/admin/contexts/", new GetContexts());
    if (managesAccounts) {
      routes
          .add("POST", "/api/session/", new CreateSession(core))
          .add("DELETE", "/api/session/", new DeleteSession(core))
          .add("POST", "/api/users/", new CreateUser(core))
          .add("PATCH", "/api/users/{username}/", new UpdateUser(core))
          .add("PUT", "/api/users/{username}/password/", new ChangePassword(core, passwordChanged))
          .add("GET", "/api/users/{username}/api-tokens/", new ListApiTokens(core))
          .add("POST", "/api/users/{username}/api-tokens/", new CreateApiToken(core))
          .add("DELETE", "/api/users/{username}/api-tokens/{id}/", new RevokeApiToken(core));
    }
    if (webhooks != null) {
      WebhookRoutes.add(routes, webhooks, core.auditLog());
    }
    return routes.build();
  }
}
