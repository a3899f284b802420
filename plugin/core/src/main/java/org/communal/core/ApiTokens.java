package org.communal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.communal.core.internal.CallerCache;
import org.communal.core.internal.Jdbis;
import org.communal.core.internal.Secrets;
import org.jdbi.v3.core.Jdbi;

/**
 * API tokens for scripts and CI, sent as {@code Authorization: token <value>}. A token is shown
 * once at creation and stored only as a hash; it carries scopes, may expire, records when it was
 * last used, and can be revoked. Thread-safe.
 */
public final class ApiTokens {
  /** Every token starts with this, so that secret scanners and people recognise it. */
  public static final String PREFIX = "cmt_";
  private static final Duration RECORD_USE_EVERY = Duration.ofMinutes(1);
  private static final String COLUMNS = "id, user_id, name, token_prefix, scopes, created_at,"
      + " expires_at, last_used_at, revoked_at";

  private final Jdbi jdbi;
  private final CoreSettings settings;
  private final CallerCache<Use> callers;

  ApiTokens(Jdbi jdbi, CoreSettings settings, CallerCache<Use> callers) {
    this.jdbi = jdbi;
    this.settings = settings;
    this.callers = callers;
  }

  /**
   * A token, without its secret.
   *
   * @param id the database id
   * @param userId whose token it is
   * @param name what its owner called it
   * @param prefix the first characters of the value, to tell tokens apart
   * @param scopes what it may do
   */
  public record ApiToken(long id, long userId, String name, String prefix, Set<Permission> scopes,
      Instant createdAt, Optional<Instant> expiresAt, Optional<Instant> lastUsedAt,
      Optional<Instant> revokedAt) {
    public ApiToken {
      scopes = Set.copyOf(scopes);
    }
  }

  /**
   * A token just created.
   *
   * @param value the secret: show it once, it cannot be read again
   * @param token the token
   */
  public record Created(String value, ApiToken token) {
    @Override
    public String toString() {
      return "Created[" + token + "]";
    }
  }

  /**
   * Creates a token for {@code owner}.
   *
   * @throws InvalidInputException if the name is empty or too long, no scope is given, the expiry
   *     is not in the future, or the admin scope is asked for a user who is not an admin
   */
  public Created create(User owner, User createdBy, String name, Set<Permission> scopes,
      Optional<Instant> expiresAt) {
    checkNew(owner, name, scopes, expiresAt);
    String value = PREFIX + Secrets.random(30);
    String[] scopeNames = scopes.stream().map(Permission::wireName).sorted()
        .toArray(String[]::new);
    ApiToken token = Jdbis.call(jdbi, h -> h.createQuery("INSERT INTO api_tokens (user_id,"
            + " created_by, name, token_prefix, token_hash, scopes, created_at, expires_at)"
            + " VALUES (:u, :by, :name, :prefix, :hash, :scopes, :now, :expires) RETURNING "
            + COLUMNS)
        .bind("u", owner.id()).bind("by", createdBy.id()).bind("name", name.strip())
        .bind("prefix", value.substring(0, PREFIX.length() + 6))
        .bind("hash", Secrets.sha256(value)).bind("scopes", scopeNames)
        .bind("now", Jdbis.utc(settings.clock().instant()))
        .bind("expires", Jdbis.utc(expiresAt.orElse(null)))
        .map((rs, ctx) -> token(rs)).one());
    return new Created(value, token);
  }

  /**
   * The caller a token value stands for: empty when the value is unknown, revoked, expired, or
   * its account is disabled. Admin scope counts only while the user is an admin.
   */
  public Optional<Caller> resolve(String value) {
    Instant now = settings.clock().instant();
    String hash = Secrets.sha256(value);
    long generation = callers.generation();
    Optional<Use> remembered = callers.get(hash);
    if (remembered.isPresent()) {
      Use use = remembered.get();
      if (use.expiresAt() != null && !use.expiresAt().isAfter(now)) {
        return Optional.empty();
      }
      if (recordUse(use.tokenId(), use.lastUsed(), now)) {
        callers.put(hash, new Use(use.tokenId(), now, use.expiresAt(), use.caller()),
            generation);
      }
      return Optional.of(use.caller());
    }
    return Jdbis.call(jdbi, h -> h.createQuery("SELECT t.id AS token_id, t.scopes,"
            + " t.expires_at, t.last_used_at, u.id AS user_id, u.username, u.display_name,"
            + " u.email, u.is_active, u.is_admin, u.must_change_password FROM api_tokens t"
            + " JOIN users u ON u.id = t.user_id WHERE t.token_hash = :hash AND u.is_active"
            + " AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > :now)")
        .bind("hash", hash).bind("now", Jdbis.utc(now))
        .map((rs, ctx) -> new Use(rs.getLong("token_id"), Jdbis.instant(rs, "last_used_at"),
            Jdbis.instant(rs, "expires_at"), Caller.token(Jdbis.user(rs, ctx),
                scopes((String[]) rs.getArray("scopes").getArray()))))
        .findOne())
        .map(use -> {
          boolean recorded = recordUse(use.tokenId(), use.lastUsed(), now);
          callers.put(hash, recorded ? new Use(use.tokenId(), now, use.expiresAt(), use.caller())
              : use, generation);
          return use.caller();
        });
  }

  /** A token's use: what the cache remembers for it. */
  record Use(long tokenId, Instant lastUsed, Instant expiresAt, Caller caller) {}

  /** The tokens of a user, newest first, revoked ones included. */
  public List<ApiToken> list(User owner) {
    return Jdbis.call(jdbi, h -> h.createQuery("SELECT " + COLUMNS + " FROM api_tokens"
            + " WHERE user_id = :u ORDER BY id DESC")
        .bind("u", owner.id()).map((rs, ctx) -> token(rs)).list());
  }

  /**
   * Revokes a token of this user; revoking twice is harmless.
   *
   * @throws NotFoundException if the user has no token with this id
   */
  public ApiToken revoke(User owner, long id) {
    ApiToken revoked = Jdbis.call(jdbi, h -> h.createQuery("UPDATE api_tokens SET revoked_at ="
            + " coalesce(revoked_at, :now) WHERE id = :id AND user_id = :u RETURNING " + COLUMNS)
        .bind("now", Jdbis.utc(settings.clock().instant())).bind("id", id).bind("u", owner.id())
        .map((rs, ctx) -> token(rs)).findOne())
        .orElseThrow(() -> new NotFoundException("User " + owner.username()
            + " has no API token with id " + id + "."));
    callers.clear();
    return revoked;
  }

  private void checkNew(User owner, String name, Set<Permission> scopes,
      Optional<Instant> expiresAt) {
    List<FieldProblem> problems = new ArrayList<>();
    if (name == null || name.isBlank() || name.strip().length() > 100) {
      problems.add(new FieldProblem("name", "must be 1 to 100 characters"));
    }
    if (scopes.isEmpty()) {
      problems.add(new FieldProblem("scopes", "must name at least one of read, write, admin"));
    } else if (scopes.contains(Permission.ADMIN) && !owner.admin()) {
      problems.add(new FieldProblem("scopes", "admin is only for tokens of admins"));
    }
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(settings.clock().instant())) {
      problems.add(new FieldProblem("expires_at", "must be in the future"));
    }
    AccountRules.throwIfAny(problems);
  }

  /** Records a use when the last one recorded is a minute old or more; true if it did. */
  private boolean recordUse(long id, Instant lastUsed, Instant now) {
    if (lastUsed == null || Duration.between(lastUsed, now).compareTo(RECORD_USE_EVERY) >= 0) {
      Jdbis.call(jdbi, h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :now"
          + " WHERE id = :id").bind("now", Jdbis.utc(now)).bind("id", id).execute());
      return true;
    }
    return false;
  }

  private static Set<Permission> scopes(String[] names) {
    return Arrays.stream(names).map(n -> Permission.fromWireName(n).orElseThrow())
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
  }

  private static ApiToken token(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new ApiToken(rs.getLong("id"), rs.getLong("user_id"), rs.getString("name"),
        rs.getString("token_prefix"), scopes((String[]) rs.getArray("scopes").getArray()),
        Jdbis.instant(rs, "created_at"), Optional.ofNullable(Jdbis.instant(rs, "expires_at")),
        Optional.ofNullable(Jdbis.instant(rs, "last_used_at")),
        Optional.ofNullable(Jdbis.instant(rs, "revoked_at")));
  }
}
