package org.communal.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an upload would store, checked without storing it.
 *
 * @param baseCommitId the full commit id it applies to, when the review request has a repository;
 *     otherwise the base commit as given, if any
 * @param appliedToBase whether it was applied to the base commit's files (only with a repository)
 * @param files its files, in upload order
 */
public record ValidatedDiff(Optional<String> baseCommitId, boolean appliedToBase,
    List<FileChange> files) {
  public ValidatedDiff {
    Objects.requireNonNull(baseCommitId, "baseCommitId");
    files = List.copyOf(files);
  }
}
