package org.communal.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.communal.context.CancellationCause;
import org.communal.context.Context;
import org.communal.context.ContextCancelledException;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  @Test
  void aRequestCancelledBecauseItsClientHungUpIsNoUnexpectedFailure() throws Exception {
    Context request = Context.root("GET /api/");
    request.cancel(CancellationCause.of(CancellationCause.CLIENT_DISCONNECTED));
    ContextCancelledException cancelled = catchThrowableOfType(ContextCancelledException.class,
        request::throwIfCancelled);
    request.close();

    for (RuntimeException failure : List.of(cancelled,
        new IllegalStateException("a query failed", cancelled))) {
      Reply reply = Problems.of(failure, "/api/");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(((Map<?, ?>) reply.body()).get("code")).isEqualTo("request-incomplete");
    }
  }
}
