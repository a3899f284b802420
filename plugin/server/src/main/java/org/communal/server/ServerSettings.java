package org.communal.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the standalone server.
 *
 * @param bindAddress the address to listen on, such as {@code 127.0.0.1}
 * @param port the HTTP port; 0 picks a free one
 * @param dataDir where the embedded PostgreSQL keeps its data (ignored with an external database)
 * @param external the external PostgreSQL to use instead of the embedded one, if any
 * @param anonymousRead whether people who are not signed in may read
 * @param behindProxy whether to trust a reverse proxy's X-Forwarded-* headers (scheme, client
 *     address)
 * @param maxRequests how many requests run at once (the rest wait their turn), or 0 for the
 *     servlet's default
 */
public record ServerSettings(String bindAddress, int port, Path dataDir,
    Optional<ExternalDatabase> external, boolean anonymousRead, boolean behindProxy,
    int maxRequests) {
  public ServerSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(external, "external");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
    }
    if (maxRequests < 0) {
      throw new IllegalArgumentException("maxRequests must be 0 (the default) or more, was "
          + maxRequests);
    }
  }

  /**
   * An external PostgreSQL.
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
   * @param user the user, or null to let the driver decide
   * @param password the password, or null for none
   */
  public record ExternalDatabase(String jdbcUrl, String user, String password) {
    public ExternalDatabase {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    @Override
    public String toString() {
      return "ExternalDatabase[" + jdbcUrl + ", user " + user + "]";
    }
  }
}
