package org.communal.upgrade;

/**
 * A provider whose servers each have a {@link ServerAdmin}: creating, copying and dropping a
 * scratch database is the same on every kind of server, once the server of a major is found.
 */
abstract class AdminProvider implements PostgresProvider {
  /**
   * The admin of the server of this major, started if the provider starts servers.
   *
   * @throws UpgradeException if the provider does not serve this major
   */
  abstract ServerAdmin admin(int major);

  @Override
  public final ScratchDatabase create(int major, String purpose) {
    return admin(major).create(purpose);
  }

  @Override
  public final ScratchDatabase copy(ScratchDatabase template, String purpose) {
    return admin(template.major()).copy(template, purpose);
  }

  @Override
  public final void drop(ScratchDatabase database) {
    admin(database.major()).drop(database);
  }
}
