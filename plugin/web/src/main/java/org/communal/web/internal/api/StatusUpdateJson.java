package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.StatusUpdate;
import org.communal.core.StatusUpdateState;
import org.communal.core.StatusUpdateSummary;
import org.communal.web.internal.Call;

/** The JSON representation of CI status updates and of their summary. */
final class StatusUpdateJson {
  private StatusUpdateJson() {}

  static String listPath(long reviewRequestId) {
    return ReviewRequestJson.path(reviewRequestId) + "status-updates/";
  }

  static String path(long reviewRequestId, long id) {
    return listPath(reviewRequestId) + id + "/";
  }

  static Map<String, Object> of(StatusUpdate s, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", s.id());
    json.put("service_id", s.serviceId());
    json.put("summary", s.summary());
    json.put("description", s.description());
    json.put("state", s.state().wireName());
    json.put("url", s.url().orElse(null));
    json.put("timeout_seconds", s.timeoutSeconds().orElse(null));
    json.put("times_out_at", s.timesOutAt().orElse(null));
    json.put("revision", s.revision().orElse(null));
    json.put("reporter", s.reporter().map(u -> {
      Map<String, Object> reporter = new LinkedHashMap<>();
      reporter.put("id", u.id());
      reporter.put("username", u.username());
      reporter.put("display_name", u.displayName());
      return reporter;
    }).orElse(null));
    json.put("retry_count", s.retryCount());
    json.put("retry_requested_at", s.retryRequestedAt().orElse(null));
    json.put("time_added", s.createdAt());
    json.put("last_updated", s.updatedAt());
    json.put("links", links(s, call));
    return json;
  }

  static Map<String, Object> summary(StatusUpdateSummary summary) {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (StatusUpdateState state : StatusUpdateState.values()) {
      counts.put(state.wireName(), summary.counts().get(state));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("overall", summary.overall().wireName());
    json.put("counts", counts);
    return json;
  }

  private static Map<String, Object> links(StatusUpdate s, Call call) {
    String self = path(s.reviewRequestId(), s.id());
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(call.link(self)));
    if (s.state().retryable()) {
      links.put("retry", Links.post(call.link(self + "retry/")));
    }
    links.put("review_request", Links.get(call.link(ReviewRequestJson.path(s.reviewRequestId()))));
    s.revision().ifPresent(rev -> links.put("diff",
        Links.get(call.link(DiffJson.path(s.reviewRequestId(), rev)))));
    return links;
  }
}
