package org.communal.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReleaseMapTest {
  private static final byte[] V1 = "CREATE TABLE a (id bigint);\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] V2 = "CREATE TABLE b (id bigint);\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] V3 = "CREATE TABLE c (id bigint);\n".getBytes(StandardCharsets.UTF_8);

  private static Map<String, byte[]> files() {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("V1__a.sql", V1);
    files.put("V2__b.sql", V2);
    files.put("V3__c.sql", V3);
    return files;
  }

  private static ReleaseMap twoReleases() {
    return ReleaseMap.parse("# comment\n1.0 1\n\n1.1 2\n",
        ReleaseMap.sha256(V1) + " 1.0 V1__a.sql\n" + ReleaseMap.sha256(V2) + " 1.1 V2__b.sql\n");
  }

  @Test
  void communalsOwnReleasedMigrationsAreUnchanged() {
    ReleaseMap communal = ReleaseMap.communal();
    Map<String, byte[]> shipped =
        MigrationFiles.read(getClass().getClassLoader(), Migrations.COMMUNAL_LOCATION);

    assertThat(communal.check(shipped)).as("problems with released migrations").isEmpty();
    assertThat(communal.releases()).extracting(Release::name).startsWith("0.1.0");
  }

  @Test
  void findsNoProblemWhenFilesMatchTheManifest() {
    assertThat(twoReleases().check(files())).isEmpty();
  }

  @Test
  void catchesAnEditedReleasedMigrationAndNamesTheFile() {
    Map<String, byte[]> files = files();
    files.put("V2__b.sql", "CREATE TABLE b (id integer);\n".getBytes(StandardCharsets.UTF_8));

    assertThat(twoReleases().check(files)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo("released-migration-changed");
      assertThat(p.message()).contains("V2__b.sql", "1.1", ReleaseMap.sha256(V2));
    });
  }

  @Test
  void catchesARemovedReleasedMigration() {
    Map<String, byte[]> files = files();
    files.remove("V1__a.sql");

    assertThat(twoReleases().check(files)).extracting(Problem::code)
        .contains("released-migration-missing");
  }

  @Test
  void asksForTheManifestLineOfANewlyReleasedMigration() {
    ReleaseMap map = ReleaseMap.parse("1.0 1\n1.1 2\n2.0 3\n",
        ReleaseMap.sha256(V1) + " 1.0 V1__a.sql\n" + ReleaseMap.sha256(V2) + " 1.1 V2__b.sql\n");

    assertThat(map.check(files())).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo("released-migration-unlisted");
      assertThat(p.message()).contains(ReleaseMap.sha256(V3) + "  2.0  V3__c.sql");
    });
  }

  @Test
  void reportsEveryProblemAtOnce() {
    ReleaseMap map = ReleaseMap.parse("1.1 2\n1.0 1\n2.0 7\n",
        ReleaseMap.sha256(V3) + " 1.0 V1__a.sql\n" + ReleaseMap.sha256(V2) + " 1.0 V2__b.sql\n");

    assertThat(map.check(files())).extracting(Problem::code).containsExactlyInAnyOrder(
        "release-order", "release-schema-version-unknown", "released-migration-changed",
        "released-migration-wrong-release", "released-migration-unlisted");
  }

  @Test
  void pendingMigrationsNeedNoManifestLine() {
    Map<String, byte[]> files = files();
    files.put("V4__d.sql", V1);

    assertThat(twoReleases().check(files)).isEmpty();
  }

  @Test
  void namesTheFileAndLineOfAMalformedReleaseMap() {
    assertThatThrownBy(() -> ReleaseMap.parse("1.0 1\n1.1\n", ""))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("releases.txt line 2");
  }

  @Test
  void readsVersionsFromFlywayFileNames() {
    assertThat(ReleaseMap.versionOf("V12__add_things.sql")).contains("12");
    assertThat(ReleaseMap.versionOf("V1_2__minor.sql")).contains("1.2");
    assertThat(ReleaseMap.versionOf("R__view.sql")).isEmpty();
  }
}
