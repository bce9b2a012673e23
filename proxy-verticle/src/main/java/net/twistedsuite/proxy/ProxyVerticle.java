package net.twistedsuite.proxy;

import io.vertx.core.Future;
import io.vertx.core.net.NetServerOptions;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ServiceListeners;
import net.twistedsuite.common.ServiceVerticle;
import net.twistedsuite.finger.FilteredFingerService;
import net.twistedsuite.finger.FingerProtocol;
import net.twistedsuite.finger.QueryMetrics;
import net.twistedsuite.proxy.client.FingerClient;

/**
 * The finger proxy: the finger service's own protocol handler in front of a service that asks
 * another finger server. As in the tutorial, the protocol does not change; only the service
 * behind it does.
 */
public final class ProxyVerticle extends ServiceVerticle {

  private volatile FingerProtocol protocol;

  @Override
  public Future<?> start() {
    ProxyOptions options = ProxyOptions.fromConfig(config());
    ServiceListeners listeners = listeners("proxy", options);
    // Opened in order, undone at stop most recent first: no new clients first, then the upstream connections.
    return UpstreamTls.load(vertx, options).compose(upstreamTls -> {
      FingerClient client = new FingerClient(vertx, options.client());
      onStop.push(client::close);
      AsyncPermits permits = new AsyncPermits(vertx, options.upstreamMaxConnections(),
          options.queueTimeoutMs());
      // Ready once it listens: an upstream outage is answered in a line to each client, and
      // must not take the proxy out of its Service, let alone get it restarted.
      AdminServer admin = AdminServer.of(vertx);
      protocol = new FingerProtocol(
          new FilteredFingerService(new UpstreamFingerService(client, permits, options,
              new UpstreamMetrics(admin.registry()), upstreamTls), options.filters()),
          options.limits(), new QueryMetrics(admin.registry(), "proxy"));
      onStop.pushAction(protocol::close);
      // One protocol handler on both listeners and every event loop: one connection gate, one
      // upstream limit.
      return listeners.listen(new NetServerOptions(), protocol);
    }).recover(onStop::undoAndFail);
  }

  /** Clients connected right now, on every event loop and both listeners. */
  public int openConnections() {
    FingerProtocol serving = protocol;
    return serving == null ? 0 : serving.openConnections();
  }
}
