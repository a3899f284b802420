package org.communal.core.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.communal.context.Context;
import org.communal.context.LimitExceededException;
import org.communal.context.Owned;

/**
 * What a review session keeps between its requests (parsed and applied diffs), each entry a
 * child context with its weight, so that the session's weight limit bounds it and closing the
 * session drops it. When an entry would break the limit, older entries go first. Thread-safe.
 * Not API.
 */
public final class SessionCache {
  private final Context session;
  private final Map<String, Owned<Object>> entries = new ConcurrentHashMap<>();

  private SessionCache(Context session) {
    this.session = session;
  }

  /** Attaches a cache to a review session's context. */
  public static void attachTo(Context session) {
    session.attach(new SessionCache(session));
  }

  /** The cache of the session this context belongs to, if it belongs to one. */
  public static Optional<SessionCache> of(Context context) {
    return context.findAncestorAttachment(SessionCache.class);
  }

  /** The entry under this key, if it is there and of this type. */
  public <T> Optional<T> get(String key, Class<T> type) {
    return Optional.ofNullable(entries.get(key)).map(Owned::get).filter(type::isInstance)
        .map(type::cast);
  }

  /**
   * Keeps a value; if the session's limit cannot take it even once emptied, it is not kept.
   *
   * @param weight its size in bytes, roughly
   */
  public void put(String key, Object value, long weight) {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        // Closing an entry forgets it, whoever closes it: this cache, or the session.
        Owned<Object> owned = session.own("cache " + key, value, weight,
            v -> entries.values().removeIf(o -> o.get() == v));
        Owned<Object> previous = entries.put(key, owned);
        if (previous != null) {
          previous.close();
        }
        return;
      } catch (LimitExceededException full) {
        clear();
      } catch (RuntimeException closing) {
        return; // the session is closing: nothing to keep
      }
    }
  }

  /** Drops every entry. */
  public void clear() {
    for (Owned<Object> owned : entries.values()) {
      owned.close();
    }
  }
}
