package org.communal.upgrade.faults;

import java.sql.SQLException;
import org.communal.upgrade.UpgradeException;
import org.flywaydb.core.api.FlywayException;

/**
 * A clean upgrade from the checks' starting version to the newest, made on first use (a check
 * that stops early never needs one) and kept. Not thread-safe.
 */
final class Reference {
  private final Workspace workspace;
  private final Settings settings;
  private Installed installed;

  Reference(Workspace workspace, Settings settings) {
    this.workspace = workspace;
    this.settings = settings;
  }

  /**
   * The clean upgrade's schema and data.
   *
   * @throws UpgradeException if a plain migrate fails, since then nothing can be compared
   */
  Installed get() throws SQLException {
    if (installed == null) {
      Endpoint clean = workspace.copy("clean");
      try {
        settings.flyway().configure(settings.inProcess(clean, Settings.application("clean"))).load().migrate();
      } catch (FlywayException e) {
        throw new UpgradeException("A clean upgrade from version " + workspace.start()
            + " fails on PostgreSQL " + workspace.major() + ", so what a fault leaves cannot be"
            + " compared with it: " + Failures.rootMessage(e) + ". Make a plain migrate pass"
            + " first.", e);
      }
      installed = Installed.read("a clean upgrade", clean, settings.schema());
    }
    return installed;
  }
}
