package net.twistedsuite.exec;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.function.Supplier;

/**
 * One running program: its input and output as Vert.x streams, its exit, and the means to stop
 * it and whatever it started. Knows nothing of sockets. Confined to the context it was started
 * for, except for the threads that move its bytes.
 */
final class Program {

  /** How a program came to an end, for the log. */
  enum Ending {
    /** It exited by itself. */
    EXITED,
    /** It was sent TERM and ended within the grace period. */
    TERMINATED,
    /** It was still there after the grace period and was sent KILL. */
    KILLED
  }

  private final Vertx vertx;
  private final Context context;
  private final GroupScanner groups;
  private final Process process;
  private final long stopGraceMs;
  private final ProcessInput input;
  private final ProcessOutput output;
  private final Promise<Integer> exited = Promise.promise();
  private final Promise<Ending> gone = Promise.promise();
  private final long startedNanos = System.nanoTime();
  private Ending ending = Ending.EXITED;
  private boolean stopping;
  private boolean killing;

  Program(Vertx vertx, Context context, GroupScanner groups, Process process, long stopGraceMs,
      ProcessInput input, ProcessOutput output) {
    this.vertx = vertx;
    this.groups = groups;
    this.context = context;
    this.process = process;
    this.stopGraceMs = stopGraceMs;
    this.input = input;
    this.output = output;
    process.onExit().thenAccept(p -> context.runOnContext(v -> onExit(p.exitValue())));
  }

  long pid() {
    return process.pid();
  }

  /** The program's standard input; ending it closes that input. */
  WriteStream<Buffer> input() {
    return input;
  }

  /** Its standard output and its standard error, framed. */
  ReadStream<Buffer> output() {
    return output;
  }

  /** Completes with the exit status once the program has exited. */
  Future<Integer> exited() {
    return exited.future();
  }

  /**
   * Completes once the program and everything it left in its process group are gone, with how
   * it ended.
   */
  Future<Ending> gone() {
    return gone.future();
  }

  long bytesIn() {
    return input.written();
  }

  long bytesOut() {
    return output.stdoutBytes();
  }

  long errorLines() {
    return output.errorLines();
  }

  long runningMillis() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** Nobody reads the output any more: it is read and dropped so that the program never blocks on it. */
  void discardOutput() {
    output.discard();
  }

  /**
   * Stops the program and what it started: TERM now, KILL to whatever is left after the grace
   * period. Safe to call at any time, any number of times; {@link #gone()} tells when it is done.
   */
  void stop() {
    if (stopping || gone.future().isComplete()) {
      return;
    }
    stopping = true;
    if (!exited.future().isComplete()) {
      ending = Ending.TERMINATED;
    }
    signal(false).onComplete(ar -> vertx.setTimer(Math.max(1, stopGraceMs), id -> kill()));
  }

  private void kill() {
    if (gone.future().isComplete()) {
      return;
    }
    killing = true;
    signal(true).onComplete(ar -> {
      if (ar.succeeded() && ar.result() > 0 && ending == Ending.TERMINATED) {
        ending = Ending.KILLED;
      }
      awaitEmptyAfterKill(20);
    });
  }

  private void onExit(int status) {
    // Nothing reads its input any more (what it left behind is stopped below).
    input.close();
    exited.complete(status);
    // Whatever it left in its group (a background job) goes too: no process outlives its
    // connection. While stopping, the KILL after the grace period sees to what TERM left.
    checkGroupAfterExit();
  }

  /**
   * Completes {@link #gone} once nothing is left in the program's group. Left-overs of a program
   * that exited by itself are stopped; while stopping, the group is looked at again every 100 ms
   * (a child TERM reached often ends just after the program) until the KILL after the grace period.
   */
  private void checkGroupAfterExit() {
    groups.isEmpty(process.pid()).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        gone.tryComplete(ending);
      } else if (!stopping) {
        stop();
        vertx.setTimer(100, id -> checkGroupAfterExit());
      } else if (!gone.future().isComplete() && !killing) {
        vertx.setTimer(100, id -> checkGroupAfterExit());
      }
    });
  }

  /**
   * Completes {@link #gone} once the group is empty after a KILL, checking for two seconds: KILL
   * cannot be refused, and what remains after that left the group on purpose and is out of reach.
   */
  private void awaitEmptyAfterKill(int triesLeft) {
    blocking(() -> ProcessGroup.members(process.toHandle()).isEmpty()).onComplete(ar -> {
      boolean empty = ar.succeeded() && ar.result();
      if ((empty && exited.future().isComplete()) || triesLeft == 0) {
        gone.tryComplete(ending);
      } else {
        vertx.setTimer(100, id -> awaitEmptyAfterKill(triesLeft - 1));
      }
    });
  }

  private Future<Integer> signal(boolean force) {
    return blocking(() -> ProcessGroup.signal(process.toHandle(), force));
  }

  /** Reading /proc blocks: on a worker thread, unordered, as many programs may wait at once. */
  private <T> Future<T> blocking(Supplier<T> task) {
    return context.executeBlocking(task::get, false);
  }
}
