package org.communal.repos;

import java.time.Instant;
import java.util.Objects;

/**
 * Where one repository's mirror stands, for the caller to show and to persist. Immutable.
 *
 * <ul>
 *   <li>{@link State#NEVER_FETCHED}: no mirror; every other field but the id is null.
 *   <li>{@link State#FETCHING}: a fetch is running; the fields of the last success stay.
 *   <li>{@link State#OK}: the last fetch succeeded at {@code lastFetched}.
 *   <li>{@link State#FAILED}: the last fetch failed, see {@code failure}; a mirror from an earlier
 *       success stays readable, and its {@code lastFetched} and {@code headCommit} stay too.
 * </ul>
 *
 * @param repositoryId the caller's id of the repository
 * @param url the clone URL of the last fetch, without credentials; null if never fetched
 * @param state where the mirror stands
 * @param lastFetched when a fetch last succeeded; null if none did
 * @param headCommit the full id of the default branch's head at the last success; null if none
 *     did, or if the repository has no commits
 * @param failure the last failure, non-null exactly when {@code state} is {@code FAILED}
 */
public record MirrorStatus(long repositoryId, String url, State state, Instant lastFetched,
    String headCommit, Failure failure) {

  /** The states of a mirror. */
  public enum State { NEVER_FETCHED, FETCHING, OK, FAILED }

  /**
   * A failed fetch.
   *
   * @param at when it failed
   * @param code the {@link RepositoryException#code()} it failed with
   * @param message what happened, in plain words, such as {@code "not found (HTTP 404)"}
   */
  public record Failure(Instant at, String code, String message) {
    public Failure {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  public MirrorStatus {
    Objects.requireNonNull(state, "state");
    if ((state == State.FAILED) != (failure != null)) {
      throw new IllegalArgumentException("A failure goes with the FAILED state only, not " + state);
    }
  }

  /** The status of a repository that has no mirror. */
  public static MirrorStatus neverFetched(long repositoryId) {
    return new MirrorStatus(repositoryId, null, State.NEVER_FETCHED, null, null, null);
  }

  /** This status while a fetch of {@code fetchUrl} runs. */
  public MirrorStatus fetching(String fetchUrl) {
    return new MirrorStatus(repositoryId, fetchUrl, State.FETCHING, lastFetched, headCommit, null);
  }

  /** Whether the mirror holds a successful fetch that can be read. */
  public boolean readable() {
    return lastFetched != null;
  }
}
