package org.communal.upgrade;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates, copies and drops scratch databases on one server through a connection to a database
 * that always exists there (normally {@code postgres}). Shared by every provider. Thread-safe.
 */
final class ServerAdmin {
  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]*)(\\?.*)?");
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final DataSource admin;
  private final String url;
  private final String user;
  private final String password;
  private final String prefix;
  private final int major;

  /**
   * @param admin connections to a database other than the scratch ones, as a role that may
   *     create databases
   * @param url that database's JDBC URL, whose database name is replaced for scratch databases
   */
  ServerAdmin(DataSource admin, String url, String user, String password) {
    this.admin = admin;
    this.url = url;
    this.user = user;
    this.password = password;
    // Unique per run, so that two runs on one external server never touch each other's databases.
    this.prefix = "upgrade_test_" + Long.toString(ProcessHandle.current().pid(), 36) + "_";
    this.major = queryMajor();
  }

  int major() {
    return major;
  }

  ScratchDatabase create(String purpose) {
    return execute(purpose, "");
  }

  ScratchDatabase copy(ScratchDatabase template, String purpose) {
    return execute(purpose, " TEMPLATE " + Sql.ident(template.name()));
  }

  void drop(ScratchDatabase database) {
    if (!database.name().startsWith(prefix)) {
      throw new IllegalArgumentException("Refusing to drop " + database.name()
          + ": the harness drops only databases it created.");
    }
    try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
      // A killed migrator can leave a backend behind; it must not keep the database alive.
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
          + database.name() + "' AND pid <> pg_backend_pid()");
      s.execute("DROP DATABASE IF EXISTS " + Sql.ident(database.name()));
    } catch (SQLException e) {
      throw new UpgradeException("Cannot drop database " + database.name() + " on PostgreSQL "
          + major + ": " + e.getMessage(), e);
    }
  }

  /** Drops every database of this run still on the server. */
  void dropAll() {
    try (Connection c = admin.getConnection()) {
      List<List<String>> names = Sql.rows(c, "SELECT datname FROM pg_database WHERE datname LIKE ?",
          prefix + "%");
      for (List<String> n : names) {
        drop(new ScratchDatabase(n.get(0), major, urlOf(n.get(0)), user, password));
      }
    } catch (SQLException e) {
      throw new UpgradeException("Cannot list the scratch databases on PostgreSQL " + major + ": "
          + e.getMessage(), e);
    }
  }

  private ScratchDatabase execute(String purpose, String template) {
    String name = prefix + purpose.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
        + "_" + COUNTER.incrementAndGet();
    if (name.length() > 63) {
      name = prefix + COUNTER.incrementAndGet();
    }
    try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + Sql.ident(name) + template);
    } catch (SQLException e) {
      throw new UpgradeException("Cannot create database " + name + " on PostgreSQL " + major
          + ": " + e.getMessage(), e);
    }
    return new ScratchDatabase(name, major, urlOf(name), user, password);
  }

  private String urlOf(String database) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new UpgradeException("Not a PostgreSQL JDBC URL: " + url
          + ". Expected jdbc:postgresql://host:port/database.");
    }
    return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
  }

  private int queryMajor() {
    try (Connection c = admin.getConnection()) {
      return Integer.parseInt(Sql.rows(c, "SHOW server_version_num").get(0).get(0)) / 10000;
    } catch (SQLException e) {
      throw new UpgradeException("Cannot reach PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
  }
}
