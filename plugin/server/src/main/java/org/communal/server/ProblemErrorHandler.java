package org.communal.server;

import java.nio.ByteBuffer;
import org.communal.web.ResponseHeaders;
import org.communal.web.ServerRefusals;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to a request it refuses before any servlet sees it (a malformed request line, a
 * bad header, a head too large): problem+json with the servlet's security headers, instead of an
 * HTML page that names Jetty and its version.
 */
final class ProblemErrorHandler extends ErrorHandler {
  ProblemErrorHandler() {
    setCacheControl("no-store");
    setShowStacks(false);
    setShowCauses(false);
  }

  /** Every refusal explains itself, whatever the method (Jetty's default skips PUT, DELETE...). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String cookies = String.join("; ", request.getHeaders().getValuesList(HttpHeader.COOKIE));
    ResponseHeaders.of(ResponseHeaders.credentialed(request.getHeaders().get(
        HttpHeader.AUTHORIZATION), cookies)).forEach(response.getHeaders()::put);
    return super.handle(request, response, callback);
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ServerRefusals.CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(ServerRefusals.body(code, reasonOf(message, cause))),
        callback);
  }

  /** Jetty's own reason for a refusal; an exception's text is kept out of the answer. */
  private static String reasonOf(String message, Throwable cause) {
    return cause == null || cause instanceof HttpException ? message : null;
  }
}
