package net.twistedsuite.setter;

import io.vertx.core.Future;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.RefusalLines;
import net.twistedsuite.common.ServiceListeners;
import net.twistedsuite.common.ServiceVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The setter service: listens (on loopback unless told otherwise), turns away clients from
 * networks that are not allowed and clients beyond the connection limit, and serves the rest with
 * a {@link SetterConnection} that sends their updates to finger over the event bus.
 */
public final class SetterVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(SetterVerticle.class);
  /** Added to the finger timeout when stopping, for the answer of the last update to go out. */
  private static final long STOP_GRACE_MS = 1_000;
  private static final RefusalLines TOO_MANY = RefusalLines.tooManyConnections("ERROR ");

  private SetterOptions options;
  private ConnectionGate gate;
  private UpdateMetrics metrics;

  @Override
  public Future<?> start() {
    options = SetterOptions.fromConfig(config());
    StatusUpdater updater = new BusStatusUpdater(vertx.eventBus(), options.fingerTimeoutMs());
    ServiceListeners listeners = listeners("setter", options);
    gate = listeners.openGate(LOG);
    // A deadline for the whole update, not the server's idle timeout, which every byte would
    // restart. Each connection's deadline runs on its own event loop.
    Deadlines deadlines = new Deadlines(vertx, TimeUnit.SECONDS.toMillis(options.idleTimeoutSeconds()));
    metrics = new UpdateMetrics(AdminServer.of(vertx).registry());
    // A stop lets the updates under way finish (they take at most the finger timeout) before closing.
    return listeners.listen(new NetServerOptions(), socket -> accept(socket, updater, deadlines),
            l -> l.shutdown(options.fingerTimeoutMs() + STOP_GRACE_MS, TimeUnit.MILLISECONDS))
        .recover(onStop::undoAndFail);
  }

  private void accept(NetSocket socket, StatusUpdater updater, Deadlines deadlines) {
    String remote = socket.remoteAddress().hostAddress();
    if (!options.allowedNetworks().allows(remote)) {
      metrics.count(UpdateMetrics.Outcome.DENIED);
      gate.refuse(socket, "not loopback and not in allowedNetworks " + options.allowedNetworks());
      socket.close();
      return;
    }
    if (gate.admitOrRefuse(socket, TOO_MANY)) {
      new SetterConnection(socket, options, updater, deadlines, metrics, () -> gate.release(socket)).start();
    } else {
      metrics.count(UpdateMetrics.Outcome.TURNED_AWAY);
    }
  }
}
