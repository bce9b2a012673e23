package net.twistedsuite.echo;

import io.vertx.core.Future;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.common.ServiceListeners;
import net.twistedsuite.common.ServiceVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo service: reads the configuration, turns away clients beyond the connection limit and
 * serves the others with an {@link EchoProtocol}. Logs one line per connection.
 */
public final class EchoVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(EchoVerticle.class);
  /** How much sooner than the protocol's own clock Vert.x's idle timeout may fire. */
  private static final long IDLE_TOLERANCE_MS = 500;

  private ConnectionGate gate;
  private EchoMetrics metrics;
  /** A connection closed after being quiet this long was closed for idleness. */
  private long idleAfterMillis;

  @Override
  public Future<?> start() {
    EchoOptions options = EchoOptions.fromConfig(config());
    ServiceListeners listeners = listeners("echo", options);
    gate = listeners.openGate(LOG);
    metrics = new EchoMetrics(AdminServer.of(vertx).registry());
    // Nothing read and nothing written for this long: a silent client, or one that stopped
    // reading while its echo waits, which holds a write queue.
    NetServerOptions serverOptions = new NetServerOptions()
        .setIdleTimeout(options.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
    // Vert.x closes an idle connection without saying so, counting from when Netty last saw
    // traffic, a moment before the protocol did: quiet for nearly the whole timeout is idle.
    idleAfterMillis = options.idleTimeoutSeconds() * 1000L - IDLE_TOLERANCE_MS;
    return listeners.listen(serverOptions, this::connected).recover(onStop::undoAndFail);
  }

  private void connected(NetSocket socket) {
    String client = String.valueOf(socket.remoteAddress());
    if (gate.admit(socket) != ConnectionGate.Admission.ADMITTED) {
      // Echo has no way to say why: anything written would read as an echo. A clean close.
      socket.close();
      metrics.ended(EchoMetrics.Outcome.REFUSED);
      return;
    }
    long started = System.nanoTime();
    EchoProtocol protocol = EchoProtocol.serve(socket, metrics);
    socket.exceptionHandler(e -> LOG.debug("{}: {}", client, ServiceLauncher.oneLine(e)));
    socket.closeHandler(v -> {
      gate.release(socket);
      long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - protocol.lastActivityNanos());
      long quietSeconds = TimeUnit.MILLISECONDS.toSeconds(quietMillis);
      EchoMetrics.Outcome outcome = protocol.inputEnded() ? EchoMetrics.Outcome.FINISHED
          : quietMillis >= idleAfterMillis ? EchoMetrics.Outcome.IDLE
          : EchoMetrics.Outcome.CLOSED;
      metrics.ended(outcome);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      LOG.atInfo().addKeyValue("event", "connection").addKeyValue("client", client)
          .addKeyValue("outcome", outcome.label()).addKeyValue("duration_ms", ms)
          .addKeyValue("bytes", protocol.bytes())
          .log("{} echoed {} bytes in {} ms ({})", client, protocol.bytes(), ms, switch (outcome) {
            case FINISHED -> "client finished sending";
            case IDLE -> "idle for " + quietSeconds + " s";
            default -> "closed";
          });
    });
  }
}
