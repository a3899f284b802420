package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communal.core.Repository;
import org.communal.web.internal.Call;

/** The JSON representation of a repository and its mirror's state. */
final class RepositoryJson {
  private RepositoryJson() {}

  static String path(long id) {
    return "api/repositories/" + id + "/";
  }

  static Map<String, Object> of(Repository r, Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", r.id());
    json.put("name", r.name());
    json.put("clone_url", r.cloneUrl());
    json.put("default_branch", r.defaultBranch());
    Map<String, Object> mirror = new LinkedHashMap<>();
    mirror.put("status", r.mirrorStatus());
    mirror.put("message", r.mirrorMessage());
    mirror.put("fetched_at", r.fetchedAt().orElse(null));
    json.put("mirror", mirror);
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(call.link(path(r.id()))));
    links.put("fetch", Links.post(call.link(path(r.id()) + "fetch/")));
    json.put("links", links);
    return json;
  }
}
