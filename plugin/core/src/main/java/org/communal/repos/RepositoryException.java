package org.communal.repos;

import java.util.Objects;
import org.communal.core.CommunalException;

/**
 * Why fetching or reading a repository mirror failed. The {@link #code()} is stable, so callers
 * and the web layer can act on it; the message names the value that was wrong and says how to fix
 * it. Messages never contain credentials from a clone URL.
 */
public final class RepositoryException extends CommunalException {
  private static final long serialVersionUID = 1L;

  /** The clone URL cannot be used: malformed, a relative path, or an unsupported scheme. */
  public static final String BAD_URL = "repository-bad-url";
  /** The host could not be reached: unknown host, connection refused, TLS failure. */
  public static final String UNREACHABLE = "repository-unreachable";
  /** Nothing is there: HTTP 404, or no such local directory. */
  public static final String NOT_FOUND = "repository-not-found";
  /** The host wants credentials (HTTP 401) or refused the ones given (401, 403). */
  public static final String AUTH_REQUIRED = "repository-auth-required";
  /** Something is there, but it is not a git repository. */
  public static final String NOT_A_REPOSITORY = "repository-not-a-repository";
  /** The fetch took longer than its timeout, or the host stopped sending data. */
  public static final String TIMEOUT = "repository-timeout";
  /** The context that owned the fetch was cancelled (client gone, deadline, shutdown). */
  public static final String CANCELLED = "repository-cancelled";
  /** The fetch failed for another reason (protocol error, server error); the message says which. */
  public static final String FETCH_FAILED = "repository-fetch-failed";
  /** The mirrors' own storage failed (disk full, permissions). */
  public static final String STORAGE_FAILED = "repository-storage-failed";
  /** The repository has no mirror yet: fetch it first. */
  public static final String NOT_MIRRORED = "repository-not-mirrored";
  /** The mirrors were closed. */
  public static final String CLOSED = "repository-mirrors-closed";
  /** The commit is not in the mirror. */
  public static final String UNKNOWN_COMMIT = "unknown-commit";
  /** A commit id or revision is malformed or ambiguous. */
  public static final String BAD_REVISION = "bad-revision";
  /** A file path is malformed (empty, {@code ..}, {@code .}, empty segments). */
  public static final String BAD_PATH = "bad-path";
  /** The file is larger than the configured maximum. */
  public static final String FILE_TOO_LARGE = "file-too-large";

  private final String code;

  /**
   * @param code one of the constants of this class
   * @param message what went wrong with which value, and how to fix it; no credentials
   */
  public RepositoryException(String code, String message) {
    this(code, message, null);
  }

  /**
   * @param code one of the constants of this class
   * @param message what went wrong with which value, and how to fix it; no credentials
   * @param cause the underlying failure, or null
   */
  public RepositoryException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  @Override
  public String code() {
    return code;
  }
}
