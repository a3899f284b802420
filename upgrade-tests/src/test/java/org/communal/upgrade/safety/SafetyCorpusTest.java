package org.communal.upgrade.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.communal.upgrade.Finding;
import org.communal.upgrade.safety.TestMigrations.Profiled;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each broken set under {@code broken/safety-*} trips exactly its checks, and the clean set,
 * which makes the same changes the safe way, trips none. Release 1.0 shipped V1 (it creates and
 * fills the tables); the profiler measures the rest with plain Flyway.
 */
class SafetyCorpusTest {
  private static final String BROKEN = "org/communal/upgrade/broken/";

  /** A set, whether Flyway keeps its transactional lock for it, and the codes it must give. */
  private record Case(String folder, boolean transactionalLock, Set<String> codes) {
    @Override
    public String toString() {
      return folder.substring(folder.lastIndexOf('/', folder.length() - 2) + 1);
    }
  }

  private static final Case[] CASES = {
    new Case(BROKEN + "safety-access-exclusive-held", false, Set.of("access-exclusive-held")),
    new Case(BROKEN + "safety-table-rewrite", false,
        Set.of("access-exclusive-held", "table-rewrite")),
    new Case(BROKEN + "safety-index-rebuild", false,
        Set.of("access-exclusive-held", "index-rebuild")),
    new Case(BROKEN + "safety-index-not-concurrent", false, Set.of("index-not-concurrent")),
    new Case(BROKEN + "safety-not-null-scan", false,
        Set.of("access-exclusive-held", "not-null-scan")),
    new Case(BROKEN + "safety-constraint-validated-in-place", false,
        Set.of("constraint-validated-in-place")),
    new Case(BROKEN + "safety-data-and-schema", false,
        Set.of("data-and-schema-in-one-transaction")),
    new Case(BROKEN + "safety-cic-transactional-lock", true,
        Set.of("concurrent-index-under-transactional-lock")),
    new Case("org/communal/upgrade/safety/clean", false, Set.of()),
  };

  static Stream<Arguments> cases() {
    return Stream.of(CASES).flatMap(c -> TestMigrations.majors().map(m -> Arguments.of(c, m)));
  }

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} on PostgreSQL {1}")
  @MethodSource("cases")
  void tripsExactlyItsChecks(Case c, int major) {
    TestMigrations set = TestMigrations.fromResources(c.folder());
    if (c.transactionalLock()) {
      set.withTransactionalLock();
    }

    Profiled p = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> set.profile(major, dir));

    assertThat(p.codes()).as(p.describe()).containsExactlyInAnyOrderElementsOf(c.codes());
    assertThat(p.findings()).allSatisfy(f -> assertThat(f.fails()).isTrue());
    boolean cancelled = c.codes().contains("concurrent-index-under-transactional-lock");
    assertThat(p.failure() != null).as("migrate failed: " + p.describe()).isEqualTo(cancelled);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.communal.upgrade.safety.SafetyCorpusTest#sets")
  void thePreflightFindsOnlyTheHangingIndexBuild(Case c) {
    TestMigrations set = TestMigrations.fromResources(c.folder());

    Set<String> codes = new TreeSet<>(Preflight.check(set.bytes(), c.transactionalLock()).stream()
        .map(Finding::check).toList());

    assertThat(codes).isEqualTo(c.transactionalLock()
        ? Set.of("concurrent-index-under-transactional-lock") : Set.of());
  }

  static Stream<Case> sets() {
    return Stream.of(CASES);
  }
}
