package org.communal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.communal.core.internal.Jdbis;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Groups of users. Open groups are seen by everyone who may read; invite-only groups only by their
 * members and admins, and to everyone else they do not exist. Thread-safe.
 */
public final class Groups {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final String VISIBLE = "(NOT g.is_invite_only OR :admin OR EXISTS (SELECT 1"
      + " FROM group_members m WHERE m.group_id = g.id AND m.user_id = :viewer))";

  private final Jdbi jdbi;

  Groups(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A group.
   *
   * @param name lower-case, unique
   * @param inviteOnly whether only admins add members, and only members see it
   */
  public record Group(long id, String name, String displayName, boolean inviteOnly,
      Instant createdAt) {}

  /**
   * Creates a group.
   *
   * @throws InvalidInputException listing every invalid field
   * @throws AlreadyExistsException if the name is taken
   */
  public Group create(String name, String displayName, boolean inviteOnly) {
    List<FieldProblem> problems = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      problems.add(new FieldProblem("name", "must be 1 to 64 lower-case letters, digits, '.', '_'"
          + " or '-', starting with a letter or digit"));
    }
    AccountRules.checkDisplayName(displayName, problems);
    AccountRules.throwIfAny(problems);
    try {
      return Jdbis.call(jdbi, h -> h.createQuery("INSERT INTO groups (name, display_name,"
              + " is_invite_only) VALUES (:n, :d, :i) RETURNING id, name, display_name,"
              + " is_invite_only, created_at")
          .bind("n", name).bind("d", displayName == null ? "" : displayName)
          .bind("i", inviteOnly).map((rs, ctx) -> group(rs)).one());
    } catch (UnableToExecuteStatementException e) {
      if (Jdbis.isUniqueViolation(e)) {
        throw new AlreadyExistsException("A group named \"" + name + "\" exists already.");
      }
      throw e;
    }
  }

  /**
   * The group with this name, if the viewer may see it.
   *
   * @throws NoSuchGroupException if there is none, or the viewer may not see it
   */
  public Group get(String name, Caller viewer) {
    return Jdbis.call(jdbi, h -> h.createQuery("SELECT g.* FROM groups g WHERE g.name = :n AND "
            + VISIBLE)
        .bind("n", name).bind("admin", isAdmin(viewer)).bind("viewer", viewerId(viewer))
        .map((rs, ctx) -> group(rs)).findOne())
        .orElseThrow(() -> new NoSuchGroupException(name));
  }

  /** The groups the viewer may see, by name. */
  public Page<Group> list(Caller viewer, PageRequest page) {
    return Jdbis.call(jdbi, h -> new Page<>(h.createQuery("SELECT g.* FROM groups g WHERE "
            + VISIBLE + " ORDER BY g.name OFFSET :start LIMIT :max")
        .bind("admin", isAdmin(viewer)).bind("viewer", viewerId(viewer))
        .bind("start", page.start()).bind("max", page.maxResults())
        .map((rs, ctx) -> group(rs)).list(),
        h.createQuery("SELECT count(*) FROM groups g WHERE " + VISIBLE)
            .bind("admin", isAdmin(viewer)).bind("viewer", viewerId(viewer))
            .mapTo(Long.class).one(), page));
  }

  /** The members of a group, by username. */
  public List<User> members(Group group) {
    return Jdbis.call(jdbi, h -> h.createQuery("SELECT u.id, u.username, u.display_name,"
            + " u.email, u.is_active, u.is_admin, u.must_change_password FROM group_members m"
            + " JOIN users u ON u.id = m.user_id WHERE m.group_id = :g ORDER BY lower(u.username)")
        .bind("g", group.id()).map(Jdbis::user).list());
  }

  /** Adds a member; adding one twice is harmless. Returns whether the member was new. */
  public boolean addMember(Group group, User user) {
    return Jdbis.call(jdbi, h -> h.createUpdate("INSERT INTO group_members (group_id, user_id)"
            + " VALUES (:g, :u) ON CONFLICT DO NOTHING")
        .bind("g", group.id()).bind("u", user.id()).execute()) == 1;
  }

  /** Removes a member. Returns whether they were one. */
  public boolean removeMember(Group group, User user) {
    return Jdbis.call(jdbi, h -> h.createUpdate("DELETE FROM group_members WHERE group_id = :g"
            + " AND user_id = :u").bind("g", group.id()).bind("u", user.id()).execute()) == 1;
  }

  private static boolean isAdmin(Caller c) {
    return c.user().map(User::admin).orElse(false);
  }

  private static long viewerId(Caller c) {
    return c.user().map(User::id).orElse(-1L);
  }

  private static Group group(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Group(rs.getLong("id"), rs.getString("name"), rs.getString("display_name"),
        rs.getBoolean("is_invite_only"), Jdbis.instant(rs, "created_at"));
  }

}
