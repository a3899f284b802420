package org.communal.upgrade.safety;

import java.util.List;

/** PostgreSQL's table-level lock modes, weakest first, as {@code pg_locks.mode} names them. */
final class LockMode {
  static final String ACCESS_EXCLUSIVE = "AccessExclusiveLock";
  private static final List<String> ORDER = List.of("AccessShareLock", "RowShareLock",
      "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock",
      "ExclusiveLock", ACCESS_EXCLUSIVE);

  private LockMode() {}

  /** How strong a mode is: 1 for ACCESS SHARE up to 8 for ACCESS EXCLUSIVE; 0 when unknown. */
  static int strength(String mode) {
    return ORDER.indexOf(mode) + 1;
  }

  /** How SQL writes the mode: {@code ACCESS EXCLUSIVE} for {@code AccessExclusiveLock}. */
  static String sql(String mode) {
    return mode.replaceAll("Lock$", "").replaceAll("([a-z])([A-Z])", "$1 $2")
        .toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * A lock held on an object.
   *
   * @param object the qualified name of the table, index or type
   * @param mode the mode, as {@code pg_locks.mode} names it
   * @param kind {@code pg_class.relkind} for relations, {@code y} for a type
   * @param oid a relation's oid, which it keeps when it is renamed; 0 for a type
   */
  record Held(String object, String mode, char kind, long oid) {
    boolean onTable() {
      return kind == 'r' || kind == 'p' || kind == 'm';
    }

    /** What the lock is on, by identity: a relation by its oid, a type by its name. */
    String key() {
      return oid != 0 ? "relation " + oid : "type " + object;
    }

    /** The same lock, on the object under another name. */
    Held named(String name) {
      return new Held(name, mode, kind, oid);
    }
  }
}
