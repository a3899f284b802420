package org.communal.core;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.communal.core.internal.Jdbis;
import org.communal.core.internal.Passwords;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The people who use Communal, and their passwords. Thread-safe. */
public final class Users {
  static final String COLUMNS = "id, username, display_name, email, is_active, is_admin,"
      + " must_change_password";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;
  private final Runnable changed;

  /**
   * @param changed told after any change to an account, so that remembered callers are forgotten
   */
  Users(Jdbi jdbi, Runnable changed) {
    this.jdbi = jdbi;
    this.changed = changed;
  }

  /** The user with this username (any case), if there is one. */
  public Optional<User> find(String username) {
    return Jdbis.call(jdbi, h -> find(h, username));
  }

  /**
   * The user with this username.
   *
   * @throws NoSuchUserException if there is none
   */
  public User get(String username) {
    return find(username).orElseThrow(() -> new NoSuchUserException(username));
  }

  /** A page of users, by username. */
  public Page<User> list(PageRequest page) {
    return Jdbis.call(jdbi, h -> new Page<>(h.createQuery("SELECT " + COLUMNS + " FROM users"
            + " ORDER BY lower(username) OFFSET :start LIMIT :max")
        .bind("start", page.start()).bind("max", page.maxResults()).map(Jdbis::user).list(),
        h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one(), page));
  }

  /**
   * Creates an account that must change its password at first sign-in.
   *
   * @return the account and its initial password (generated when none was given)
   * @throws InvalidInputException listing every invalid field
   * @throws AlreadyExistsException if the username is taken (in any case)
   */
  public Created create(NewUser user) {
    List<FieldProblem> problems = new ArrayList<>();
    AccountRules.checkUsername(user.username(), problems);
    AccountRules.checkDisplayName(user.displayName(), problems);
    AccountRules.checkEmail(user.email().orElse(null), problems);
    user.password().ifPresent(p -> AccountRules.checkPassword("password", p, user.username(),
        given -> false, problems));
    AccountRules.throwIfAny(problems);
    String password = user.password().orElseGet(Users::oneTimePassword);
    String hash = Passwords.hash(password);
    User created = Jdbis.call(jdbi, h -> insert(h, user, hash));
    return new Created(created, password);
  }

  /**
   * An account and the password it was created with.
   *
   * @param user the new account
   * @param password its initial password: show it once, never store it
   */
  public record Created(User user, String password) {
    @Override
    public String toString() {
      return "Created[" + user + ", password hidden]";
    }
  }

  /**
   * Checks a password. Unknown users, disabled accounts and wrong passwords all take the same
   * time and give the same answer.
   */
  public Optional<User> checkPassword(String username, String password) {
    Optional<String> hash = Jdbis.call(jdbi, h -> h.createQuery("SELECT password_hash FROM users"
            + " WHERE lower(username) = lower(:u) AND is_active")
        .bind("u", username).mapTo(String.class).findOne());
    boolean ok = Passwords.verify(password == null ? "" : password, hash.orElse(null));
    return ok ? find(username) : Optional.empty();
  }

  /**
   * Sets a new password.
   *
   * @param mustChange whether the user must change it again at next sign-in (a one-time password)
   * @throws InvalidInputException if the password breaks the rules
   */
  public User setPassword(User user, String newPassword, boolean mustChange) {
    List<FieldProblem> problems = new ArrayList<>();
    AccountRules.checkPassword("new_password", newPassword, user.username(),
        given -> isOneTimePassword(user, given), problems);
    AccountRules.throwIfAny(problems);
    String hash = Passwords.hash(newPassword);
    User updated = Jdbis.call(jdbi, h -> h.createQuery("UPDATE users SET password_hash = :hash,"
            + " must_change_password = :must, updated_at = now() WHERE id = :id RETURNING "
            + COLUMNS)
        .bind("hash", hash).bind("must", mustChange).bind("id", user.id())
        .map(Jdbis::user).one());
    changed.run();
    return updated;
  }

  /** Whether the account holds a one-time password (it must change it) and this is it. */
  private boolean isOneTimePassword(User user, String password) {
    return Jdbis.call(jdbi, h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id"
            + " AND must_change_password").bind("id", user.id()).mapTo(String.class).findOne())
        .map(hash -> Passwords.verify(password, hash)).orElse(false);
  }

  /** Enables or disables an account; a disabled account's sessions and tokens stop working. */
  public User setActive(User user, boolean active) {
    return update(user, "is_active = :v", active);
  }

  /** Grants or takes away administration. */
  public User setAdmin(User user, boolean admin) {
    return update(user, "is_admin = :v", admin);
  }

  /**
   * Changes the display name and email (null leaves one unchanged; an empty email removes it).
   *
   * @throws InvalidInputException listing every invalid field
   */
  public User updateProfile(User user, String displayName, String email) {
    List<FieldProblem> problems = new ArrayList<>();
    AccountRules.checkDisplayName(displayName, problems);
    AccountRules.checkEmail(email, problems);
    AccountRules.throwIfAny(problems);
    User updated = Jdbis.call(jdbi, h -> h.createQuery("UPDATE users SET"
            + " display_name = coalesce(:display, display_name),"
            + " email = CASE WHEN :email::text IS NULL THEN email ELSE nullif(:email, '') END,"
            + " updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
        .bind("display", displayName).bind("email", email).bind("id", user.id())
        .map(Jdbis::user).one());
    changed.run();
    return updated;
  }

  /** Whether any active admin has a password, that is, whether someone can administer. */
  public boolean anyAdminCanSignIn() {
    return Jdbis.call(jdbi, h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM users WHERE is_admin"
        + " AND is_active AND password_hash IS NOT NULL)").mapTo(Boolean.class).one());
  }

  /**
   * Makes sure an admin can sign in: creates the account {@code username} as an admin with a
   * one-time password that must be changed at first sign-in, or takes it over if it exists without
   * a password (as release 0.1.0's single operator account did).
   *
   * @return the one-time password, or empty when some admin could already sign in
   * @throws AlreadyExistsException if {@code username} already has a password of its own: taking
   *     it over would hand its sessions admin rights
   */
  public Optional<String> bootstrapAdmin(String username) {
    if (anyAdminCanSignIn()) {
      return Optional.empty();
    }
    String password = oneTimePassword();
    String hash = Passwords.hash(password);
    int taken = Jdbis.call(jdbi, h -> h.inTransaction(tx -> {
      int rows = tx.createUpdate("INSERT INTO users (username, display_name, password_hash,"
              + " is_admin, must_change_password) VALUES (:u, 'Administrator', :hash, true, true)"
              + " ON CONFLICT ((lower(username))) DO UPDATE SET password_hash = :hash,"
              + " is_admin = true, is_active = true, must_change_password = true"
              + " WHERE users.password_hash IS NULL")
          .bind("u", username).bind("hash", hash).execute();
      if (rows == 1) {
        // A taken-over account starts afresh: nothing signed in before keeps working.
        tx.createUpdate("DELETE FROM sessions WHERE user_id = (SELECT id FROM users"
            + " WHERE lower(username) = lower(:u))").bind("u", username).execute();
      }
      return rows;
    }));
    changed.run();
    if (taken == 0) {
      throw new AlreadyExistsException("No admin can sign in, and the account \"" + username
          + "\" has a password of its own, so it was not taken over. Make an existing account an"
          + " admin in the database (UPDATE users SET is_admin = true WHERE username = '...'),"
          + " then restart.");
    }
    return Optional.of(password);
  }

  private User update(User user, String assignment, boolean value) {
    User updated = Jdbis.call(jdbi, h -> h.createQuery("UPDATE users SET " + assignment
            + ", updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
        .bind("v", value).bind("id", user.id()).map(Jdbis::user).one());
    changed.run();
    return updated;
  }

  private static User insert(Handle h, NewUser user, String hash) {
    try {
      return h.createQuery("INSERT INTO users (username, display_name, email, is_admin,"
              + " password_hash, must_change_password) VALUES (:u, :d, :e, :a, :hash, true)"
              + " RETURNING " + COLUMNS)
          .bind("u", user.username()).bind("d", user.displayName() == null ? ""
              : user.displayName())
          .bind("e", user.email().filter(e -> !e.isEmpty()).orElse(null))
          .bind("a", user.admin()).bind("hash", hash).map(Jdbis::user).one();
    } catch (UnableToExecuteStatementException e) {
      if (Jdbis.isUniqueViolation(e)) {
        throw new AlreadyExistsException("The username \"" + user.username()
            + "\" is taken (usernames are unique regardless of case). Pick another.");
      }
      throw e;
    }
  }

  static Optional<User> find(Handle h, String username) {
    return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE lower(username) = lower(:u)")
        .bind("u", username).map(Jdbis::user).findOne();
  }

  /** 18 random bytes: 24 characters that are easy to copy and hard to guess. */
  private static String oneTimePassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
