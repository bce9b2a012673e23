package net.twistedsuite.common;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's TLS listener ({@link TlsOptions}): the service's own connect handler on a second
 * port, so that both listeners share its limits and connection gate and a client gets the same
 * service either way.
 *
 * <p>When a file in the certificate's or key's directory changes, the pair is read again and
 * given to the server with {@link NetServer#updateSSLOptions(ServerSSLOptions, boolean)}, forced:
 * new connections get the new pair, open ones keep theirs. A new pair that does not load, or
 * whose key does not belong to its certificate, is logged in one line and the previous pair
 * stays in use.
 */
public final class TlsListener {

  private static final Logger LOG = LoggerFactory.getLogger(TlsListener.class);

  private final Vertx vertx;
  private final String service;
  private final TlsOptions tls;
  private LoopServers server;
  private CertificateWatcher watcher;
  private CertificatePair current;
  private String lastRefusal;
  private boolean reloading;
  private boolean again;

  private TlsListener(Vertx vertx, String service, TlsOptions tls) {
    this.vertx = vertx;
    this.service = service;
    this.tls = tls;
  }

  /**
   * Reads and checks the pair, listens on {@code host} and {@code tls.port} with {@code options}
   * (the plain listener's, TLS added), logs {@code "<service> listening with TLS on host:port"}
   * and starts watching the files. Call on the verticle's context.
   *
   * @return a future failed with a {@link ConfigException} naming the file when the pair does
   *     not load, or naming the address when the port is taken
   */
  public static Future<TlsListener> listen(Vertx vertx, String service, TlsOptions tls, String host,
      NetServerOptions options, Handler<NetSocket> handler) {
    return listen(vertx, service, tls, host, options, 1, handler);
  }

  /** As {@link #listen(Vertx, String, TlsOptions, String, NetServerOptions, Handler)}, on {@code eventLoops} loops. */
  public static Future<TlsListener> listen(Vertx vertx, String service, TlsOptions tls, String host,
      NetServerOptions options, int eventLoops, Handler<NetSocket> handler) {
    TlsListener listener = new TlsListener(vertx, service, tls);
    return CertificatePair.read(vertx, tls.certPath(), tls.keyPath())
        .compose(pair -> listener.start(pair, host, options, eventLoops, handler))
        .map(listener);
  }

  private Future<Void> start(CertificatePair pair, String host, NetServerOptions options, int eventLoops,
      Handler<NetSocket> handler) {
    current = pair;
    NetServerOptions secure = new NetServerOptions(options).setSsl(true).setKeyCertOptions(pair.keyCert());
    return LoopServers.listen(vertx, eventLoops, secure, host, tls.port(), handler)
        .recover(e -> Future.failedFuture(ListenFailure.of(host, tls.port(), "tls.port", e)))
        .compose(s -> {
          server = s;
          LOG.info("{} listening with TLS on {}:{} ({}){}", service, host, s.actualPort(), pair.description(),
              Listeners.loops(s.threads()));
          Set<Path> dirs = new LinkedHashSet<>();
          dirs.add(tls.certPath().toAbsolutePath().getParent());
          dirs.add(tls.keyPath().toAbsolutePath().getParent());
          return CertificateWatcher.start(vertx, dirs, this::reload)
              .recover(e -> s.shutdown(0, TimeUnit.MILLISECONDS).transform(v -> Future.failedFuture(
                  new ConfigException(TlsOptions.CERT_PATH, "cannot watch the directory of " + tls.certPath() + ": "
                      + ServiceLauncher.oneLine(e)))));
        })
        .onSuccess(w -> watcher = w)
        .mapEmpty();
  }

  /** Reads the pair again; on this listener's context, when a watched directory changed. */
  private void reload() {
    if (server == null) {
      return;
    }
    if (reloading) {
      again = true;
      return;
    }
    reloading = true;
    CertificatePair.read(vertx, tls.certPath(), tls.keyPath())
        .compose(pair -> {
          if (pair.equals(current)) {
            return Future.succeededFuture();
          }
          return server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(pair.keyCert()))
              .onSuccess(updated -> {
                current = pair;
                LOG.info("{} TLS certificate reloaded from {} ({})", service, tls.certPath(), pair.description());
              })
              .mapEmpty();
        })
        .onComplete(done -> {
          if (done.succeeded()) {
            lastRefusal = null;
          } else {
            // One line per broken pair, however often its directory is touched while it lies there.
            String reason = ServiceLauncher.oneLine(done.cause());
            if (!reason.equals(lastRefusal)) {
              lastRefusal = reason;
              LOG.warn("{} TLS certificate not reloaded, still serving {}: {}", service, current.description(), reason);
            }
          }
          reloading = false;
          if (again) {
            again = false;
            reload();
          }
        });
  }

  /** The port listened on (tests listen on port 0); -1 once closed. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  /** Stops watching and closes the listener (open connections close with it, as with the plain one). */
  public Future<Void> close() {
    return shutdown(0, TimeUnit.MILLISECONDS);
  }

  /** Stops watching and shuts the listener down as {@link NetServer#shutdown(long, TimeUnit)} does. */
  public Future<Void> shutdown(long timeout, TimeUnit unit) {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
    LoopServers closing = server;
    server = null;
    return closing == null ? Future.succeededFuture() : closing.shutdown(timeout, unit);
  }
}
