package org.communal.web.internal.api;

import java.util.Map;

/** Link objects in responses: {@code {"href": ..., "method": ...}}. */
final class Links {
  private Links() {}

  static Map<String, String> get(String href) {
    return Map.of("href", href, "method", "GET");
  }

  static Map<String, String> post(String href) {
    return Map.of("href", href, "method", "POST");
  }
}
