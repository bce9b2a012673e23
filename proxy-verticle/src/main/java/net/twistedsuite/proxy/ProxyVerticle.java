package net.twistedsuite.proxy;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.Servers;
import net.twistedsuite.common.UndoStack;
import net.twistedsuite.finger.FilteredFingerService;
import net.twistedsuite.finger.FingerProtocol;
import net.twistedsuite.finger.QueryMetrics;
import net.twistedsuite.proxy.client.FingerClient;

/**
 * The finger proxy: the finger service's own protocol handler in front of a service that asks
 * another finger server. As in the tutorial, the protocol does not change; only the service
 * behind it does.
 */
public final class ProxyVerticle extends VerticleBase {

  /** What to undo at stop, most recent first: no new clients first, then the upstream connections. */
  private final UndoStack onStop = new UndoStack();
  private NetServer server;
  private volatile boolean listening;

  @Override
  public Future<?> start() {
    ProxyOptions options = ProxyOptions.fromConfig(config());
    FingerClient client = new FingerClient(vertx, options.client());
    onStop.push(client::close);
    AsyncPermits permits = new AsyncPermits(vertx, options.upstreamMaxConnections(),
        options.queueTimeoutMs());
    // Ready once it listens: an upstream outage is answered in a line to each client, and
    // must not take the proxy out of its Service, let alone get it restarted.
    AdminServer admin = AdminServer.of(vertx).readyWhen("listening", () -> listening);
    FingerProtocol protocol = new FingerProtocol(
        new FilteredFingerService(new UpstreamFingerService(client, permits, options,
            new UpstreamMetrics(admin.registry())), options.filters()),
        options.limits(), new QueryMetrics(admin.registry(), "proxy"));
    onStop.pushAction(protocol::close);
    server = vertx.createNetServer().connectHandler(protocol);
    onStop.push(server::close);
    onStop.pushAction(() -> listening = false);
    return Servers.listen(server, "proxy", options.host(), options.port())
        .onSuccess(s -> listening = true)
        .recover(onStop::undoAndFail);
  }

  /** The port the proxy listens on (useful when configured with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return onStop.undo();
  }
}
