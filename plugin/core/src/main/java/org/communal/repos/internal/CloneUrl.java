package org.communal.repos.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.communal.repos.RepositoryException;

/**
 * A clone URL taken apart: what JGit is given (never with credentials), what people are shown
 * (the same), and the credentials, which go to JGit through a credentials provider only.
 *
 * @param kind how the repository is reached
 * @param location the URL or absolute path given to JGit, without credentials
 * @param localPath the directory of a local repository; null for HTTP
 * @param user the user name from the URL, or null
 * @param password the password (or token) from the URL, or null
 * @param secrets the raw and decoded user-info strings, to scrub from any message; may be empty
 */
record CloneUrl(Kind kind, String location, Path localPath, String user, String password,
    List<String> secrets) {

  /** How a repository is reached. */
  public enum Kind { HTTP, LOCAL }

  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#]*@");
  private static final Pattern SCP_LIKE = Pattern.compile("^[^/\\\\]+:.*");

  /**
   * Parses a clone URL: {@code http://}, {@code https://}, {@code file://} or an absolute local
   * path.
   *
   * @throws RepositoryException with {@link RepositoryException#BAD_URL} otherwise
   */
  public static CloneUrl parse(String raw) {
    if (raw == null || raw.isBlank()) {
      throw bad("(empty)", "it is empty");
    }
    String url = raw.strip();
    int schemeEnd = url.indexOf("://");
    if (schemeEnd > 0) {
      String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
      return switch (scheme) {
        case "http", "https" -> http(url);
        case "file" -> file(url);
        default -> throw bad(withoutUserInfo(url), "the scheme " + scheme + ":// is not supported");
      };
    }
    if (url.startsWith("/")) {
      return local(url, url);
    }
    if (SCP_LIKE.matcher(url).matches()) {
      throw bad(url, "it looks like an SSH address, and SSH is not supported");
    }
    throw bad(url, "it is a relative path");
  }

  /** The URL for people, messages and context names: {@link #location} has no credentials. */
  public String display() {
    return location;
  }

  /** Names the URL only: the default would print the password. */
  @Override
  public String toString() {
    return "CloneUrl[" + location + "]";
  }

  /** The message with every trace of this URL's credentials replaced by {@code ***}. */
  public String scrub(String message) {
    String result = message == null ? "" : message;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        result = result.replace(secret, "***");
      }
    }
    return result;
  }

  private static CloneUrl http(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw bad(withoutUserInfo(url), "it is not a valid URL"); // e's message has the credentials
    }
    if (uri.getHost() == null) {
      throw bad(withoutUserInfo(url), "it has no host name");
    }
    String location = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + hostAndPort(uri)
        + (uri.getRawPath() == null ? "" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String rawUserInfo = uri.getRawUserInfo();
    if (rawUserInfo == null) {
      return new CloneUrl(Kind.HTTP, location, null, null, null, List.of());
    }
    int colon = rawUserInfo.indexOf(':');
    String user = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
    String password = colon < 0 ? "" : decode(rawUserInfo.substring(colon + 1));
    List<String> secrets = List.of(rawUserInfo, decode(rawUserInfo), password);
    return new CloneUrl(Kind.HTTP, location, null, user, password, secrets);
  }

  private static String hostAndPort(URI uri) {
    String host = uri.getHost();
    return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
  }

  private static CloneUrl file(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
        throw bad(withoutUserInfo(url), "file:// URLs on another host are not supported");
      }
      return local(url, uri.getPath());
    } catch (URISyntaxException e) {
      throw bad(withoutUserInfo(url), "it is not a valid file:// URL");
    }
  }

  private static CloneUrl local(String url, String path) {
    try {
      Path dir = Path.of(path);
      if (!dir.isAbsolute()) {
        throw bad(url, "it is a relative path");
      }
      Path normal = dir.normalize();
      return new CloneUrl(Kind.LOCAL, url.startsWith("/") ? normal.toString() : url, normal, null,
          null, List.of());
    } catch (InvalidPathException e) {
      throw bad(url, "it is not a valid path");
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL without its user-info, for messages about a URL that could not be parsed. */
  private static String withoutUserInfo(String url) {
    return USER_INFO.matcher(url).replaceFirst("");
  }

  private static RepositoryException bad(String shownUrl, String why) {
    return new RepositoryException(RepositoryException.BAD_URL, "The clone URL " + shownUrl
        + " cannot be used: " + why + ". Give an http://, https:// or file:// URL, or an"
        + " absolute path to a local repository.");
  }
}
