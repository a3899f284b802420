package org.communal.repos.internal;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.communal.context.CancellationCause;
import org.communal.repos.RepositoryException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;

/** Turns whatever a fetch threw into a {@link Problem} in plain words. */
final class Failures {
  private static final int MAX_CAUSES = 20;

  private Failures() {}

  /**
   * @param error what the fetch threw
   * @param cancelled why the fetch's context was cancelled, if it was: that explains any error
   * @param httpStatus the status of the repository's {@code info/refs}, or 0
   * @param ioTimeout the configured I/O timeout, for the message
   */
  static Problem classify(Throwable error, Optional<CancellationCause> cancelled, int httpStatus,
      CloneUrl url, Duration ioTimeout) {
    if (error instanceof Problem.Found found) {
      return found.problem();
    }
    if (cancelled.isPresent()) {
      return cancelled(cancelled.get());
    }
    return fromHttpStatus(httpStatus, url).orElseGet(() -> fromCauses(error, url, ioTimeout));
  }

  /** Why a fetch stopped waiting for its turn: cancelled, or its thread interrupted. */
  static Problem whileWaiting(Optional<CancellationCause> cancelled) {
    return cancelled.map(Failures::cancelled).orElseGet(() -> new Problem(
        RepositoryException.CANCELLED, "cancelled (the thread was interrupted)"));
  }

  private static Problem cancelled(CancellationCause cause) {
    return cause.isDeadlineExceeded()
        ? new Problem(RepositoryException.TIMEOUT, "timed out: the deadline passed")
        : new Problem(RepositoryException.CANCELLED, "cancelled (" + cause.reason() + ")");
  }

  private static Optional<Problem> fromHttpStatus(int status, CloneUrl url) {
    if (status == 401) {
      return Optional.of(new Problem(RepositoryException.AUTH_REQUIRED, url.user() == null
          ? "authentication required (HTTP 401)" : "the credentials were refused (HTTP 401)"));
    }
    if (status == 403) {
      return Optional.of(new Problem(RepositoryException.AUTH_REQUIRED,
          "access denied (HTTP 403)"));
    }
    if (status == 404 || status == 410) {
      return Optional.of(new Problem(RepositoryException.NOT_FOUND,
          "not found (HTTP " + status + ")"));
    }
    if (status >= 500) {
      return Optional.of(new Problem(RepositoryException.FETCH_FAILED,
          "the server failed (HTTP " + status + ")"));
    }
    return Optional.empty();
  }

  private static Problem fromCauses(Throwable error, CloneUrl url, Duration ioTimeout) {
    Throwable t = error;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
      Problem p = fromCause(t, url, ioTimeout);
      if (p != null) {
        return p;
      }
    }
    return new Problem(RepositoryException.FETCH_FAILED, url.scrub(deepestMessage(error)));
  }

  private static Problem fromCause(Throwable t, CloneUrl url, Duration ioTimeout) {
    if (t instanceof UnknownHostException) {
      return unreachable("unknown host " + url.scrub(t.getMessage()));
    } else if (t instanceof ConnectException) {
      return unreachable("connection refused");
    } else if (t instanceof NoRouteToHostException) {
      return unreachable("no route to host");
    } else if (t instanceof SSLException) {
      return unreachable("the TLS handshake failed (" + url.scrub(t.getMessage()) + ")");
    } else if (t instanceof InterruptedIOException) {
      return new Problem(RepositoryException.TIMEOUT, "timed out: no answer for "
          + ioTimeout.toSeconds() + " s");
    } else if (t instanceof NoRemoteRepositoryException) {
      return new Problem(RepositoryException.NOT_FOUND, "not found");
    } else if (isAuthentication(t.getMessage())) {
      return new Problem(RepositoryException.AUTH_REQUIRED, "authentication required");
    }
    return null;
  }

  private static Problem unreachable(String why) {
    return new Problem(RepositoryException.UNREACHABLE, "host unreachable: " + why);
  }

  /** JGit's words when credentials are missing or refused without a 401 we saw. */
  private static boolean isAuthentication(String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    return m.contains("not authorized") || m.contains("authentication is required")
        || m.contains("no credentialsprovider");
  }

  private static String deepestMessage(Throwable error) {
    String message = error.toString();
    Throwable t = error;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }
}
