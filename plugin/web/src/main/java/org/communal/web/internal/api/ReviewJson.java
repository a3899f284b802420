package org.communal.web.internal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
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
import org.communal.web.internal.Json;
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

  /**
   * A review as JSON. It is written straight to the answer's generator rather than built as maps
   * first: a review request's reviews can hold hundreds of comments, and reading them is the
   * commonest call there is.
   */
  static JsonSerializable of(Review r, Call call) {
    return new Body(r, call.link(path(r.reviewRequestId(), r.id())));
  }

  /** A review and its link, written field by field. */
  private record Body(Review r, String self) implements JsonSerializable {
    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
      g.writeStartObject();
      g.writeNumberField("id", r.id());
      g.writeStringField("user", r.user().username());
      writeLong(g, "reply_to", r.replyToId());
      g.writeStringField("body_top", r.bodyTop());
      g.writeStringField("body_bottom", r.bodyBottom());
      g.writeBooleanField("ship_it", r.shipIt());
      g.writeBooleanField("public", r.published());
      g.writeStringField("timestamp", r.publishedAt().map(Json::instant).orElse(null));
      g.writeArrayFieldStart("comments");
      for (Comment c : r.comments()) {
        writeComment(g, c);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("links");
      g.writeObjectFieldStart("self");
      g.writeStringField("href", self);
      g.writeStringField("method", "GET");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    }

    @Override
    public void serializeWithType(JsonGenerator g, SerializerProvider provider,
        TypeSerializer typeSer) throws IOException {
      serialize(g, provider);
    }
  }

  /** One comment as JSON, as it appears in its review. */
  static JsonSerializable comment(Comment c) {
    return new JsonSerializable.Base() {
      @Override
      public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
        writeComment(g, c);
      }

      @Override
      public void serializeWithType(JsonGenerator g, SerializerProvider provider,
          TypeSerializer typeSer) throws IOException {
        writeComment(g, c);
      }
    };
  }

  private static void writeComment(JsonGenerator g, Comment c) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", c.id());
    writeLong(g, "filediff", c.fileId());
    writeLong(g, "interfilediff", c.interFileId());
    if (c.onDiff()) {
      g.writeStringField("side", c.side());
      writeInt(g, "first_line", c.firstLine());
      writeInt(g, "num_lines", c.numLines());
    }
    writeLong(g, "reply_to", c.replyToId());
    g.writeStringField("text", c.text());
    g.writeBooleanField("issue_opened", c.issue().isPresent());
    g.writeStringField("issue_status", c.issue().map(i -> i.wireName()).orElse(null));
    g.writeStringField("timestamp", c.createdAt() == null ? null : Json.instant(c.createdAt()));
    g.writeEndObject();
  }

  private static void writeLong(JsonGenerator g, String name, Optional<Long> value)
      throws IOException {
    if (value.isPresent()) {
      g.writeNumberField(name, value.get());
    } else {
      g.writeNullField(name);
    }
  }

  private static void writeInt(JsonGenerator g, String name, Optional<Integer> value)
      throws IOException {
    if (value.isPresent()) {
      g.writeNumberField(name, value.get());
    } else {
      g.writeNullField(name);
    }
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
