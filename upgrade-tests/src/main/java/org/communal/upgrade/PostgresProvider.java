package org.communal.upgrade;

import java.util.Set;

/**
 * Where the harness gets its PostgreSQL servers: embedded binaries, an external server, or
 * containers. A provider creates scratch databases on a server of a given major version and drops
 * them; it stops whatever it started when closed. Implementations are thread-safe.
 */
public interface PostgresProvider extends AutoCloseable {
  /** The major versions this provider can serve. */
  Set<Integer> majors();

  /**
   * A new empty database.
   *
   * @param purpose a few words that go into its name, such as {@code from_0_2_0}
   * @throws UpgradeException if the major is not served or the database cannot be created
   */
  ScratchDatabase create(int major, String purpose);

  /**
   * A new database copied from another one (PostgreSQL's {@code CREATE DATABASE ... TEMPLATE}),
   * which is much faster than migrating again. Nobody may be connected to the template.
   */
  ScratchDatabase copy(ScratchDatabase template, String purpose);

  /** Drops a database this provider created; dropping one already gone is harmless. */
  void drop(ScratchDatabase database);

  /** A short description for reports, such as {@code embedded} or {@code jdbc:postgresql://db}. */
  String describe();

  @Override
  void close();
}
