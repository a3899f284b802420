package org.communal.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.communal.core.FieldProblem;
import org.communal.core.InvalidInputException;
import org.communal.web.ApiException;

/**
 * Typed, strict access to the fields of a JSON object body. Every type problem is collected, and
 * {@link #check()} reports them all at once. Not thread-safe.
 */
public final class JsonFields {
  private static final Instant FIRST_INSTANT = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

  private final JsonNode object;
  private final String prefix;
  private final List<FieldProblem> problems;

  private JsonFields(JsonNode object, String prefix, List<FieldProblem> problems) {
    this.object = object;
    this.prefix = prefix;
    this.problems = problems;
  }

  static JsonFields of(JsonNode node, Set<String> allowed) {
    if (!node.isObject()) {
      throw ApiException.invalidJson("the body must be a JSON object, not " + node.getNodeType()
          .toString().toLowerCase(java.util.Locale.ROOT));
    }
    JsonFields fields = new JsonFields(node, "", new ArrayList<>());
    fields.checkNames(allowed);
    return fields;
  }

  private void checkNames(Set<String> allowed) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        problems.add(new FieldProblem(prefix + name, "is not a field here; the fields are "
            + new TreeSet<>(allowed)));
      }
    }
  }

  /**
   * A list-of-objects field, each object read like this one (its problems are reported with this
   * object's, named like {@code comments[2].text}); empty when absent or null.
   */
  public List<JsonFields> objects(String name, Set<String> allowed) {
    JsonNode v = object.get(name);
    List<JsonFields> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      problems.add(new FieldProblem(prefix + name, "must be a list of objects"));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isObject()) {
        problems.add(new FieldProblem(prefix + name + "[" + i + "]", "must be an object"));
        continue;
      }
      JsonFields item = new JsonFields(v.get(i), prefix + name + "[" + i + "].", problems);
      item.checkNames(allowed);
      out.add(item);
    }
    return out;
  }

  /** A string field, or null when absent or null. */
  public String string(String name) {
    JsonNode v = object.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      problems.add(new FieldProblem(prefix + name, "must be a string"));
      return null;
    }
    return v.textValue();
  }

  /**
   * A timestamp field (RFC 3339, such as {@code 2027-01-31T00:00:00Z}), or null when absent or
   * null. Years are 0000 to 9999, as RFC 3339 has them: PostgreSQL and the JSON written back hold
   * those, and no date in this service needs more.
   */
  public Instant instant(String name) {
    String value = string(name);
    Instant t = value == null ? null : parseInstant(value);
    if (value != null && t == null) {
      problems.add(new FieldProblem(prefix + name,
          "must be an RFC 3339 timestamp such as 2027-01-31T00:00:00Z; it is " + value));
    } else if (t != null && (t.isBefore(FIRST_INSTANT) || t.isAfter(LAST_INSTANT))) {
      problems.add(new FieldProblem(prefix + name, "must be between " + FIRST_INSTANT + " and "
          + LAST_INSTANT + "; it is " + value));
      return null;
    }
    return t;
  }

  private static Instant parseInstant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A list-of-strings field, or null when absent or null. */
  public List<String> strings(String name) {
    JsonNode v = object.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    List<String> values = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(e -> values.add(e.isTextual() ? e.textValue() : null));
    }
    if (!v.isArray() || values.contains(null)) {
      problems.add(new FieldProblem(prefix + name, "must be a list of strings"));
      return null;
    }
    return values;
  }

  /** A whole-number field, or null when absent or null. */
  public Long whole(String name) {
    JsonNode v = object.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      problems.add(new FieldProblem(prefix + name, "must be a whole number"));
      return null;
    }
    return v.longValue();
  }

  /** A list-of-whole-numbers field, or null when absent or null. */
  public List<Long> wholes(String name) {
    JsonNode v = object.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    List<Long> values = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(e -> values.add(e.isIntegralNumber() && e.canConvertToLong() ? e.longValue()
          : null));
    }
    if (!v.isArray() || values.contains(null)) {
      problems.add(new FieldProblem(prefix + name, "must be a list of whole numbers"));
      return null;
    }
    return values;
  }

  /** A true/false field, or null when absent or null. */
  public Boolean bool(String name) {
    JsonNode v = object.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      problems.add(new FieldProblem(prefix + name, "must be true or false"));
      return null;
    }
    return v.booleanValue();
  }

  /** Whether the body has this field at all (even as null). */
  public boolean has(String name) {
    return object.has(name);
  }

  /** Records a problem found by the endpoint while reading. */
  public void problem(String name, String reason) {
    problems.add(new FieldProblem(prefix + name, reason));
  }

  /**
   * Reports every problem found so far.
   *
   * @throws InvalidInputException if any field was unknown or of the wrong type
   */
  public void check() {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }
}
