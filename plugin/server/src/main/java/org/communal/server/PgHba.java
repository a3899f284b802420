package org.communal.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * PostgreSQL's client authentication rules, {@code pg_hba.conf} in its data folder. Communal's
 * rules let nobody in without the password: no line may use {@code trust}, which older versions
 * wrote and which let every user of the machine in as the superuser. They let in the superuser
 * {@value EmbeddedDatabase#USER} alone, the only role Communal uses, so that no other role (made
 * while an older version trusted everyone) can log in even with a password of its own.
 */
final class PgHba {
  static final String FILE = "pg_hba.conf";

  /**
   * Loopback connections of the superuser only, each with the password (SCRAM, never sent in the
   * clear). No {@code local} rule: PostgreSQL has no Unix socket.
   */
  private static final String PASSWORD_ONLY = """
      # Written by Communal: only the superuser postgres may connect, with the password that
      # Communal keeps in its data folder. PostgreSQL listens on this machine's loopback address
      # only, and has no Unix socket.
      # TYPE  DATABASE     USER      ADDRESS       METHOD
      host    all          postgres  127.0.0.1/32  scram-sha-256
      host    all          postgres  ::1/128       scram-sha-256
      """;

  private PgHba() {}

  /** Whether a rule in {@code pgData} lets someone in without a password. */
  static boolean trustsAnyone(Path pgData) throws IOException {
    Path file = pgData.resolve(FILE);
    if (!Files.exists(file)) {
      return false;
    }
    return Files.readAllLines(file).stream()
        .map(line -> line.replaceAll("#.*", "").strip().toLowerCase(Locale.ROOT))
        .anyMatch(rule -> Arrays.asList(rule.split("\\s+")).contains("trust"));
  }

  /** Replaces the rules in {@code pgData} with Communal's; PostgreSQL reads them on reload. */
  static void requirePassword(Path pgData) throws IOException {
    OwnerOnlyFiles.write(pgData.resolve(FILE), PASSWORD_ONLY);
  }
}
