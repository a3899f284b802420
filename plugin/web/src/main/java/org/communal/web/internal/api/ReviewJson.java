package org.communal.web.internal.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communal.core.Comment;
import org.communal.core.NewComment;
import org.communal.core.Review;
import org.communal.core.ReviewStanding;
import org.communal.core.ReviewText;
import org.communal.web.internal.Call;
import org.communal.web.internal.JsonFields;

/** JSON for reviews and comments, and reading them from request bodies. */
final class ReviewJson {
  /** The fields of a review body. */
  static final Set<String> FIELDS = Set.of("body_top", "body_bottom", "ship_it", "comments");

  private static final Set<String> COMMENT_FIELDS = Set.of("filediff", "interfilediff", "side",
      "first_line", "num_lines", "reply_to", "text", "issue_opened");

  private ReviewJson() {}

  static String path(long reviewRequestId, long reviewId) {
    return ReviewRequestJson.path(reviewRequestId) + "reviews/" + reviewId + "/";
  }

  static Map<String, Object> of(Review r, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", r.id());
    json.put("user", r.user().username());
    json.put("reply_to", r.replyToId().orElse(null));
    json.put("body_top", r.bodyTop());
    json.put("body_bottom", r.bodyBottom());
    json.put("ship_it", r.shipIt());
    json.put("public", r.published());
    json.put("timestamp", r.publishedAt().orElse(null));
    json.put("comments", r.comments().stream().map(ReviewJson::comment).toList());
    json.put("links", Map.of("self", Links.get(call.link(path(r.reviewRequestId(), r.id())))));
    return json;
  }

  static Map<String, Object> comment(Comment c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", c.id());
    json.put("filediff", c.fileId().orElse(null));
    json.put("interfilediff", c.interFileId().orElse(null));
    if (c.onDiff()) {
      json.put("side", c.side());
      json.put("first_line", c.firstLine().orElse(null));
      json.put("num_lines", c.numLines().orElse(null));
    }
    json.put("reply_to", c.replyToId().orElse(null));
    json.put("text", c.text());
    json.put("issue_opened", c.issue().isPresent());
    json.put("issue_status", c.issue().map(i -> i.wireName()).orElse(null));
    json.put("timestamp", c.createdAt());
    return json;
  }

  static Map<String, Object> standing(ReviewStanding s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("reviews", s.reviews());
    json.put("ship_its", s.shipIts());
    json.put("open_issues", s.openIssues());
    json.put("verifying_issues", s.verifyingIssues());
    json.put("approved", s.approved());
    return json;
  }

  /** The text parts of a review body; absent fields keep their value. */
  static ReviewText text(JsonFields in) {
    return new ReviewText(Optional.ofNullable(in.string("body_top")),
        Optional.ofNullable(in.string("body_bottom")), Optional.ofNullable(in.bool("ship_it")));
  }

  /** The comments of a review body, each checked for its types. */
  static List<NewComment> comments(JsonFields in) {
    List<NewComment> out = new ArrayList<>();
    for (JsonFields c : in.objects("comments", COMMENT_FIELDS)) {
      Long first = c.whole("first_line");
      Long lines = c.whole("num_lines");
      out.add(new NewComment(Optional.ofNullable(c.whole("filediff")),
          Optional.ofNullable(c.whole("interfilediff")), c.string("side"),
          first == null ? 0 : first.intValue(), lines == null ? 1 : lines.intValue(),
          Optional.ofNullable(c.whole("reply_to")), c.string("text"),
          Boolean.TRUE.equals(c.bool("issue_opened"))));
    }
    return out;
  }
}
