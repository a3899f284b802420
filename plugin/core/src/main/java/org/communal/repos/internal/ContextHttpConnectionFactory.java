package org.communal.repos.internal;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.net.http.HttpClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * Gives JGit's HTTP transport connections that one fetch can abort at once. One per fetch.
 *
 * <p>Why not wrap JGit's {@link JDKHttpConnectionFactory}: {@code HttpURLConnection.disconnect()}
 * called from another thread blocks until the reader's blocked {@code read} returns (both take the
 * stream's lock), so a stalled server would hold a cancelled fetch until the read timeout. The
 * JDK's {@code java.net.http} client aborts an exchange from any thread and closes its connection
 * at once, so connections here are built on it; {@link Exchanges} tracks them for the fetch.
 *
 * <p>The {@code Proxy} JGit passes is ignored: the client asks the default {@code ProxySelector},
 * which is where JGit got it from.
 */
final class ContextHttpConnectionFactory implements HttpConnectionFactory {
  private final HttpClient client;
  private final Exchanges exchanges;
  private final AtomicInteger discoveryStatus = new AtomicInteger();

  /**
   * @param client the shared client (HTTP/1.1, no redirects: JGit follows them itself)
   * @param exchanges the fetch's exchanges, aborted when the fetch is cancelled
   */
  public ContextHttpConnectionFactory(HttpClient client, Exchanges exchanges) {
    this.client = client;
    this.exchanges = exchanges;
  }

  @Override
  public ContextHttpConnection create(URL url) throws IOException {
    exchanges.requireOpen();
    return new ContextHttpConnection(client, exchanges, url, this::noteStatus);
  }

  @Override
  public ContextHttpConnection create(URL url, Proxy proxy) throws IOException {
    return create(url);
  }

  /**
   * The HTTP status of the last answer to the repository's {@code info/refs} (the first request
   * of every fetch, smart or dumb), or 0 if none came. Later requests of a dumb fetch may well
   * get 404s that mean nothing, so only this one says whether the repository is there.
   */
  public int discoveryStatus() {
    return discoveryStatus.get();
  }

  private void noteStatus(URL url, int status) {
    if (url.getPath().endsWith("/info/refs")) {
      discoveryStatus.set(status);
    }
  }
}
