package org.communal.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A source repository that review requests are made against, with the state of its local
 * mirror.
 *
 * @param id the database id
 * @param name a unique name, shown to users
 * @param cloneUrl where the mirror fetches from ({@code https://}, {@code http://}, {@code
 *     file://} or an absolute path)
 * @param defaultBranch the branch changes usually land on
 * @param mirrorStatus {@code never-fetched}, {@code fetching}, {@code ok} or {@code failed}
 * @param mirrorMessage what the last fetch said, in plain words; empty when it went well
 * @param fetchedAt when the last fetch finished, if one did
 */
public record Repository(long id, String name, String cloneUrl, String defaultBranch,
    String mirrorStatus, String mirrorMessage, Optional<Instant> fetchedAt) {
  public Repository {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cloneUrl, "cloneUrl");
    Objects.requireNonNull(defaultBranch, "defaultBranch");
    Objects.requireNonNull(mirrorStatus, "mirrorStatus");
    Objects.requireNonNull(mirrorMessage, "mirrorMessage");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
  }
}
