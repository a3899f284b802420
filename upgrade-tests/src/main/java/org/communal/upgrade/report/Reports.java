package org.communal.upgrade.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.communal.upgrade.MatrixResult;

/**
 * Writes every report of a run into one folder: {@code index.html}, {@code report.json} and one
 * {@code TEST-<path>.xml} per path. Files of an earlier run that this run does not overwrite are
 * left alone, so give each run a fresh folder.
 */
public final class Reports {
  private Reports() {}

  /**
   * Writes the reports and returns the files written, the HTML page first.
   *
   * @throws UncheckedIOException if the folder or a file cannot be written
   */
  public static List<Path> write(MatrixResult matrix, Path folder) {
    List<Path> files = new ArrayList<>();
    files.add(HtmlReport.write(matrix, folder));
    files.add(JsonReport.write(matrix, folder));
    files.addAll(JUnitXml.write(matrix, folder));
    return files;
  }

  /**
   * Writes one report file as UTF-8 into a folder, creating the folder if needed.
   *
   * @throws UncheckedIOException if it cannot be written
   */
  static Path writeFile(Path folder, String name, String text) {
    Path file = folder.resolve(name);
    try {
      Files.createDirectories(folder);
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage()
          + ". Check that the folder is writable.", e);
    }
    return file;
  }
}
