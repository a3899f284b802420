package org.communal.upgrade.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.communal.upgrade.safety.StatementText.Kind;
import org.junit.jupiter.api.Test;

/** Statements are read for their kind and table the way PostgreSQL folds names. */
class StatementTextTest {
  @Test
  void readsTheTableOfAnAlter() {
    StatementText s = StatementText.of("alter table if exists only Public.\"Things\" add x int");

    assertThat(s.kind()).isEqualTo(Kind.ALTER_TABLE);
    assertThat(s.table()).contains("public.Things");
  }

  @Test
  void readsTheTableOfAnIndexWithOrWithoutAName() {
    assertThat(StatementText.of("CREATE INDEX ON things (a)").table()).contains("things");
    StatementText named = StatementText.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i"
        + "\n  ON ONLY s.things USING btree (a)");
    assertThat(named.table()).contains("s.things");
    assertThat(named.concurrently()).isTrue();
  }

  @Test
  void readsTheTableWhoseRowsAStatementChanges() {
    assertThat(StatementText.of("INSERT INTO things VALUES (1)").table()).contains("things");
    assertThat(StatementText.of("UPDATE ONLY things SET a = 1").table()).contains("things");
    assertThat(StatementText.of("delete from \"Things\" where a = 1").table()).contains("Things");
    assertThat(StatementText.of("COPY things FROM STDIN").kind()).isEqualTo(Kind.CHANGE_ROWS);
  }

  @Test
  void tellsQueriesAndSettingsFromTheRest() {
    assertThat(StatementText.of("SELECT pg_sleep(1)").kind()).isEqualTo(Kind.QUERY);
    assertThat(StatementText.of("set lock_timeout = '1s'").kind()).isEqualTo(Kind.SETTING);
    assertThat(StatementText.of("DROP TABLE things").kind()).isEqualTo(Kind.OTHER);
    assertThat(StatementText.of("DROP TABLE things").table()).isEqualTo(Optional.empty());
  }

  @Test
  void findsWordsOutsideCommentsAndStrings() {
    StatementText s = StatementText.of("-- SET NOT NULL later\nUPDATE t SET note = 'SET NOT NULL'");

    assertThat(s.says("SET NOT NULL")).isFalse();
    assertThat(StatementText.of("ALTER TABLE t ALTER a SET  NOT\nNULL").says("SET NOT NULL"))
        .isTrue();
  }

  @Test
  void showsTheStatementOnOneLineShortened() {
    assertThat(StatementText.of("-- why\nALTER TABLE t\n  ADD x int;").firstLine())
        .isEqualTo("ALTER TABLE t ADD x int");
    assertThat(StatementText.of("ALTER TABLE t ADD x int;").firstLine())
        .isEqualTo("ALTER TABLE t ADD x int");
    assertThat(StatementText.of("UPDATE t SET a = '" + "x".repeat(200) + "'").firstLine())
        .hasSize(90).endsWith("...");
  }

  @Test
  void matchesQualifiedAndUnqualifiedNamesOfOneTable() {
    assertThat(StatementText.sameTable("things", "public.things")).isTrue();
    assertThat(StatementText.sameTable("public.things", "public.things")).isTrue();
    assertThat(StatementText.sameTable("other.things", "public.things")).isFalse();
    assertThat(StatementText.sameTable("things", "owners")).isFalse();
  }
}
