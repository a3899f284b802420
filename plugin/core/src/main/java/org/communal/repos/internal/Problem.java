package org.communal.repos.internal;

import org.communal.repos.RepositoryException;

/**
 * What went wrong with a fetch: a code and plain words for the mirror's status (such as {@code
 * "not found (HTTP 404)"}), which become a {@link RepositoryException} that also says what to do.
 *
 * @param code a {@link RepositoryException} code
 * @param words what happened, in plain words, without credentials
 */
record Problem(String code, String words) {

  /** The exception the caller sees, naming the URL (without credentials) and what to do. */
  public RepositoryException toException(CloneUrl url, Throwable cause) {
    return new RepositoryException(code, "Fetching " + url.display() + " failed: " + words + ". "
        + advice(), cause);
  }

  private String advice() {
    return switch (code) {
      case RepositoryException.UNREACHABLE -> "Check the URL, and that the host is up and"
          + " reachable from the Communal server, then fetch again.";
      case RepositoryException.NOT_FOUND -> "Check the URL: the repository may have moved or been"
          + " deleted.";
      case RepositoryException.AUTH_REQUIRED -> "Give credentials that may read the repository in"
          + " the URL (https://user:token@host/path), or make the repository readable.";
      case RepositoryException.NOT_A_REPOSITORY -> "Point the URL at a git repository.";
      case RepositoryException.TIMEOUT -> "The host may be slow or overloaded: fetch again later,"
          + " or raise the fetch timeout.";
      case RepositoryException.CANCELLED -> "The mirror is as it was before; fetch again.";
      case RepositoryException.STORAGE_FAILED -> "Check the mirrors' directory (free space,"
          + " permissions), then fetch again.";
      default -> "Fetch again; if it keeps failing, check the repository on its host.";
    };
  }

  /** Carries a problem found before JGit ran (a local path that is not a repository, say). */
  static final class Found extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    Found(String code, String words) {
      super(words, null, false, false);
      this.problem = new Problem(code, words);
    }

    Problem problem() {
      return problem;
    }
  }
}
