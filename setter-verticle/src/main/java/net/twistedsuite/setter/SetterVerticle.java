package net.twistedsuite.setter;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.Listeners;
import net.twistedsuite.common.UndoStack;
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
  private static final Buffer TOO_MANY = Buffer.buffer("ERROR too many connections, try again later\r\n");
  private static final Buffer TOO_MANY_FROM_ADDRESS =
      Buffer.buffer("ERROR too many connections from your address, try again later\r\n");

  /** What to undo at stop, most recent first. */
  private final UndoStack onStop = new UndoStack();
  private SetterOptions options;
  private Listeners listeners;
  private ConnectionGate gate;
  private UpdateMetrics metrics;
  private volatile boolean listening;

  @Override
  public Future<?> start() {
    options = SetterOptions.fromConfig(config());
    StatusUpdater updater = new BusStatusUpdater(vertx.eventBus(), options.fingerTimeoutMs());
    gate = new ConnectionGate(vertx, options.limits(), LOG);
    onStop.pushAction(gate::close);
    // A deadline for the whole update, not the server's idle timeout, which every byte would
    // restart. Each connection's deadline runs on its own event loop.
    Deadlines deadlines = new Deadlines(vertx, TimeUnit.SECONDS.toMillis(options.idleTimeoutSeconds()));
    AdminServer admin = AdminServer.of(vertx).readyWhen("listening", () -> listening);
    metrics = new UpdateMetrics(admin.registry());
    return Listeners.listen(vertx, "setter", options.host(), options.port(), options.tls(), new NetServerOptions(),
            options.eventLoops(), socket -> accept(socket, updater, deadlines))
        .onSuccess(l -> {
          listeners = l;
          onStop.push(() -> l.shutdown(options.fingerTimeoutMs() + STOP_GRACE_MS, TimeUnit.MILLISECONDS));
          // Not ready from the moment it starts stopping, before the updates under way finish.
          onStop.pushAction(() -> listening = false);
          listening = true;
        })
        .recover(onStop::undoAndFail);
  }

  /** Lets updates under way finish (they take at most the finger timeout) before closing. */
  @Override
  public Future<?> stop() {
    return onStop.undo();
  }

  /** The port listened on, once started (tests listen on port 0); -1 with the plain listener off. */
  int actualPort() {
    return listeners.port();
  }

  /** The TLS listener's port; -1 when it is off. */
  int tlsPort() {
    return listeners.tlsPort();
  }

  private void accept(NetSocket socket, StatusUpdater updater, Deadlines deadlines) {
    String remote = socket.remoteAddress().hostAddress();
    if (!options.allowedNetworks().allows(remote)) {
      metrics.count(UpdateMetrics.Outcome.DENIED);
      gate.refuse(socket, "not loopback and not in allowedNetworks " + options.allowedNetworks());
      socket.close();
      return;
    }
    switch (gate.admit(socket)) {
      case ADMITTED -> new SetterConnection(socket, options, updater, deadlines, metrics,
          () -> gate.release(socket)).start();
      case SERVER_FULL -> {
        metrics.count(UpdateMetrics.Outcome.TURNED_AWAY);
        socket.end(TOO_MANY);
      }
      case ADDRESS_FULL -> {
        metrics.count(UpdateMetrics.Outcome.TURNED_AWAY);
        socket.end(TOO_MANY_FROM_ADDRESS);
      }
    }
  }
}
