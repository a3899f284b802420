package org.communal.upgrade.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Scripts split into statements the way PostgreSQL reads them. */
class SqlScriptTest {
  @Test
  void splitsOnSemicolonsOutsideStringsCommentsAndBodies() {
    assertThat(SqlScript.split("""
        CREATE TABLE t (a text DEFAULT 'x;y');  -- a comment; still a comment
        /* a ; comment */ INSERT INTO t VALUES (E'it\\'s;');
        CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $f$ SELECT 1; $f$;
        SELECT "odd;name" FROM t
        """)).containsExactly(
        "CREATE TABLE t (a text DEFAULT 'x;y')",
        "-- a comment; still a comment\n/* a ; comment */ INSERT INTO t VALUES (E'it\\'s;')",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $f$ SELECT 1; $f$",
        "SELECT \"odd;name\" FROM t");
  }

  @Test
  void dropsStatementsThatAreOnlyComments() {
    assertThat(SqlScript.split("-- nothing here;\n/* nor; here */;")).isEmpty();
  }

  @Test
  void blanksLiteralsAndCommentsButKeepsQuotedNames() {
    assertThat(SqlScript.blank("UPDATE \"T\" SET a = 'CONCURRENTLY' -- note\n WHERE b = $$x$$"))
        .isEqualTo("UPDATE \"T\" SET a = '' WHERE b = $$$$");
  }

  @Test
  void readsPositionalParametersAsDollarsNotBodies() {
    assertThat(SqlScript.split("SELECT $1; SELECT 2")).containsExactly("SELECT $1", "SELECT 2");
  }
}
