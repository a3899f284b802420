package org.communal.webhooks.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON a delivery carries. The {@code payload} column of {@code webhook_deliveries} holds the
 * body's fields other than {@code event} and {@code delivery} (the table has no review request
 * column): {@code {"review_request_id": 7, "payload": {...}}}. Not API.
 */
public final class Envelope {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Envelope() {}

  /** What the {@code payload} column stores for an event. */
  public static String stored(Optional<Long> reviewRequestId, Map<String, Object> payload) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("review_request_id", reviewRequestId.orElse(null));
    fields.put("payload", payload);
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("An event payload must hold only maps, lists, strings,"
          + " numbers, booleans and nulls; this one does not: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The exact bytes sent: {@code {"event": ..., "delivery": id, "review_request_id": ...,
   * "payload": ...}}, compact, in this order.
   */
  public static byte[] body(String event, long delivery, String stored) {
    JsonNode fields = parse(stored);
    ObjectNode body = JSON.createObjectNode();
    body.put("event", event);
    body.put("delivery", delivery);
    body.set("review_request_id", fields.path("review_request_id").isMissingNode()
        ? NullNode.getInstance() : fields.get("review_request_id"));
    body.set("payload", fields.path("payload").isMissingNode() ? JSON.createObjectNode()
        : fields.get("payload"));
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A parsed JSON tree always serializes", e);
    }
  }

  /** The review request id kept in a stored column, if any. */
  public static Optional<Long> reviewRequestId(String stored) {
    JsonNode id = parse(stored).path("review_request_id");
    return id.isIntegralNumber() ? Optional.of(id.longValue()) : Optional.empty();
  }

  /** The event's payload kept in a stored column, as unmodifiable maps and lists. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> payload(String stored) {
    JsonNode payload = parse(stored).path("payload");
    return payload.isObject() ? Collections.unmodifiableMap(JSON.convertValue(payload, Map.class))
        : Map.of();
  }

  private static JsonNode parse(String stored) {
    try {
      return JSON.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("webhook_deliveries.payload is jsonb, so it parses: " + e, e);
    }
  }
}
