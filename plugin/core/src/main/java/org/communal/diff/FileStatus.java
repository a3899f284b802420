package org.communal.diff;

/** What a diff does to one file. A change of mode alone is {@link #MODIFIED}. */
public enum FileStatus {
  ADDED,
  DELETED,
  MODIFIED,
  RENAMED,
  COPIED
}
