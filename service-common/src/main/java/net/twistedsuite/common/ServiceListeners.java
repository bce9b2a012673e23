package net.twistedsuite.common;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Where one line service meets its clients, set up from its {@link ListeningOptions}: the
 * {@link Listeners} on its host, port and TLS port, the {@link ConnectionGate} on its limits, and
 * whether it listens, for the readiness check. Each thing it opens goes on the verticle's
 * {@link UndoStack} as soon as it exists, so a failed start and a stop close exactly that. Made
 * by {@link ServiceVerticle#listeners}.
 */
public final class ServiceListeners {

  private final Vertx vertx;
  private final String service;
  private final ListeningOptions options;
  private final UndoStack onStop;
  private volatile Listeners listeners = Listeners.NONE;
  private volatile boolean listening;

  /** Nothing opened yet; {@code service} names the listeners in their start-up lines. */
  ServiceListeners(Vertx vertx, String service, ListeningOptions options, UndoStack onStop) {
    this.vertx = vertx;
    this.service = service;
    this.options = options;
    this.onStop = onStop;
  }

  /** A gate on the options' limits, logging its refusals to {@code log}; closed at stop. */
  public ConnectionGate openGate(Logger log) {
    ConnectionGate gate = new ConnectionGate(vertx, options.limits(), log);
    onStop.pushAction(gate::close);
    return gate;
  }

  /** Listens as {@link #listen(NetServerOptions, Handler, Function)}, closing the listeners at stop. */
  public Future<Listeners> listen(NetServerOptions serverOptions, Handler<NetSocket> handler) {
    return listen(serverOptions, handler, Listeners::close);
  }

  /**
   * Listens where the options say, with {@code serverOptions} and on their event loops. Once it
   * listens, a stop first turns the service not ready, then ends the listeners with
   * {@code closing} (a graceful shutdown, or telling the connections first).
   */
  public Future<Listeners> listen(NetServerOptions serverOptions, Handler<NetSocket> handler,
      Function<Listeners, Future<?>> closing) {
    return Listeners.listen(vertx, service, options.host(), options.port(), options.tls(), serverOptions,
            options.eventLoops(), handler)
        .onSuccess(started -> {
          listeners = started;
          onStop.push(() -> closing.apply(started));
          // Not ready from the first step of a stop on, so no new clients are sent here.
          onStop.pushAction(() -> listening = false);
          listening = true;
        });
  }

  /** True from a successful start until a stop begins: the readiness condition {@code listening}. */
  public boolean listening() {
    return listening;
  }

  /** The plain listener's port; -1 when it is off or before it listens. */
  public int port() {
    return listeners.port();
  }

  /** The TLS listener's port; -1 when it is off or before it listens. */
  public int tlsPort() {
    return listeners.tlsPort();
  }
}
