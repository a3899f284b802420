package org.communal.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The official PostgreSQL images as a provider. Needs a Docker engine: without one, only the
 * refusal is tested and the rest is skipped.
 */
class ContainerServersTest {
  @Test
  void refusesAMajorItWasNotAskedFor() {
    try (ContainerServers servers = new ContainerServers(Set.of(16))) {
      assertThatThrownBy(() -> servers.create(15, "x")).isInstanceOf(UpgradeException.class)
          .hasMessageContaining("PostgreSQL 15 was not asked for");
    }
  }

  @Test
  void withoutDockerSaysSoInsteadOfHanging() {
    assumeTrue(!ContainerServers.dockerAvailable(), "a Docker engine answers here");
    try (ContainerServers servers = new ContainerServers(Set.of(16))) {
      assertThatThrownBy(() -> servers.create(16, "x")).isInstanceOf(UpgradeException.class)
          .hasMessageContaining("No Docker engine");
    }
  }

  @Test
  void createsCopiesAndDropsDatabasesInAContainer() throws Exception {
    assumeTrue(ContainerServers.dockerAvailable(), "no Docker engine here");
    try (ContainerServers servers = new ContainerServers(Set.of(16))) {
      ScratchDatabase db = servers.create(16, "container");
      try (Connection c = db.dataSource(MatrixSettings.UTC).getConnection()) {
        c.createStatement().execute("CREATE TABLE t (id int); INSERT INTO t VALUES (7)");
      }
      ScratchDatabase copy = servers.copy(db, "copy");
      try (Connection c = copy.dataSource(MatrixSettings.UTC).getConnection()) {
        assertThat(Sql.rows(c, "SELECT id::text FROM t")).isEqualTo(List.of(List.of("7")));
        assertThat(Sql.rows(c, "SHOW server_version_num").get(0).get(0)).startsWith("16");
      }
      servers.drop(copy);
      servers.drop(db);
    }
  }
}
