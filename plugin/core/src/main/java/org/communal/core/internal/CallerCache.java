package org.communal.core.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers who a credential stands for, for a short while, so that a busy client does not cost a
 * query per request. Any change to accounts or tokens made through this process clears it at once
 * ({@link #clear()}); a change made elsewhere (another process, plain SQL) applies within the time
 * to live. Thread-safe.
 *
 * @param <V> what a credential resolves to
 */
public final class CallerCache<V> {
  private static final int MAX_ENTRIES = 10_000;

  private record Entry<V>(V value, long bornNanos, long generation) {}

  private final long ttlNanos;
  private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  /** A cache whose entries live this long (zero: a cache that remembers nothing). */
  public CallerCache(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  /**
   * The generation to pass to {@link #put}: read it before looking the credential up, so that a
   * clear that happens during the lookup makes its answer unusable.
   */
  public long generation() {
    return generation.get();
  }

  /** What the credential resolved to, if remembered and still fresh. */
  public Optional<V> get(String key) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.generation() != generation.get() || System.nanoTime() - e.bornNanos() > ttlNanos) {
      entries.remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  /** Remembers an answer looked up in the given generation; ignored if a clear came since. */
  public void put(String key, V value, long lookedUpIn) {
    if (ttlNanos <= 0 || lookedUpIn != generation.get()) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(key, new Entry<>(value, System.nanoTime(), lookedUpIn));
  }

  /** Forgets everything: accounts or tokens changed. */
  public void clear() {
    generation.incrementAndGet();
    entries.clear();
  }
}
