package org.communal.upgrade.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communal.upgrade.EmbeddedServers;
import org.communal.upgrade.PostgresProvider;
import org.communal.upgrade.ScratchDatabase;
import org.communal.upgrade.UpgradeException;

/**
 * Embedded servers whose binaries jars lie in several folders (the one the user gave, the cache,
 * the local Maven repository): one {@link EmbeddedServers} per folder, each major served by the
 * folder its jar was found in. Owns the servers it starts and stops them all on close.
 */
final class EmbeddedFolders implements PostgresProvider {
  private final Map<Integer, EmbeddedServers> byMajor;
  private final List<EmbeddedServers> all;

  private EmbeddedFolders(Map<Integer, EmbeddedServers> byMajor, List<EmbeddedServers> all) {
    this.byMajor = Map.copyOf(byMajor);
    this.all = List.copyOf(all);
  }

  /** Servers for the jars found, by major; none starts before it is used. */
  static EmbeddedFolders open(Map<Integer, Path> jars) {
    Map<Path, EmbeddedServers> byFolder = new LinkedHashMap<>();
    Map<Integer, EmbeddedServers> byMajor = new LinkedHashMap<>();
    jars.forEach((major, jar) -> byMajor.put(major, byFolder.computeIfAbsent(
        jar.toAbsolutePath().getParent(), EmbeddedServers::fromFolder)));
    return new EmbeddedFolders(byMajor, new ArrayList<>(byFolder.values()));
  }

  @Override
  public Set<Integer> majors() {
    return byMajor.keySet();
  }

  @Override
  public ScratchDatabase create(int major, String purpose) {
    return servers(major).create(major, purpose);
  }

  @Override
  public ScratchDatabase copy(ScratchDatabase template, String purpose) {
    return servers(template.major()).copy(template, purpose);
  }

  @Override
  public void drop(ScratchDatabase database) {
    servers(database.major()).drop(database);
  }

  @Override
  public String describe() {
    return "embedded PostgreSQL " + new java.util.TreeSet<>(majors());
  }

  /** Stops every server; a failure to stop one does not keep the others running. */
  @Override
  public void close() {
    UpgradeException first = null;
    for (EmbeddedServers servers : all) {
      try {
        servers.close();
      } catch (UpgradeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private EmbeddedServers servers(int major) {
    EmbeddedServers servers = byMajor.get(major);
    if (servers == null) {
      throw new UpgradeException("No PostgreSQL " + major + " binaries were found; present: "
          + majors() + ".");
    }
    return servers;
  }
}
