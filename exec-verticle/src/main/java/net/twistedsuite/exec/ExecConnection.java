package net.twistedsuite.exec;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.HalfClose;
import net.twistedsuite.common.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client and its program, the tutorial's {@code FakeTelnet}: the client's bytes go to the
 * program's standard input, its output comes back, and the connection closes once the program
 * has ended and everything it wrote was sent. A client that half-closes (the end of {@code nc -N}'s
 * input) closes the program's input. A client that goes away has its program stopped. Idle and
 * run-time limits stop the program too, and the client is told why in a last {@code "! "} line.
 * Both directions are flow-controlled: the socket is paused while the program has not taken what
 * it was sent, and the program's output is paused while the client has not read what it was sent.
 * Logs one line per connection. Confined to the connection's event loop, where its program's
 * events come too.
 */
final class ExecConnection {

  private static final Logger LOG = LoggerFactory.getLogger(ExecConnection.class);

  private final Vertx vertx;
  private final NetSocket socket;
  private Program program;
  private final String client;
  private final String name;
  private final long stopGraceMs;
  private final Deadlines.Deadline idle;
  private final Deadlines.Deadline runCap;
  private final Promise<Void> finished = Promise.promise();
  private boolean clientGone;
  private boolean inputEnded;
  /**
   * The socket is paused (until the program runs, then while the program has not taken what it was
   * sent), or was resumed and has not yet handed over what it held.
   */
  private boolean clientPaused = true;
  private int pauses;
  private boolean outputEnded;
  private String stopReason;

  ExecConnection(Vertx vertx, NetSocket socket, String name, long stopGraceMs,
      Deadlines idleDeadlines, int idleSeconds, Deadlines runDeadlines, int runSeconds) {
    this.vertx = vertx;
    this.socket = socket;
    this.client = String.valueOf(socket.remoteAddress());
    this.name = name;
    this.stopGraceMs = stopGraceMs;
    this.idle = idleDeadlines.create(() -> stopEarly("idle for " + idleSeconds + " s"));
    this.runCap = runDeadlines.create(() -> stopEarly("ran for the limit of " + runSeconds + " s"));
  }

  /**
   * Takes the socket over while its program starts; call on the event loop before the connect
   * handler returns, so that a client that half-closes at once is not cut off.
   */
  ExecConnection accept() {
    // Nothing is read until the program runs: what the client sends meanwhile waits.
    socket.pause();
    socket.closeHandler(v -> onClientGone());
    socket.shutdownHandler(v -> shutdown());
    socket.exceptionHandler(e -> LOG.debug("{}: {}", client, ServiceLauncher.oneLine(e)));
    HalfClose.onInputEnd(socket, this::onInputEnd);
    return this;
  }

  /** Wires the started program to the socket. */
  void run(Program started) {
    program = started;
    program.output().endHandler(v -> {
      outputEnded = true;
      finishIfDone();
    });
    program.gone().onComplete(ar -> finishIfDone());
    if (clientGone) {
      stopReason = "client left";
      program.discardOutput();
      program.stop();
      return;
    }
    idle.arm();
    runCap.arm();
    socket.handler(this::fromClient);
    resumeClient();
    forward(program.output(), socket);
  }

  /** The program could not be started: the client is told, and the failure logged once. */
  void failed(Throwable cause) {
    LOG.atError().addKeyValue("event", "program").addKeyValue("client", client)
        .addKeyValue("outcome", ExecMetrics.NOT_STARTED).addKeyValue("duration_ms", 0)
        .log("{} could not start {}: {}", client, name, ServiceLauncher.oneLine(cause));
    socket.end(Buffer.buffer("! could not start the program\n"));
    finished.tryComplete();
  }

  /** The server is stopping: the program is stopped and the client told so. */
  private void shutdown() {
    if (program == null) {
      socket.close();
      return;
    }
    stopEarly("the server is stopping");
  }

  /**
   * Moves the program's output to the client as Vert.x's {@code Pipe} does (pausing the program's
   * output while the client has not read enough), and keeps the idle deadline away meanwhile.
   */
  private void forward(ReadStream<Buffer> from, WriteStream<Buffer> to) {
    from.handler(data -> {
      idle.arm();
      to.write(data);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(v -> from.resume());
      }
    });
    from.resume();
  }

  /** Flow control from the client to the program, as Vert.x's {@code Pipe} does it. */
  private void fromClient(Buffer data) {
    idle.arm();
    WriteStream<Buffer> input = program.input();
    input.write(data);
    if (input.writeQueueFull()) {
      clientPaused = true;
      pauses++;
      socket.pause();
      input.drainHandler(v -> resumeClient());
    }
  }

  /**
   * Resumes the socket. What it held while paused is handed over by a task that resume() queues,
   * and the client's half-close may already be known: the program's input is ended only after that
   * task, in the one queued next, unless the socket was paused again meanwhile.
   */
  private void resumeClient() {
    int pausesBefore = pauses;
    socket.resume();
    vertx.runOnContext(v -> {
      if (pauses == pausesBefore) {
        clientPaused = false;
        endInputIfAllDelivered();
      }
    });
  }

  private void onInputEnd() {
    inputEnded = true;
    endInputIfAllDelivered();
  }

  /** Closes the program's input once the client has half-closed and every byte before was passed on. */
  private void endInputIfAllDelivered() {
    if (inputEnded && program != null && !clientPaused) {
      program.input().end();
    }
  }

  private void onClientGone() {
    clientGone = true;
    idle.cancel();
    runCap.cancel();
    if (program == null) {
      return;
    }
    program.discardOutput();
    if (!program.gone().isComplete()) {
      stopReason = stopReason == null ? "client left" : stopReason;
      program.stop();
    }
    finishIfDone();
  }

  private void stopEarly(String reason) {
    if (stopReason != null || finished.future().isComplete()) {
      return;
    }
    stopReason = reason;
    idle.cancel();
    runCap.cancel();
    program.stop();
    // A client that does not read would keep the rest of the output, and the connection, forever.
    // Its two seconds start once the program is gone, which itself is bounded (grace, KILL, checks)
    // but may take longer than the grace period on a busy machine.
    program.gone().onComplete(ar -> vertx.setTimer(2_000L, id -> {
      if (!finished.future().isComplete()) {
        program.discardOutput();
        socket.close();
      }
    }));
  }

  private void finishIfDone() {
    if (finished.future().isComplete() || program == null || !program.gone().isComplete() || !(outputEnded || clientGone)) {
      return;
    }
    idle.cancel();
    runCap.cancel();
    log();
    if (clientGone) {
      finished.complete();
      return;
    }
    Buffer last = stopReason == null ? Buffer.buffer()
        : Buffer.buffer("! " + stopReason + ", program stopped\n");
    socket.end(last).onComplete(ar -> finished.complete());
  }

  private void log() {
    Program.Ending ending = program.gone().result();
    Integer status = program.exited().result();
    Program.Ending ended = ending == null ? Program.Ending.EXITED : ending;
    String how = switch (ended) {
      case EXITED -> status == null ? "ended" : "exited with status " + status;
      case TERMINATED -> "stopped with TERM";
      case KILLED -> "killed (still running " + stopGraceMs + " ms after TERM)";
    };
    String why = stopReason == null ? "" : stopReason + ", ";
    long errorLines = program.errorLines();
    LOG.atInfo().addKeyValue("event", "program").addKeyValue("client", client)
        .addKeyValue("outcome", ExecMetrics.label(ended)).addKeyValue("duration_ms", program.runningMillis())
        .log("{} {} pid {}: {}{} after {} ms; {} bytes in, {} bytes out, {} error line{}", client, name,
        program.pid(), why, how, program.runningMillis(), program.bytesIn(), program.bytesOut(),
        errorLines, errorLines == 1 ? "" : "s");
  }
}
