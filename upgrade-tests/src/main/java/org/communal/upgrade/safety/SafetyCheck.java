package org.communal.upgrade.safety;

/**
 * The checks of a migration's safety on a live database, each with the stable code its findings
 * carry ({@link org.communal.upgrade.Finding#check()}). {@code upgrade-tests/docs/SAFETY.md} tells
 * what each measures and how to fix what it finds.
 */
public enum SafetyCheck {
  /**
   * ACCESS EXCLUSIVE (which blocks even reads) on a table that holds rows, held longer than {@link
   * SafetySettings#accessExclusiveThreshold()} or across a full scan or a rewrite of that table.
   */
  ACCESS_EXCLUSIVE_HELD("access-exclusive-held"),
  /** A table that holds rows was rewritten: a new copy of every row and every index. */
  TABLE_REWRITE("table-rewrite"),
  /** An index of a table that holds rows was rebuilt, without the table being rewritten. */
  INDEX_REBUILD("index-rebuild"),
  /** An index was built on a table that holds rows without {@code CONCURRENTLY}. */
  INDEX_NOT_CONCURRENT("index-not-concurrent"),
  /** {@code SET NOT NULL} read a table that holds rows in full under ACCESS EXCLUSIVE. */
  NOT_NULL_SCAN("not-null-scan"),
  /** A foreign key or check constraint was added without {@code NOT VALID} to a table with rows. */
  CONSTRAINT_VALIDATED_IN_PLACE("constraint-validated-in-place"),
  /** One transaction changes the rows of a table and alters that table. */
  DATA_AND_SCHEMA_IN_ONE_TRANSACTION("data-and-schema-in-one-transaction"),
  /**
   * A concurrent index build that waits forever on Flyway's own transaction, because Flyway's
   * {@code postgresql.transactional.lock} is on.
   */
  CONCURRENT_INDEX_UNDER_TRANSACTIONAL_LOCK("concurrent-index-under-transactional-lock"),
  /** Part of a migration could not be measured; the other findings may be incomplete. */
  MEASUREMENT_INCOMPLETE("measurement-incomplete");

  private final String code;

  SafetyCheck(String code) {
    this.code = code;
  }

  /** The stable, lower-case, hyphenated code, such as {@code table-rewrite}. */
  public String code() {
    return code;
  }
}
