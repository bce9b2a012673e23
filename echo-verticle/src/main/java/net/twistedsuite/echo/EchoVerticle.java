package net.twistedsuite.echo;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.common.Servers;
import net.twistedsuite.common.UndoStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo service: reads the configuration, turns away clients beyond the connection limit and
 * serves the others with an {@link EchoProtocol}. Logs one line per connection.
 */
public final class EchoVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EchoVerticle.class);

  /** What to undo at stop, most recent first. */
  private final UndoStack onStop = new UndoStack();
  private EchoOptions options;
  private NetServer server;
  private ConnectionGate gate;

  @Override
  public Future<?> start() {
    options = EchoOptions.fromConfig(config());
    gate = new ConnectionGate(vertx, options.limits(), LOG);
    onStop.pushAction(gate::close);
    // Nothing read and nothing written for this long: a silent client, or one that stopped
    // reading while its echo waits, which holds a write queue.
    server = vertx.createNetServer(new NetServerOptions()
            .setIdleTimeout(options.idleTimeoutSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS))
        .connectHandler(this::connected);
    onStop.push(server::close);
    return Servers.listen(server, "echo", options.host(), options.port()).recover(onStop::undoAndFail);
  }

  @Override
  public Future<?> stop() {
    return onStop.undo();
  }

  /** The port the service listens on (useful when configured with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void connected(NetSocket socket) {
    String client = String.valueOf(socket.remoteAddress());
    if (gate.admit(socket) != ConnectionGate.Admission.ADMITTED) {
      // Echo has no way to say why: anything written would read as an echo. A clean close.
      socket.close();
      return;
    }
    long started = System.nanoTime();
    EchoProtocol protocol = EchoProtocol.serve(socket);
    socket.exceptionHandler(e -> LOG.debug("{}: {}", client, ServiceLauncher.oneLine(e)));
    socket.closeHandler(v -> {
      gate.release(socket);
      LOG.info("{} echoed {} bytes in {} ms ({})", client, protocol.bytes(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), outcome(protocol));
    });
  }

  private String outcome(EchoProtocol protocol) {
    if (protocol.inputEnded()) {
      return "client finished sending";
    }
    long quietSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - protocol.lastActivityNanos());
    if (quietSeconds >= options.idleTimeoutSeconds()) {
      return "idle for " + quietSeconds + " s";
    }
    return "closed";
  }
}
