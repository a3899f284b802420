package org.communal.upgrade.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.communal.upgrade.schema.SchemaDifference.Kind.DIFFERENT;
import static org.communal.upgrade.schema.SchemaDifference.Kind.EXTRA;
import static org.communal.upgrade.schema.SchemaDifference.Kind.MISSING;

import org.junit.jupiter.api.Test;

/** The record's own contract, which needs no database. */
class SchemaDifferenceTest {

  @Test
  void betweenNamesTheSideThatHasTheObject() {
    assertThat(SchemaDifference.between("table t", "a", "a")).isEmpty();
    assertThat(SchemaDifference.between("table t", "a", null))
        .contains(new SchemaDifference("table t", MISSING, "a", null));
    assertThat(SchemaDifference.between("table t", null, "b"))
        .contains(new SchemaDifference("table t", EXTRA, null, "b"));
    assertThat(SchemaDifference.between("table t", "a", "b"))
        .contains(new SchemaDifference("table t", DIFFERENT, "a", "b"));
  }

  @Test
  void refusesDefinitionsThatContradictTheKind() {
    assertThatThrownBy(() -> new SchemaDifference("table t", MISSING, "a", "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SchemaDifference("table t", EXTRA, "a", "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SchemaDifference("table t", DIFFERENT, null, "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SchemaDifference("table t", null, "a", "b"))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void describeKeepsMultiLineDefinitionsOnOneLine() {
    SchemaDifference difference = new SchemaDifference("view v", MISSING, " SELECT 1\n  FROM t;", null);

    assertThat(difference.describe())
        .isEqualTo("view v: missing from the upgraded database (fresh install has:  SELECT 1\\n  FROM t;)");
  }
}
