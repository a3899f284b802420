package org.communal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.communal.core.internal.Jdbis;
import org.communal.core.internal.Secrets;
import org.jdbi.v3.core.Jdbi;

/**
 * Browser sessions: opened at sign-in, ended at sign-out, after the idle timeout or at the end of
 * their lifetime, and whenever the account is disabled. Only hashes of the cookie values are
 * stored. Thread-safe.
 */
public final class Sessions {
  /** Last-seen times are written at most this often, so that reads stay reads. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final Jdbi jdbi;
  private final CoreSettings settings;

  Sessions(Jdbi jdbi, CoreSettings settings) {
    this.jdbi = jdbi;
    this.settings = settings;
  }

  /**
   * A live session.
   *
   * @param id the database id
   * @param user who signed in
   * @param csrfToken the value state-changing requests must carry in {@code X-CSRF-Token}
   * @param expiresAt when it ends at the latest
   */
  public record Session(long id, User user, String csrfToken, Instant expiresAt) {}

  /**
   * A session just opened.
   *
   * @param cookieValue the secret for the browser's cookie; shown once, stored only as a hash
   * @param session the session
   */
  public record Opened(String cookieValue, Session session) {
    @Override
    public String toString() {
      return "Opened[" + session + "]";
    }
  }

  private record Seen(Session session, Instant lastSeen) {}

  /** Opens a session for a user who just proved who they are. */
  public Opened open(User user, String remoteAddr) {
    String cookie = Secrets.random(32);
    String csrf = Secrets.random(32);
    Instant now = settings.clock().instant();
    Instant expires = now.plus(settings.sessionLifetime());
    long id = Jdbis.call(jdbi, h -> h.createUpdate("INSERT INTO sessions (user_id, token_hash,"
            + " csrf_token, created_at, last_seen_at, expires_at, remote_addr) VALUES (:u, :hash,"
            + " :csrf, :now, :now, :expires, :addr)")
        .bind("u", user.id()).bind("hash", Secrets.sha256(cookie)).bind("csrf", csrf)
        .bind("now", Jdbis.utc(now))
        .bind("expires", Jdbis.utc(expires)).bind("addr", remoteAddr)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    return new Opened(cookie, new Session(id, user, csrf, expires));
  }

  /**
   * The live session for a cookie value: empty when unknown, ended, idle too long, or when its
   * account is disabled.
   */
  public Optional<Session> resolve(String cookieValue) {
    Objects.requireNonNull(cookieValue, "cookieValue");
    Instant now = settings.clock().instant();
    return Jdbis.call(jdbi, h -> h.createQuery("SELECT s.id AS session_id, s.csrf_token,"
            + " s.expires_at, s.last_seen_at, u.id AS user_id, u.username, u.display_name,"
            + " u.email, u.is_active, u.is_admin, u.must_change_password FROM sessions s"
            + " JOIN users u ON u.id = s.user_id WHERE s.token_hash = :hash AND u.is_active")
        .bind("hash", Secrets.sha256(cookieValue))
        .map((rs, ctx) -> new Seen(new Session(rs.getLong("session_id"), Jdbis.user(rs, ctx),
            rs.getString("csrf_token"), Jdbis.instant(rs, "expires_at")),
            Jdbis.instant(rs, "last_seen_at")))
        .findOne())
        .filter(seen -> isLive(seen.session(), seen.lastSeen(), now))
        .map(seen -> touch(seen.session(), seen.lastSeen(), now));
  }

  /** Ends the session of this cookie value, if it exists. */
  public void close(String cookieValue) {
    Jdbis.call(jdbi, h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :hash")
        .bind("hash", Secrets.sha256(cookieValue)).execute());
  }

  /** Ends every session of a user except one (the one that asked), if given. */
  public int closeAll(User user, Optional<Long> except) {
    return Jdbis.call(jdbi, h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :u"
            + " AND id <> :except")
        .bind("u", user.id()).bind("except", except.orElse(-1L)).execute());
  }

  private boolean isLive(Session s, Instant lastSeen, Instant now) {
    return now.isBefore(s.expiresAt())
        && now.isBefore(lastSeen.plus(settings.sessionIdleTimeout()));
  }

  private Session touch(Session s, Instant lastSeen, Instant now) {
    if (Duration.between(lastSeen, now).compareTo(TOUCH_EVERY) >= 0) {
      Jdbis.call(jdbi, h -> h.createUpdate("UPDATE sessions SET last_seen_at = :now WHERE id = :id")
          .bind("now", Jdbis.utc(now)).bind("id", s.id()).execute());
    }
    return s;
  }
}
