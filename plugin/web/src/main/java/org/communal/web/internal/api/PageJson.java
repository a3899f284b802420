package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.communal.core.Page;
import org.communal.core.PageRequest;
import org.communal.web.internal.Call;

/** A page of a list: {@code total_results}, the items under a name, and self/next/prev links. */
final class PageJson {
  private PageJson() {}

  static PageRequest request(Call call) {
    return new PageRequest(call.intQuery("start", 0),
        call.intQuery("max-results", PageRequest.DEFAULT_MAX_RESULTS));
  }

  static <T> Map<String, Object> of(Page<T> page, String itemsName, String path, Call call,
      Function<T, Object> item) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total_results", page.total());
    body.put(itemsName, page.items().stream().map(item).toList());
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", Links.get(pageLink(page.request(), path, call)));
    if (page.hasNext()) {
      links.put("next", Links.get(pageLink(page.request().next(), path, call)));
    }
    if (page.hasPrevious()) {
      links.put("prev", Links.get(pageLink(page.request().previous(), path, call)));
    }
    body.put("links", links);
    return body;
  }

  private static String pageLink(PageRequest p, String path, Call call) {
    return call.link(path + "?start=" + p.start() + "&max-results=" + p.maxResults());
  }
}
