package net.twistedsuite.exec;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.Semaphore;

/**
 * What a program writes, as one Vert.x {@link ReadStream}: its standard output as it comes, and
 * its standard error framed by {@link ErrorLines}. It ends when both have reached their end.
 *
 * <p>Each of the two pipes is read by a thread of its own ({@link #pump}), since reading a pipe
 * blocks. A thread reads one chunk, hands it to the event loop, and reads the next only once the
 * stream's consumer has taken that chunk. While the stream is paused (the client reads slower than
 * the program writes) the threads therefore stop reading, the pipes fill, and the program blocks
 * in its next write: at most one chunk per pipe is held here, however much the program writes.
 *
 * <p>The handlers and everything but {@link #pump} run on the program's context.
 */
final class ProcessOutput implements ReadStream<Buffer> {

  static final int CHUNK = 64 * 1024;

  private final Context context;
  private final ErrorLines errorLines = new ErrorLines();
  private final Queue<Pending> pending = new ArrayDeque<>();
  private final Semaphore stdoutCredit = new Semaphore(1);
  private final Semaphore stderrCredit = new Semaphore(1);
  private int openPipes = 2;
  /** Paused until a consumer asks: nothing is dropped before one is attached. */
  private long demand;
  private boolean discarding;
  private boolean ended;
  private long stdoutBytes;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;

  /** A chunk handed over and not yet taken; {@code data} null marks the end of its pipe. */
  private record Pending(Buffer data, Semaphore credit) {
  }

  ProcessOutput(Context context) {
    this.context = context;
  }

  /** Reads the program's standard output until its end. Runs on a thread of its own and blocks. */
  void pumpStdout(InputStream stdout) {
    pump(stdout, stdoutCredit, false);
  }

  /** Reads the program's standard error until its end. Runs on a thread of its own and blocks. */
  void pumpStderr(InputStream stderr) {
    pump(stderr, stderrCredit, true);
  }

  private void pump(InputStream in, Semaphore credit, boolean isError) {
    byte[] buffer = new byte[CHUNK];
    try (in) {
      while (true) {
        credit.acquire();
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          n = -1; // the pipe was closed under us: the program is gone
        }
        Buffer chunk = n < 0 ? null : Buffer.buffer(Arrays.copyOf(buffer, n));
        context.runOnContext(v -> arrived(chunk, credit, isError));
        if (n < 0) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // closing failed: nothing to do
    }
  }

  private void arrived(Buffer chunk, Semaphore credit, boolean isError) {
    if (chunk == null) {
      if (isError) {
        pending.add(new Pending(errorLines.end(), null));
      }
      pending.add(new Pending(null, null));
    } else if (isError) {
      pending.add(new Pending(errorLines.feed(chunk), credit));
    } else {
      stdoutBytes += chunk.length();
      pending.add(new Pending(chunk, credit));
    }
    deliver();
  }

  private void deliver() {
    while (!pending.isEmpty() && (demand > 0 || discarding)) {
      Pending next = pending.poll();
      if (next.credit() != null) {
        next.credit().release();
      }
      if (next.data() == null) {
        openPipes--;
        continue;
      }
      if (next.data().length() == 0) {
        continue;
      }
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      Handler<Buffer> h = handler;
      if (h != null && !discarding) {
        h.handle(next.data());
      }
    }
    if (openPipes == 0 && pending.isEmpty() && !ended) {
      ended = true;
      Handler<Void> h = endHandler;
      if (h != null) {
        h.handle(null);
      }
    }
  }

  /**
   * Nobody will read what is left (the client is gone): from now on everything the program writes
   * is read and dropped, so that it never blocks on a pipe nobody reads.
   */
  void discard() {
    discarding = true;
    deliver();
  }

  /** Whether both pipes have reached their end and everything was handed on. */
  boolean ended() {
    return ended;
  }

  long stdoutBytes() {
    return stdoutBytes;
  }

  long errorLines() {
    return errorLines.lines();
  }

  @Override
  public ProcessOutput handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ProcessOutput endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public ProcessOutput exceptionHandler(Handler<Throwable> handler) {
    // Reading a pipe ends, it does not fail: an error reading it counts as its end.
    return this;
  }

  @Override
  public ProcessOutput pause() {
    demand = 0;
    return this;
  }

  @Override
  public ProcessOutput resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ProcessOutput fetch(long amount) {
    if (amount > 0) {
      demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
      deliver();
    }
    return this;
  }
}
