package org.communal.web.internal;

import java.io.IOException;
import org.communal.context.CancellationCause;
import org.communal.context.ContextCancelledException;
import org.communal.core.CommunalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client went away, or stopped sending, before its request was complete. That is routine on
 * any server (a closed tab, a dropped connection, a script killed mid-upload), so it is logged in
 * one line at INFO, never as an unexpected failure with a stack trace.
 */
public final class ClientGoneException extends CommunalException {
  /** The code of the answer, for a client still there to read it (one that sent too slowly). */
  public static final String CODE = "request-incomplete";

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ClientGoneException.class);

  private ClientGoneException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Reading the request's body failed: its client hung up, or sent it too slowly. */
  static ClientGoneException readingBody(IOException cause) {
    return new ClientGoneException("The request body stopped before its end: the client hung up"
        + " or sent it too slowly. Nothing was changed; send the whole request again.", cause);
  }

  /** Whether a failure means the client went away, such as a request cancelled as it hung up. */
  static boolean isClientGone(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ClientGoneException || (t instanceof ContextCancelledException c
          && c.cancellation().reason().equals(CancellationCause.CLIENT_DISCONNECTED))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Logs, in one line at INFO, that a client went away.
   *
   * @param during when, such as {@code "while the answer to /api/ was written"}
   * @param error what the server saw; its deepest cause is named, without a stack trace
   */
  public static void log(String during, Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    LOG.info("The client went away {} ({}: {})", during, root.getClass().getSimpleName(),
        root.getMessage());
  }

  @Override
  public String code() {
    return CODE;
  }
}
