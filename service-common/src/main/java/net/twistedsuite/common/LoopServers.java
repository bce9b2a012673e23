package net.twistedsuite.common;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.ServerSSLOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One listening address served by one or several event loops.
 *
 * <p>Vert.x spreads the connections accepted on an address over every {@link NetServer} that
 * listens on it ("server sharing"), one server per context, each server's connections on its
 * context's loop. For several loops, a small verticle deployed with that many instances gives each
 * server a context: Vert.x hands consecutive instances consecutive loops of its pool, so up to the
 * pool's size (one per processor, {@link ServiceLauncher}) they run on distinct threads. One loop
 * is the caller's own context, as a single server always was.
 *
 * <p>A server on port 0 is never shared by Vert.x; servers listening on the same negative port
 * share one random port. Each address gets a negative number of its own, so two services in one
 * Vert.x never share each other's.
 */
final class LoopServers {

  private static final AtomicInteger RANDOM_PORT_KEYS = new AtomicInteger();

  private final Vertx vertx;
  private final List<NetServer> servers;
  private final int threads;
  private final String deployment;

  private LoopServers(Vertx vertx, List<NetServer> servers, int threads, String deployment) {
    this.vertx = vertx;
    this.servers = servers;
    this.threads = threads;
    this.deployment = deployment;
  }

  /**
   * Listens on {@code host:port} with {@code loops} servers, {@code handler} on each; a failure
   * (the port is taken) leaves none listening and is Vert.x's own, for the caller to word.
   */
  static Future<LoopServers> listen(Vertx vertx, int loops, NetServerOptions options, String host, int port,
      Handler<NetSocket> handler) {
    if (loops < 1) {
      throw new IllegalArgumentException("event loops must be at least 1: " + loops);
    }
    if (loops == 1) {
      return vertx.createNetServer(options).connectHandler(handler).listen(port, host)
          .map(server -> new LoopServers(vertx, List.of(server), 1, null));
    }
    int shared = port == 0 ? -RANDOM_PORT_KEYS.incrementAndGet() : port;
    List<NetServer> servers = Collections.synchronizedList(new ArrayList<>());
    Set<Thread> threads = Collections.synchronizedSet(new LinkedHashSet<>());
    // Each instance is one server on the context Vert.x gives it.
    Supplier<VerticleBase> acceptor = () -> new VerticleBase() {
      @Override
      public Future<?> start() {
        threads.add(Thread.currentThread());
        return vertx.createNetServer(options).connectHandler(handler).listen(shared, host).onSuccess(servers::add);
      }
    };
    return vertx.deployVerticle(acceptor, new DeploymentOptions().setInstances(loops))
        .map(id -> new LoopServers(vertx, List.copyOf(servers), threads.size(), id));
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

  /** Shuts every server down as {@link NetServer#shutdown(long, TimeUnit)} does, then their contexts. */
  Future<Void> shutdown(long timeout, TimeUnit unit) {
    List<Future<Void>> closing = new ArrayList<>();
    for (NetServer server : servers) {
      closing.add(server.shutdown(timeout, unit));
    }
    Future<Void> closed = Future.join(closing).mapEmpty();
    return deployment == null ? closed : closed.eventually(() -> vertx.undeploy(deployment));
  }
}
