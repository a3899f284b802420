package org.communal.diff;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of files at the commit a diff was made against, such as a bare mirror at the base
 * commit. Called on the caller's thread only. {@link Diffs#apply(ParsedDiff, FileSource)} reads
 * each path at most once; {@link Diffs#interdiff} may read a path once more, for a file that only
 * the other revision touches.
 */
@FunctionalInterface
public interface FileSource {
  /**
   * The contents of {@code path} (slash-separated, relative to the repository root, a
   * {@link GitPath} string: {@link GitPath#bytes} gives the bytes to look up), or empty if
   * there is no such file. An implementation that fails to read wraps the failure in an unchecked
   * exception such as {@link java.io.UncheckedIOException}; it reaches the caller unchanged.
   */
  Optional<byte[]> read(String path);

  /** No files at all: every path is absent (for diffs that only add files). */
  static FileSource empty() {
    return path -> Optional.empty();
  }

  /** The files of a map from path to contents; the map and its arrays are copied. */
  static FileSource of(Map<String, byte[]> files) {
    Map<String, byte[]> copy = new HashMap<>();
    files.forEach((path, content) -> copy.put(path, content.clone()));
    return path -> Optional.ofNullable(copy.get(path)).map(byte[]::clone);
  }
}
