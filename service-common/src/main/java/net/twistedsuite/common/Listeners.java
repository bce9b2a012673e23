package net.twistedsuite.common;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;

/**
 * A service's listeners on one address: the plain one (unless {@code tls.only}) and, when
 * configured, the {@link TlsListener}, both with the same connect handler, so that they share
 * the service's connection gate and limits. Started in that order reversed: a certificate pair
 * that does not load stops the start before anything listens.
 */
public final class Listeners {

  private final NetServer plain;
  private final TlsListener tls;

  private Listeners(NetServer plain, TlsListener tls) {
    this.plain = plain;
    this.tls = tls;
  }

  /**
   * Listens on {@code host}: on {@code port} unless {@code tls.only}, and with TLS on
   * {@code tls.port} when {@code tls} is enabled, both with {@code options} and {@code handler}.
   * Logs each listener's start-up line ({@link Servers#listen}, {@link TlsListener#listen}).
   * A failure leaves nothing listening.
   */
  public static Future<Listeners> listen(Vertx vertx, String service, String host, int port, TlsOptions tls,
      NetServerOptions options, Handler<NetSocket> handler) {
    Future<TlsListener> secure = tls.enabled()
        ? TlsListener.listen(vertx, service, tls, host, options, handler) : Future.succeededFuture();
    return secure.compose(listener -> {
      if (!tls.plain()) {
        return Future.succeededFuture(new Listeners(null, listener));
      }
      NetServer server = vertx.createNetServer(options).connectHandler(handler);
      return Servers.listen(server, service, host, port)
          .map(s -> new Listeners(s, listener))
          .recover(e -> (listener == null ? Future.<Void>succeededFuture() : listener.close())
              .transform(v -> Future.failedFuture(e)));
    });
  }

  /** The plain listener's port (tests listen on port 0); -1 when it is off. */
  public int port() {
    return plain == null ? -1 : plain.actualPort();
  }

  /** The TLS listener's port; -1 when it is off. */
  public int tlsPort() {
    return tls == null ? -1 : tls.actualPort();
  }

  /** Closes both listeners; their open connections close with them. */
  public Future<Void> close() {
    return shutdown(0, TimeUnit.MILLISECONDS);
  }

  /** Shuts both listeners down as {@link NetServer#shutdown(long, TimeUnit)} does. */
  public Future<Void> shutdown(long timeout, TimeUnit unit) {
    Future<Void> a = plain == null ? Future.succeededFuture() : plain.shutdown(timeout, unit);
    Future<Void> b = tls == null ? Future.succeededFuture() : tls.shutdown(timeout, unit);
    return Future.join(a, b).mapEmpty();
  }
}
