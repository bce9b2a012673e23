package net.twistedsuite.setter;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.HalfClose;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.setter.StatusUpdateException.Kind;
import net.twistedsuite.setter.UpdateMetrics.Outcome;
import net.twistedsuite.status.StatusSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One client of the setter, from its first byte to its answer: feeds the socket to a
 * {@link SetterProtocol}, hands the update to the {@link StatusUpdater} once the client has
 * finished sending, and answers one line ({@code OK} or {@code ERROR <reason>}). Logs one line
 * per outcome, and counts it in the {@link UpdateMetrics}. Confined to the connection's event loop.
 *
 * <p>Over TLS the update ends at the second line's line ending (see {@link SetterProtocol}), and a
 * refusal is answered and the connection closed at once: such a client cannot signal that it
 * finished sending, so there is no end of its input to wait for.
 *
 * <p>The whole update must arrive within {@code idleTimeoutSeconds} of connecting: a deadline
 * for the request as a whole, not an idle timer that each byte restarts, so a client sending a
 * byte a second cannot hold a connection slot for ever.
 */
final class SetterConnection implements SetterProtocol.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(SetterConnection.class);

  /**
   * After a refusal the client may still be sending (say, a large file piped by mistake): its
   * input is skipped until it finishes, so that it reads the answer instead of a reset, but only
   * this much of it.
   */
  static final int MAX_SKIPPED_BYTES = 64 * 1024;

  private enum State {
    /** Reading the two lines. */
    READING,
    /** Refused and answered before the client finished; skipping its input until it does. */
    SKIPPING,
    /** Waiting for the updater. */
    UPDATING,
    /** Answered (or abandoned); the socket is closing. */
    DONE
  }

  private final NetSocket socket;
  private final SetterProtocol protocol;
  private final StatusUpdater updater;
  private final int idleTimeoutSeconds;
  private final Deadlines.Deadline deadline;
  private final Runnable onClosed;
  private final UpdateMetrics metrics;
  private final String client;
  private final long started = System.nanoTime();
  private final boolean tls;
  private State state = State.READING;
  private boolean inputEnded;
  private long received;
  private long skipped;

  /** {@code deadlines}: of {@code idleTimeoutSeconds}, on the socket's event loop. */
  SetterConnection(NetSocket socket, SetterOptions options, StatusUpdater updater, Deadlines deadlines,
      UpdateMetrics metrics, Runnable onClosed) {
    this.metrics = metrics;
    this.socket = socket;
    this.tls = socket.isSsl();
    this.protocol = tls ? SetterProtocol.endingAtSecondLine(options.maxLineLength(), this)
        : new SetterProtocol(options.maxLineLength(), this);
    this.updater = updater;
    this.idleTimeoutSeconds = options.idleTimeoutSeconds();
    this.deadline = deadlines.create(this::onTimeout);
    this.onClosed = onClosed;
    this.client = String.valueOf(socket.remoteAddress());
  }

  void start() {
    socket.handler(this::onData);
    socket.exceptionHandler(e -> LOG.debug("{}: {}", client, ServiceLauncher.oneLine(e)));
    socket.closeHandler(v -> onClose());
    socket.shutdownHandler(v -> onShutdown());
    HalfClose.onInputEnd(socket, this::onInputEnd);
    deadline.arm();
  }

  private void onData(Buffer data) {
    received += data.length();
    if (state == State.READING) {
      protocol.handle(data);
    } else if (state == State.SKIPPING) {
      skipped += data.length();
      if (skipped > MAX_SKIPPED_BYTES) {
        hangUp();
      }
    }
  }

  private void onInputEnd() {
    inputEnded = true;
    if (state == State.READING) {
      protocol.end();
    } else if (state == State.SKIPPING) {
      hangUp();
    }
  }

  @Override
  public void onUpdate(StatusSet update) {
    state = State.UPDATING;
    // From here the finger timeout bounds the wait.
    deadline.cancel();
    updater.apply(update).onComplete(ar -> {
      if (ar.succeeded()) {
        outcome(Level.INFO, update.clears() ? Outcome.CLEARED : Outcome.SET)
            .log("{} {} the status of {}", client, update.clears() ? "cleared" : "set", update.user());
        answer("OK");
        return;
      }
      StatusUpdateException e = ar.cause() instanceof StatusUpdateException known ? known
          : new StatusUpdateException(Kind.FAILED, "internal error, nothing changed",
              ServiceLauncher.oneLine(ar.cause()));
      String failed = "could not " + (update.clears() ? "clear" : "set") + " the status of " + update.user();
      switch (e.kind()) {
        case REFUSED -> outcome(Level.INFO, Outcome.REFUSED).log("{} refused: {}", client, e.detail());
        case UNAVAILABLE -> outcome(Level.WARN, Outcome.UNAVAILABLE).log("{} {}: {}", client, failed, e.detail());
        default -> outcome(Level.ERROR, Outcome.FAILED).log("{} {}: {}", client, failed, e.detail());
      }
      answer("ERROR " + e.getMessage());
    });
  }

  @Override
  public void onRefusal(String reason) {
    if (inputEnded && received == 0) {
      // Connected and left without a byte: a port check, not a user to log about.
      outcome(Level.DEBUG, Outcome.ABANDONED).log("{} sent nothing", client);
    } else {
      outcome(Level.INFO, Outcome.REFUSED).log("{} refused: {}", client, reason);
    }
    if (inputEnded || tls) {
      answer("ERROR " + reason);
    } else {
      state = State.SKIPPING;
      socket.write(line("ERROR " + reason));
    }
  }

  private void onTimeout() {
    endEarly("timed out: no complete update within " + idleTimeoutSeconds + " s, disconnected",
        "no complete update within " + idleTimeoutSeconds + " s, nothing changed");
  }

  /** The server is stopping: only an update already under way is let finish. */
  private void onShutdown() {
    endEarly("disconnected: the setter is stopping", "the setter is stopping, nothing changed");
  }

  /**
   * Ends the connection before any update: a client still sending is told why, one already
   * answered is closed. An update under way is left to finish.
   */
  private void endEarly(String logLine, String reason) {
    if (state == State.READING) {
      outcome(Level.INFO, Outcome.ABANDONED).log("{} {}", client, logLine);
      answer("ERROR " + reason);
    } else if (state == State.SKIPPING) {
      hangUp();
    }
  }

  private void onClose() {
    deadline.cancel();
    onClosed.run();
    if (state == State.READING && received > 0) {
      outcome(Level.INFO, Outcome.ABANDONED).log("{} left before finishing its input, nothing changed", client);
    }
    state = State.DONE;
  }

  /** Counts how this client's update ended and starts its one log line, with fields for JSON logs. */
  private LoggingEventBuilder outcome(Level level, Outcome outcome) {
    metrics.count(outcome);
    return LOG.atLevel(level).addKeyValue("event", "update").addKeyValue("client", client)
        .addKeyValue("outcome", outcome.label())
        .addKeyValue("duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private void hangUp() {
    state = State.DONE;
    socket.close();
  }

  /** Sends the one answer and closes; a client that has gone away makes this fail, harmlessly. */
  private void answer(String text) {
    state = State.DONE;
    socket.end(line(text)).onFailure(e -> LOG.debug("{} did not get the answer: {}", client,
        ServiceLauncher.oneLine(e)));
  }

  private static Buffer line(String text) {
    return Buffer.buffer(text + "\r\n");
  }
}
