package org.communal.core;

import java.time.Instant;
import java.util.Optional;
import org.communal.core.internal.Jdbis;
import org.jdbi.v3.core.Jdbi;

/** Who did what: sign-ins, token creation and revocation, admin actions. Thread-safe. */
public final class AuditLog {
  private final Jdbi jdbi;
  private final CoreSettings settings;

  AuditLog(Jdbi jdbi, CoreSettings settings) {
    this.jdbi = jdbi;
    this.settings = settings;
  }

  /**
   * One entry.
   *
   * @param actor who acted, if known (a failed sign-in has none)
   * @param action what happened, such as {@code sign-in-failed}
   * @param target what it happened to, such as {@code user:alice}
   * @param detail more, for people
   * @param remoteAddr where the request came from
   */
  public record Entry(long id, Instant at, Optional<String> actor, String action, String target,
      String detail, Optional<String> remoteAddr) {}

  /** Records an entry. */
  public void record(Optional<User> actor, String action, String target, String detail,
      String remoteAddr) {
    Jdbis.call(jdbi, h -> h.createUpdate("INSERT INTO audit_log (at, actor_id, action, target,"
            + " detail, remote_addr) VALUES (:at, :actor, :action, :target, :detail, :addr)")
        .bind("at", Jdbis.utc(settings.clock().instant()))
        .bind("actor", actor.map(User::id).orElse(null)).bind("action", action)
        .bind("target", target).bind("detail", detail).bind("addr", remoteAddr).execute());
  }

  /** A page of entries, newest first. */
  public Page<Entry> list(PageRequest page) {
    return Jdbis.call(jdbi, h -> new Page<>(h.createQuery("SELECT a.*, u.username FROM audit_log a"
            + " LEFT JOIN users u ON u.id = a.actor_id ORDER BY a.at DESC, a.id DESC"
            + " OFFSET :start LIMIT :max")
        .bind("start", page.start()).bind("max", page.maxResults())
        .map((rs, ctx) -> new Entry(rs.getLong("id"), Jdbis.instant(rs, "at"),
            Optional.ofNullable(rs.getString("username")), rs.getString("action"),
            rs.getString("target"), rs.getString("detail"),
            Optional.ofNullable(rs.getString("remote_addr")))).list(),
        h.createQuery("SELECT count(*) FROM audit_log").mapTo(Long.class).one(), page));
  }
}
