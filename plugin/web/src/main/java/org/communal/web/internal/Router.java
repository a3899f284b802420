package org.communal.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communal.web.ApiException;

/**
 * Matches a method and path to an endpoint. Paths are templates such as {@code
 * /api/review-requests/{id}/}; a trailing slash is optional when calling. Immutable once built.
 */
public final class Router {
  private final List<Route> routes;

  private Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** Starts an empty table. */
  public static Builder builder() {
    return new Builder();
  }

  /** A matched endpoint with the values taken from the path. */
  public record Match(Endpoint endpoint, Map<String, String> params) {}

  /**
   * The endpoint for this call.
   *
   * @throws ApiException 404 when no route has the path, 405 (with the allowed methods) when
   *     routes have the path but not the method
   */
  public Match route(String method, String path) {
    String normalized = path.endsWith("/") ? path : path + "/";
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      Matcher m = r.pattern().matcher(normalized);
      if (m.matches()) {
        if (r.method().equals(method)) {
          return new Match(r.endpoint(), r.params(m));
        }
        allowed.add(r.method());
      }
    }
    if (allowed.isEmpty()) {
      throw ApiException.noSuchPath(path);
    }
    throw new ApiException(405, "method-not-allowed", method + " is not allowed on " + path
        + "; use " + String.join(", ", allowed) + ".");
  }

  /** The templates of the routes for a method, such as {@code /api/users/{username}/}. */
  public List<String> templates(String method) {
    return routes.stream().filter(r -> r.method().equals(method)).map(Route::template).toList();
  }

  /** The methods allowed on a path, for the Allow header. */
  public Optional<String> allowedMethods(String path) {
    String normalized = path.endsWith("/") ? path : path + "/";
    List<String> methods = routes.stream().filter(r -> r.pattern().matcher(normalized).matches())
        .map(Route::method).distinct().toList();
    return methods.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", methods));
  }

  private record Route(String method, String template, Pattern pattern, List<String> names,
      Endpoint endpoint) {
    Map<String, String> params(Matcher m) {
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        params.put(names.get(i), m.group(i + 1));
      }
      return params;
    }
  }

  /** Collects routes in the order they are tried. Not thread-safe. */
  public static final class Builder {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z-]+)}");
    private final List<Route> routes = new ArrayList<>();

    private Builder() {}

    /** Adds a route; {@code template} must end with {@code /}. */
    public Builder add(String method, String template, Endpoint endpoint) {
      if (!template.endsWith("/")) {
        throw new IllegalArgumentException("Route templates end with '/': " + template);
      }
      List<String> names = new ArrayList<>();
      StringBuilder regex = new StringBuilder();
      Matcher m = PARAM.matcher(template);
      int last = 0;
      while (m.find()) {
        regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
        names.add(m.group(1));
        last = m.end();
      }
      regex.append(Pattern.quote(template.substring(last)));
      routes.add(new Route(method, template, Pattern.compile(regex.toString()), names,
          endpoint));
      return this;
    }

    public Router build() {
      return new Router(routes);
    }
  }
}
