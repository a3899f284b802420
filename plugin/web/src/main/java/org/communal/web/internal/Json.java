package org.communal.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.communal.web.ApiException;

/** The one JSON configuration of the API. Thread-safe. */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // A field named twice would leave one of its values silently ignored.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(64).maxStringLength(1_000_000).build());
  }

  private Json() {}

  /**
   * Parses a request body, which must be UTF-8 JSON naming no field twice, whose every string
   * (and field name) is text that can be stored.
   *
   * @throws ApiException 400 {@code invalid-json}, or {@code invalid-text} naming the string
   */
  public static JsonNode parse(byte[] body) {
    JsonNode tree = readTree(body);
    checkText(tree, "");
    return tree;
  }

  private static void checkText(JsonNode node, String path) {
    if (node.isTextual()) {
      Text.requireStorable(path.isEmpty() ? "the body" : "the field " + path, node.textValue());
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkText(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        Text.requireStorable("the field name " + name, field.getKey());
        checkText(field.getValue(), name);
      }
    }
  }

  private static JsonNode readTree(byte[] body) {
    if (body.length == 0) {
      throw ApiException.invalidJson("the body is empty; send a JSON object");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.invalidJson(e.getOriginalMessage() + locationOf(e));
    } catch (IOException e) {
      throw ApiException.invalidJson(e.getMessage());
    }
  }

  /** Serializes a response body. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A response could not be serialized", e);
    }
  }

  /**
   * An instant as {@link Instant#toString()} writes it (ISO-8601 in UTC, the fraction in groups
   * of three digits, none when zero), without the formatter's cost: answers that list hundreds
   * of comments write one per comment.
   */
  public static String instant(Instant t) {
    long seconds = t.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400);
    if (days < -719_528 || days > 2_932_896) { // outside years 0000 to 9999
      return t.toString();
    }
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm, in eras of 400 years).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    int nano = t.getNano();
    int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
    char[] out = new char[20 + (fraction == 0 ? 0 : fraction + 1)];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, day, 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    if (fraction > 0) {
      out[19] = '.';
      digits(out, 20, fraction == 3 ? nano / 1_000_000 : fraction == 6 ? nano / 1000 : nano,
          fraction);
    }
    out[out.length - 1] = 'Z';
    return new String(out);
  }

  /** Writes a non-negative value as exactly {@code width} digits (it has no more) at {@code at}. */
  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
