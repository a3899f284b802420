package org.communal.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads the migration files of a Flyway location without a database. */
public final class MigrationFiles {
  private MigrationFiles() {}

  /**
   * The bytes of every {@code .sql} file directly in a location, keyed by file name.
   *
   * @param classLoader used for {@code classpath:} locations
   * @param location {@code classpath:some/path} or {@code filesystem:/some/dir}
   * @throws MigrationException if the location does not exist
   */
  public static Map<String, byte[]> read(ClassLoader classLoader, String location) {
    Map<String, byte[]> files = new TreeMap<>();
    try {
      if (location.startsWith("filesystem:")) {
        readDirectory(Path.of(location.substring("filesystem:".length())), files);
      } else {
        String path = location.replaceFirst("^classpath:", "");
        Enumeration<URL> urls = classLoader.getResources(path);
        while (urls.hasMoreElements()) {
          readUrl(urls.nextElement(), files);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read migrations at " + location, e);
    }
    if (files.isEmpty()) {
      throw new MigrationException("No migration files found at " + location
          + ". Check the location, or that the migrations jar is on the class path.");
    }
    return files;
  }

  private static void readUrl(URL url, Map<String, byte[]> into) throws IOException {
    URI uri = toUri(url);
    if ("jar".equals(uri.getScheme())) {
      try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
        readDirectory(fs.provider().getPath(uri), into);
      } catch (FileSystemAlreadyExistsException e) {
        // Someone else holds the jar open; read through theirs and leave it open for them.
        readDirectory(FileSystems.getFileSystem(uri).provider().getPath(uri), into);
      }
    } else {
      readDirectory(Path.of(uri), into);
    }
  }

  private static void readDirectory(Path dir, Map<String, byte[]> into) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.list(dir)) {
      for (Path p : paths.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
        into.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
  }

  private static URI toUri(URL url) {
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      throw new MigrationException("Malformed migration location URL " + url, e);
    }
  }
}
