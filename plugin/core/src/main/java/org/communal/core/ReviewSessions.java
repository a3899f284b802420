package org.communal.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.communal.context.Context;
import org.communal.context.Limits;
import org.communal.context.State;
import org.communal.core.internal.SessionCache;

/**
 * The review sessions of a server: one context per reviewer and review request, found again by
 * that reviewer's later requests (whose contexts hang below it), holding what the review needs
 * (parsed diffs, calls in flight, the draft) under a weight limit. A session closes on publish or
 * discard, when its reviewer signs out, or after it has been idle too long. Thread-safe.
 */
public final class ReviewSessions {
  private final Context parent;
  private final Limits limits;
  private final Duration idleTimeout;
  private final Clock clock;
  private final Map<Key, Entry> sessions = new ConcurrentHashMap<>();

  private record Key(long userId, long reviewRequestId) {}

  private record Entry(Context context, Instant lastUsed) {}

  /**
   * @param parent under which the sessions' contexts hang
   * @param limits what one session may hold
   * @param idleTimeout a session unused this long closes at the next {@link #closeIdle()}
   */
  public ReviewSessions(Context parent, Limits limits, Duration idleTimeout, Clock clock) {
    this.parent = Objects.requireNonNull(parent, "parent");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The session of this reviewer on this review request, opened if there is none. */
  public Context open(User reviewer, long reviewRequestId) {
    Key key = new Key(reviewer.id(), reviewRequestId);
    Entry entry = sessions.compute(key, (k, e) -> {
      Context c = e != null && e.context().state() == State.OPEN ? e.context() : create(k, reviewer);
      return new Entry(c, clock.instant());
    });
    return entry.context();
  }

  /** The open session of this reviewer on this review request, if any. */
  public Optional<Context> find(User reviewer, long reviewRequestId) {
    return Optional.ofNullable(sessions.get(new Key(reviewer.id(), reviewRequestId)))
        .map(Entry::context).filter(c -> c.state() == State.OPEN);
  }

  /** Closes a session (its review was published or discarded). Returns whether there was one. */
  public boolean close(User reviewer, long reviewRequestId) {
    Entry e = sessions.remove(new Key(reviewer.id(), reviewRequestId));
    if (e != null) {
      e.context().close();
    }
    return e != null;
  }

  /** Closes every session of a reviewer (they signed out). Returns how many. */
  public int closeAll(User reviewer) {
    return closeWhere(e -> e.getKey().userId() == reviewer.id());
  }

  /** Closes every session unused for longer than the idle timeout. Returns how many. */
  public int closeIdle() {
    Instant cutoff = clock.instant().minus(idleTimeout);
    return closeWhere(e -> e.getValue().lastUsed().isBefore(cutoff));
  }

  /** How many sessions are open. */
  public int size() {
    return sessions.size();
  }

  private int closeWhere(java.util.function.Predicate<Map.Entry<Key, Entry>> which) {
    List<Map.Entry<Key, Entry>> doomed = sessions.entrySet().stream().filter(which).toList();
    int closed = 0;
    for (Map.Entry<Key, Entry> e : doomed) {
      if (sessions.remove(e.getKey(), e.getValue())) {
        e.getValue().context().close();
        closed++;
      }
    }
    return closed;
  }

  private Context create(Key key, User reviewer) {
    Context c = parent.child("review-session " + reviewer.username() + " on r/"
        + key.reviewRequestId());
    try {
      c.setLimits(limits);
      SessionCache.attachTo(c);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
