package net.twistedsuite.setter;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.ConnectionLimit;
import net.twistedsuite.common.Servers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The setter service: listens (on loopback unless told otherwise), turns away clients from
 * networks that are not allowed and clients beyond the connection limit, and serves the rest with
 * a {@link SetterConnection} that sends their updates to finger over the event bus.
 */
public final class SetterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SetterVerticle.class);
  /** Added to the finger timeout when stopping, for the answer of the last update to go out. */
  private static final long STOP_GRACE_MS = 1_000;

  private SetterOptions options;
  private NetServer server;

  @Override
  public Future<?> start() {
    options = SetterOptions.from(config());
    StatusUpdater updater = new BusStatusUpdater(vertx.eventBus(), options.fingerTimeoutMs());
    ConnectionLimit limit = new ConnectionLimit(options.maxConnections());
    server = vertx.createNetServer(new NetServerOptions()
        .setIdleTimeout(options.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS));
    server.connectHandler(socket -> accept(socket, updater, limit));
    return Servers.listen(server, "setter", options.host(), options.port());
  }

  /** Lets updates under way finish (they take at most the finger timeout) before closing. */
  @Override
  public Future<?> stop() {
    return server.shutdown(options.fingerTimeoutMs() + STOP_GRACE_MS, TimeUnit.MILLISECONDS);
  }

  /** The port listened on, once started (tests listen on port 0). */
  int actualPort() {
    return server.actualPort();
  }

  private void accept(NetSocket socket, StatusUpdater updater, ConnectionLimit limit) {
    String remote = socket.remoteAddress().hostAddress();
    if (!options.allowedNetworks().allows(remote)) {
      LOG.warn("{} denied: not loopback and not in allowedNetworks {}", socket.remoteAddress(),
          options.allowedNetworks());
      socket.close();
      return;
    }
    if (!limit.tryAcquire()) {
      LOG.warn("{} turned away: {} connections already open (maxConnections)", socket.remoteAddress(),
          limit.max());
      socket.end(Buffer.buffer("ERROR too many connections, try again later\r\n"));
      return;
    }
    new SetterConnection(socket, options, updater, limit::release).start(context);
  }
}
