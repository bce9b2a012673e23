package net.twistedsuite.common;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's listeners on one address: the plain one (unless {@code tls.only}) and, when
 * configured, the {@link TlsListener}, both with the same connect handler, so that they share
 * the service's connection gate and limits. Started in that order reversed: a certificate pair
 * that does not load stops the start before anything listens.
 *
 * <p>Each listener is served by {@link EventLoops} loops. With more than one, the handler runs on
 * that many threads at once, each connection on its own loop; what the handler shares between
 * connections must be safe across threads.
 */
public final class Listeners {

  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  /** Nothing listening yet: both ports -1. */
  static final Listeners NONE = new Listeners(null, null, 0);

  private final LoopServers plain;
  private final TlsListener tls;
  private final int eventLoops;

  private Listeners(LoopServers plain, TlsListener tls, int eventLoops) {
    this.plain = plain;
    this.tls = tls;
    this.eventLoops = eventLoops;
  }

  /**
   * Listens on {@code host}: on {@code port} unless {@code tls.only}, and with TLS on
   * {@code tls.port} when {@code tls} is enabled, both with {@code options} and {@code handler}.
   * Logs each listener's start-up line, {@code "<service> listening on <host>:<port>"} (tests,
   * {@code ./run} and the bench wait for it) and {@link TlsListener#listen}'s. A failure leaves
   * nothing listening and names the address ({@code "cannot listen on 0.0.0.0:1079: Address
   * already in use"}).
   */
  public static Future<Listeners> listen(Vertx vertx, String service, String host, int port, TlsOptions tls,
      NetServerOptions options, Handler<NetSocket> handler) {
    return listen(vertx, service, host, port, tls, options, 1, handler);
  }

  /**
   * As {@link #listen(Vertx, String, String, int, TlsOptions, NetServerOptions, Handler)}, each
   * listener served by {@code eventLoops} event loops ({@link EventLoops#from}); the start-up
   * lines then end in {@code (N event loops)}.
   */
  public static Future<Listeners> listen(Vertx vertx, String service, String host, int port, TlsOptions tls,
      NetServerOptions options, int eventLoops, Handler<NetSocket> handler) {
    Future<TlsListener> secure = tls.enabled()
        ? TlsListener.listen(vertx, service, tls, host, options, eventLoops, handler) : Future.succeededFuture();
    return secure.compose(listener -> {
      if (!tls.plain()) {
        return Future.succeededFuture(new Listeners(null, listener, eventLoops));
      }
      return LoopServers.listen(vertx, eventLoops, options, host, port, handler)
          .recover(e -> Future.failedFuture(ListenFailure.of(host, port, null, e)))
          .onSuccess(servers -> LOG.info("{} listening on {}:{}{}", service, host, servers.actualPort(),
              loops(servers.threads())))
          .map(servers -> new Listeners(servers, listener, eventLoops))
          .recover(e -> (listener == null ? Future.<Void>succeededFuture() : listener.close())
              .transform(v -> Future.failedFuture(e)));
    });
  }

  /** What a start-up line adds for several loops: nothing for one, as it always read. */
  static String loops(int threads) {
    return threads == 1 ? "" : " (" + threads + " event loops)";
  }

  /** How many event loops serve each listener. */
  public int eventLoops() {
    return eventLoops;
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
