package org.communal.webhooks.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.communal.core.Event;
import org.communal.core.FieldProblem;

/** What a webhook's fields must be; every problem is added to the caller's list. Not API. */
public final class WebhookRules {
  /** The longest URL accepted. */
  public static final int MAX_URL = 2000;
  /** The shortest secret an admin may choose. */
  public static final int MIN_SECRET = 16;
  /** The longest secret an admin may choose. */
  public static final int MAX_SECRET = 256;

  private WebhookRules() {}

  /** Checks a URL: http or https, with a host, no user name or password, not too long. */
  public static void checkUrl(String url, List<FieldProblem> problems) {
    if (url == null || url.isBlank()) {
      problems.add(new FieldProblem("url", "is required: the http:// or https:// URL to POST"
          + " events to"));
      return;
    }
    whyRefused(url.strip()).ifPresent(reason -> problems.add(new FieldProblem("url", reason)));
  }

  private static Optional<String> whyRefused(String url) {
    if (url.length() > MAX_URL) {
      return Optional.of("must be at most " + MAX_URL + " characters, was " + url.length());
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme();
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return Optional.of("must start with https:// or http:// (was \"" + url + "\")");
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        return Optional.of("must name a host, such as https://ci.example.org/hook (was \"" + url
            + "\")");
      }
      if (uri.getUserInfo() != null) {
        return Optional.of("must not hold a user name or password; receivers check the"
            + " X-Communal-Signature instead");
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL: " + e.getReason() + " at index " + e.getIndex()
          + " of \"" + url + "\"");
    }
  }

  /**
   * The event types named, in declaration order; each unknown or missing name adds a problem.
   */
  public static Set<Event.Type> events(List<String> names, List<FieldProblem> problems) {
    Set<Event.Type> types = EnumSet.noneOf(Event.Type.class);
    if (names == null || names.isEmpty()) {
      problems.add(new FieldProblem("events", "must name at least one of " + known()));
      return types;
    }
    for (String name : names) {
      Optional<Event.Type> type = type(name);
      type.ifPresent(types::add);
      if (type.isEmpty()) {
        problems.add(new FieldProblem("events", "\"" + name + "\" is not an event; the events"
            + " are " + known()));
      }
    }
    return types;
  }

  /** The type with this wire name. */
  public static Optional<Event.Type> type(String wireName) {
    return Arrays.stream(Event.Type.values()).filter(t -> t.wireName().equals(wireName))
        .findFirst();
  }

  /** Wire names of the types, in declaration order, for a text[] column. */
  public static String[] wireNames(Set<Event.Type> types) {
    return types.stream().sorted().map(Event.Type::wireName).toArray(String[]::new);
  }

  private static String known() {
    return Arrays.stream(Event.Type.values()).map(Event.Type::wireName)
        .collect(Collectors.joining(", "));
  }

  /** Checks a secret an admin chose. */
  public static void checkSecret(String secret, List<FieldProblem> problems) {
    if (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET
        || secret.chars().anyMatch(Character::isISOControl)) {
      problems.add(new FieldProblem("secret", "must be one line of " + MIN_SECRET + " to "
          + MAX_SECRET + " characters (was " + secret.length() + " characters); leave it out"
          + " to have a random one generated"));
    }
  }
}
