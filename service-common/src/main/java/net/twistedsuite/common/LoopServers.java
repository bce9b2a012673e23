package net.twistedsuite.common;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.ServerSSLOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One listening address served by one or several event loops.
 *
 * <p>Vert.x spreads the connections accepted on an address over every {@link NetServer} that
 * listens on it ("server sharing"), one server per context, each server's connections on its
 * context's loop. For several loops, each server gets an event-loop context of its own, on the
 * next loop of Vert.x's pool, so up to the pool's size (one per processor, {@link ServiceLauncher})
 * they run on distinct threads. One loop is the caller's own context, as a single server always was.
 *
 * <p>Those contexts live and die with the caller's ({@link VertxInternals#eventLoopContext}), not
 * as verticles of their own: Vert.x undeploys a verticle's child verticles before it calls the
 * verticle's own {@code stop()}, and closes what no verticle owns before it undeploys any, so
 * servers there would be closed at once, cutting off every connection, before the service's stop
 * could shut them down gracefully ({@link #shutdown}, with the time its connections need).
 *
 * <p>A server on port 0 is never shared by Vert.x; servers listening on the same negative port
 * share one random port. Each address gets a negative number of its own, so two services in one
 * Vert.x never share each other's.
 */
final class LoopServers {

  private static final AtomicInteger RANDOM_PORT_KEYS = new AtomicInteger();

  private final List<NetServer> servers;
  private final int threads;

  private LoopServers(List<NetServer> servers, int threads) {
    this.servers = servers;
    this.threads = threads;
  }

  /**
   * Listens on {@code host:port} with {@code loops} servers, {@code handler} on each; a failure
   * (the port is taken) leaves none listening and is Vert.x's own, for the caller to word. The
   * future completes on the caller's context.
   */
  static Future<LoopServers> listen(Vertx vertx, int loops, NetServerOptions options, String host, int port,
      Handler<NetSocket> handler) {
    if (loops < 1) {
      throw new IllegalArgumentException("event loops must be at least 1: " + loops);
    }
    if (loops == 1) {
      return vertx.createNetServer(options).connectHandler(handler).listen(port, host)
          .map(server -> new LoopServers(List.of(server), 1));
    }
    Context caller = vertx.getOrCreateContext();
    int shared = port == 0 ? -RANDOM_PORT_KEYS.incrementAndGet() : port;
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    List<Future<NetServer>> listening = new ArrayList<>();
    for (int i = 0; i < loops; i++) {
      Context loop = VertxInternals.eventLoopContext(caller);
      Promise<NetServer> listened = Promise.promise();
      loop.runOnContext(v -> {
        threads.add(Thread.currentThread());
        vertx.createNetServer(options).connectHandler(handler).listen(shared, host).onComplete(listened);
      });
      listening.add(listened.future());
    }
    Future<LoopServers> all = Future.join(listening).transform(ar -> {
      List<NetServer> servers = listening.stream().filter(Future::succeeded).map(Future::result).toList();
      if (ar.succeeded()) {
        return Future.succeededFuture(new LoopServers(servers, threads.size()));
      }
      return Future.join(servers.stream().map(NetServer::close).toList())
          .transform(closed -> Future.failedFuture(ar.cause()));
    });
    return Future.fromCompletionStage(all.toCompletionStage(), caller);
  }

  /** The port listened on (the random one for port 0). */
  int actualPort() {
    return servers.get(0).actualPort();
  }

  /** The distinct event-loop threads that serve this address. */
  int threads() {
    return threads;
  }

  /** Gives new connections a new key and certificate: the servers share one TLS context. */
  Future<Boolean> updateSSLOptions(ServerSSLOptions ssl) {
    return servers.get(0).updateSSLOptions(ssl, true);
  }

  /** Shuts every server down as {@link NetServer#shutdown(long, TimeUnit)} does. */
  Future<Void> shutdown(long timeout, TimeUnit unit) {
    List<Future<Void>> closing = new ArrayList<>();
    for (NetServer server : servers) {
      closing.add(server.shutdown(timeout, unit));
    }
    return Future.join(closing).mapEmpty();
  }
}
