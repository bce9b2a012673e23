package net.twistedsuite.proxy;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import net.twistedsuite.common.Servers;
import net.twistedsuite.finger.FilteredFingerService;
import net.twistedsuite.finger.FingerProtocol;
import net.twistedsuite.proxy.client.FingerClient;

/**
 * The finger proxy: the finger service's own protocol handler in front of a service that asks
 * another finger server. As in the tutorial, the protocol does not change; only the service
 * behind it does.
 */
public final class ProxyVerticle extends VerticleBase {

  private NetServer server;
  private FingerProtocol protocol;
  private FingerClient client;

  @Override
  public Future<?> start() {
    ProxyOptions options = ProxyOptions.fromConfig(config());
    client = new FingerClient(vertx, options.client());
    AsyncPermits permits = new AsyncPermits(vertx, options.upstreamMaxConnections(),
        options.queueTimeoutMs());
    protocol = new FingerProtocol(
        new FilteredFingerService(new UpstreamFingerService(client, permits, options), options.filters()),
        options.limits());
    server = vertx.createNetServer().connectHandler(protocol);
    return Servers.listen(server, "proxy", options.host(), options.port());
  }

  /** The port the proxy listens on (useful when configured with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** No new clients first, then the upstream connections of the queries still in flight. */
  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.transform(v -> {
      if (protocol != null) {
        protocol.close();
      }
      return client == null ? Future.succeededFuture() : client.close();
    });
  }
}
