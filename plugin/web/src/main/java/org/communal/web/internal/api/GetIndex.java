package org.communal.web.internal.api;

import java.util.Map;
import org.communal.web.internal.Call;
import org.communal.web.internal.Endpoint;
import org.communal.web.internal.Reply;

/** {@code GET /}: sends browsers to the API root until the HTML interface exists. */
final class GetIndex implements Endpoint {
  @Override
  public Reply handle(Call call) {
    return new Reply(302, Map.of("Location", call.link("api/")), null);
  }
}
