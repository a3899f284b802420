package org.communal.web;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base URIs parsed once: every request needs its base, and a site has one or a few (parsing one
 * costs more than routing the request). The names come from the request's Host header, so the
 * cache is bounded: past {@link #MAX} entries it starts over. Thread-safe.
 */
final class BaseUris {
  static final int MAX = 64;
  private static final Map<String, URI> CACHE = new ConcurrentHashMap<>();

  private BaseUris() {}

  /** The URI of this text, as {@link URI#create} makes it. */
  static URI of(String text) {
    URI uri = CACHE.get(text);
    if (uri == null) {
      uri = URI.create(text);
      if (CACHE.size() >= MAX) {
        CACHE.clear();
      }
      CACHE.put(text, uri);
    }
    return uri;
  }

  /** How many are kept now (for tests). */
  static int size() {
    return CACHE.size();
  }
}
