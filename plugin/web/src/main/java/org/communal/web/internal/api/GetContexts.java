package org.communal.web.internal.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communal.context.ContextRegistry;
import org.communal.context.ContextSnapshot;
import org.communal.core.Permission;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/**
 * {@code GET /admin/contexts/} (admins): every live context tree, with names, states, weights,
 * block counts, ages and creation sites: as a page, or as JSON with {@code Accept:
 * application/json} or {@code ?format=json}.
 */
final class GetContexts implements Endpoint {
  @Override
  public Reply handle(Call call) {
    call.require(Permission.ADMIN);
    List<ContextSnapshot> trees = ContextRegistry.snapshot();
    if (call.wantsJson()) {
      return Reply.ok(Map.of("trees", trees.stream().map(GetContexts::json).toList(),
          "report", ContextRegistry.reportFull()));
    }
    return Reply.html(ContextsPage.render(trees));
  }

  private static Map<String, Object> json(ContextSnapshot c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", c.name());
    json.put("path", c.path());
    json.put("state", c.state().name().toLowerCase(java.util.Locale.ROOT));
    json.put("weight", c.weight());
    json.put("total_weight", c.totalWeight());
    json.put("blocks", c.blocks());
    json.put("age_ms", c.age().toMillis());
    json.put("cancelled", c.cancellation().orElse(null));
    json.put("created_at", c.creationSite().orElse(null));
    json.put("children", c.children().stream().map(GetContexts::json).toList());
    return json;
  }
}
