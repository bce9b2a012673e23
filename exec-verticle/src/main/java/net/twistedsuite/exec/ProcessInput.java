package net.twistedsuite.exec;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A program's standard input as a Vert.x {@link WriteStream}: writes are queued on the event loop
 * and written by a thread of the program's own ({@link #pump}), because writing to a pipe blocks
 * while the program does not read. The queue is bounded by {@link #writeQueueFull()}: a pipe from
 * the client's socket pauses the socket until the program has taken most of it, so a client that
 * sends faster than the program reads is held back by TCP, not buffered.
 *
 * <p>When the program stops reading for good (it closed its input or exited), what the client
 * sends afterwards is dropped, as a pipe to a program that exited would drop it.
 */
final class ProcessInput implements WriteStream<Buffer> {

  static final int DEFAULT_MAX_QUEUED = 64 * 1024;
  /** Tells the pumping thread to close the program's input; compared by identity. */
  private static final Buffer END = Buffer.buffer(new byte[0]);
  /** Tells the pumping thread to stop without writing more; compared by identity. */
  private static final Buffer ABANDON = Buffer.buffer(new byte[0]);

  private final Context context;
  private final BlockingQueue<Buffer> queue = new LinkedBlockingQueue<>();
  private int maxQueued = DEFAULT_MAX_QUEUED;
  private int queued;
  private long written;
  private boolean ended;
  private boolean closed;
  private Handler<Void> drainHandler;

  ProcessInput(Context context) {
    this.context = context;
  }

  /**
   * Writes what is queued to {@code stdin} until the input is ended or abandoned, then closes
   * it. Runs on a thread of its own and blocks.
   */
  void pump(OutputStream stdin) {
    try (stdin) {
      while (true) {
        Buffer data = queue.take();
        if (data == END || data == ABANDON) {
          return;
        }
        stdin.write(data.getBytes());
        stdin.flush();
        context.runOnContext(v -> taken(data.length()));
      }
    } catch (IOException e) {
      // The program closed its input or exited: the rest has nowhere to go.
      context.runOnContext(v -> close());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (ended || closed || data.length() == 0) {
      return Future.succeededFuture();
    }
    queued += data.length();
    queue.add(data);
    return Future.succeededFuture();
  }

  /** Closes the program's input once what is queued is written: the client has finished sending. */
  @Override
  public Future<Void> end() {
    if (!ended && !closed) {
      ended = true;
      queue.add(END);
    }
    return Future.succeededFuture();
  }

  /**
   * The program no longer reads: drops what is queued, takes nothing more, lets the pumping thread
   * finish, and lets a paused sender go on (its bytes are dropped).
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    queue.add(ABANDON);
    queued = 0;
    drain();
  }

  /** Bytes the program has taken. */
  long written() {
    return written;
  }

  private void taken(int length) {
    written += length;
    queued -= length;
    if (queued <= maxQueued / 2) {
      drain();
    }
  }

  private void drain() {
    Handler<Void> handler = drainHandler;
    if (handler != null) {
      drainHandler = null;
      handler.handle(null);
    }
  }

  @Override
  public boolean writeQueueFull() {
    return queued >= maxQueued;
  }

  @Override
  public ProcessInput setWriteQueueMaxSize(int maxSize) {
    maxQueued = maxSize;
    return this;
  }

  @Override
  public ProcessInput drainHandler(Handler<Void> handler) {
    drainHandler = handler;
    if (handler != null && (closed || queued <= maxQueued / 2)) {
      drain();
    }
    return this;
  }

  @Override
  public ProcessInput exceptionHandler(Handler<Throwable> handler) {
    // Writing cannot fail from the writer's point of view: a program that stops reading drops input.
    return this;
  }
}
