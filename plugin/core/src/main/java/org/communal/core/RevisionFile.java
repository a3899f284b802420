package org.communal.core;

import java.util.Objects;

/**
 * A stored file of a diff revision.
 *
 * @param id the file's id, used in its URLs
 * @param change what the file's diff does
 */
public record RevisionFile(long id, FileChange change) {
  public RevisionFile {
    Objects.requireNonNull(change, "change");
  }
}
