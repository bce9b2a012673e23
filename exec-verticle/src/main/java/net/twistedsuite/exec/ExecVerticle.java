package net.twistedsuite.exec;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.Listeners;
import net.twistedsuite.common.RefusalLines;
import net.twistedsuite.common.ServiceListeners;
import net.twistedsuite.common.ServiceVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process server: reads the configuration, listens (on loopback unless told otherwise), turns
 * away clients from networks that are not allowed before reading a byte, and clients beyond the
 * number of programs allowed at once, and gives every other client an {@link ExecConnection} with
 * a program of its own. On stop, every program still running is stopped before the verticle is.
 */
public final class ExecVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(ExecVerticle.class);
  private static final RefusalLines TOO_MANY = new RefusalLines(
      Buffer.buffer("! too many programs running, try again later\n"),
      Buffer.buffer("! too many programs running for your address, try again later\n"));

  private ExecOptions options;
  private ProgramRunner runner;
  private ConnectionGate gate;
  private Deadlines idleDeadlines;
  private Deadlines runDeadlines;
  private String name;
  private ExecMetrics metrics;

  @Override
  public Future<?> start() {
    // Checking the configuration looks at the file system (the program, the working directory).
    return vertx.executeBlocking(() -> ExecOptions.fromConfig(config()), false)
        .compose(this::startWith)
        .recover(onStop::undoAndFail);
  }

  /** Opens, in order, what a stop undoes most recent first: no new clients first, the program threads last. */
  private Future<Listeners> startWith(ExecOptions checked) {
    options = checked;
    runner = new ProgramRunner(vertx, context, options);
    onStop.pushAction(runner::close);
    ServiceListeners listeners = listeners("exec", options);
    gate = listeners.openGate(LOG);
    idleDeadlines = new Deadlines(vertx, options.idleTimeoutSeconds() * 1000L);
    runDeadlines = new Deadlines(vertx, options.maxRunSeconds() * 1000L);
    name = options.command().get(0);
    metrics = new ExecMetrics(AdminServer.of(vertx).registry());
    return listen(listeners);
  }

  private Future<Listeners> listen(ServiceListeners listeners) {
    LOG.info("exec runs {} in {} with {} environment variables{}; at most {} at once, for {} s each",
        String.join(" ", runner.argv()), options.workingDirectory(), options.environment().size(),
        options.allowedNetworks().isEmpty() ? "" : "; clients from loopback and " + options.allowedNetworks(),
        options.maxConnections(), options.maxRunSeconds());
    // At stop, stops taking clients, has every connection stop its program (its shutdown
    // handler), and waits until each is closed; enough for TERM, the grace period and KILL.
    return listeners.listen(new NetServerOptions(), this::accept,
        l -> l.shutdown(options.stopGraceMs() + 5_000L, TimeUnit.MILLISECONDS));
  }

  @Override
  public Future<?> stop() {
    return super.stop().onComplete(v -> LOG.info("exec stopped"));
  }

  private void accept(NetSocket socket) {
    if (!options.allowedNetworks().allows(socket.remoteAddress().hostAddress())) {
      gate.refuse(socket, "not loopback and not in allowedNetworks " + options.allowedNetworks());
      socket.close();
      return;
    }
    if (!gate.admitOrRefuse(socket, TOO_MANY)) {
      return;
    }
    ExecConnection connection = new ExecConnection(vertx, socket, name, options.stopGraceMs(),
        idleDeadlines, options.idleTimeoutSeconds(), runDeadlines, options.maxRunSeconds()).accept();
    // The program's streams and events run on the connection's event loop, as the socket's do.
    runner.start(Vertx.currentContext()).onComplete(ar -> {
      if (ar.failed()) {
        gate.release(socket);
        metrics.couldNotStart();
        connection.failed(ar.cause());
      } else {
        Program program = ar.result();
        metrics.started();
        program.gone().onComplete(gone -> {
          gate.release(socket);
          metrics.gone(gone.result(), program.runningMillis());
        });
        connection.run(ar.result());
      }
    });
  }
}
