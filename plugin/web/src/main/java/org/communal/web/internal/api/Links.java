package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Link objects in responses: {@code {"href": ..., "method": ...}}. */
final class Links {
  private Links() {}

  static Map<String, String> get(String href) {
    return link(href, "GET");
  }

  static Map<String, String> post(String href) {
    return link(href, "POST");
  }

  private static Map<String, String> link(String href, String method) {
    Map<String, String> link = new LinkedHashMap<>();
    link.put("href", href);
    link.put("method", method);
    return link;
  }
}
