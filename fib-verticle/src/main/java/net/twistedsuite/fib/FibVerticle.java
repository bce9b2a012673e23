package net.twistedsuite.fib;

import io.vertx.core.Future;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.RefusalLines;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.common.ServiceListeners;
import net.twistedsuite.common.ServiceVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fib service: opens the sequence from the data directory, then serves it over TCP. On
 * undeploy (SIGTERM, Ctrl-C) it stops accepting, stops answering, delivers every number already
 * taken and closes the connections gently (at most {@link #STOP_SECONDS} s for the clients to
 * read them), then saves the exact position, so the next start continues with the very next
 * number.
 *
 * <p>Deploy one instance per data directory: the directory's lock refuses a second one.
 */
public final class FibVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(FibVerticle.class);
  private static final RefusalLines TOO_MANY = RefusalLines.tooManyConnections("error: ");
  /** How long a stop waits for clients to read their last answers and close. */
  static final int STOP_SECONDS = 10;

  private FibOptions options;
  private volatile FibSequence sequence;
  private FibMetrics metrics;
  private ConnectionGate gate;
  private Deadlines lineDeadlines;

  @Override
  public Future<?> start() {
    options = FibOptions.fromConfig(config());
    ServiceListeners listeners = listeners("fib", options);
    // A deadline per line, not the server's idle timeout, which every byte would restart.
    lineDeadlines = options.idleTimeoutSeconds() == 0 ? null
        : new Deadlines(vertx, TimeUnit.SECONDS.toMillis(options.idleTimeoutSeconds()));
    // On a failure, what was opened is closed before the failure is reported: the lock is
    // released and the position saved exactly, so nothing is skipped.
    return SequenceStore.open(vertx, options.dataDir())
        .compose(store -> FibSequence.open(vertx, store, options.reserveBlock())
            .recover(e -> failAfter(store.close(), e)))
        .compose(opened -> {
          sequence = opened;
          onStop.push(sequence::close);
          // Ready while it listens and can save its position: a sequence that cannot hand
          // out numbers sends its clients elsewhere rather than fail them one by one.
          AdminServer admin = AdminServer.of(vertx).readyWhen("state", opened::storeWorking);
          metrics = new FibMetrics(admin.registry(), opened);
          // The door opens with the listeners, once there are numbers to hand out. At stop each
          // connection hears of it through its shutdown handler; the rest are closed at the limit.
          gate = listeners.openGate(LOG);
          return listeners.listen(new NetServerOptions(), this::connected,
              l -> l.shutdown(STOP_SECONDS, TimeUnit.SECONDS));
        })
        .recover(onStop::undoAndFail);
  }

  private static <T> Future<T> failAfter(Future<Void> cleanUp, Throwable failure) {
    return cleanUp.transform(ignored -> Future.failedFuture(failure));
  }

  private void connected(NetSocket socket) {
    String client = String.valueOf(socket.remoteAddress());
    if (!gate.admitOrRefuse(socket, TOO_MANY)) {
      return;
    }
    long connected = System.nanoTime();
    FibProtocol protocol = FibProtocol.serve(socket, options.maxLineLength(), lineDeadlines,
        () -> sequence.next().onSuccess(n -> metrics.handedOut()));
    socket.exceptionHandler(e -> LOG.debug("{}: {}", client, ServiceLauncher.oneLine(e)));
    socket.shutdownHandler(v -> protocol.stop());
    socket.closeHandler(v -> {
      protocol.closed();
      gate.release(socket);
      String outcome = outcome(protocol);
      LOG.atInfo().addKeyValue("event", "connection").addKeyValue("client", client)
          .addKeyValue("outcome", outcome).addKeyValue("numbers", protocol.answers())
          .addKeyValue("duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connected))
          .log("{} disconnected after {} numbers ({})", client, protocol.answers(), outcome);
    });
  }

  private String outcome(FibProtocol protocol) {
    if (FibProtocol.TIMED_OUT.equals(protocol.refusal())) {
      return "timed out: no complete line within " + options.idleTimeoutSeconds() + " s";
    }
    if (protocol.refusal() != null) {
      return "refused: " + protocol.refusal();
    }
    if (protocol.stopped()) {
      return "server stopping";
    }
    if (protocol.inputEnded()) {
      return "client closed";
    }
    return "closed";
  }
}
