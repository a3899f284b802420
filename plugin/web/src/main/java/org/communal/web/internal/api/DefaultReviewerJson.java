package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.DefaultReviewer;

/** The JSON representation of a default reviewer rule. */
final class DefaultReviewerJson {
  private DefaultReviewerJson() {}

  static Map<String, Object> of(DefaultReviewer d) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", d.id());
    json.put("name", d.name());
    json.put("file_regex", d.fileRegex());
    json.put("people", d.people());
    json.put("groups", d.groups());
    return json;
  }
}
