package net.twistedsuite.watch;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A response body read into memory up to {@code maxBytes} and until a deadline. Past either,
 * the body refuses more: {@link #refusal()} fails at once, the stream reports itself full for
 * good, so the web client pauses the response, and the response's connection is reset (see
 * {@link ResponseReset}). A failed write would not do: the client's pipe then resumes the
 * response and reads the rest of it to discard it, so a page that drips forever would hold its
 * connection forever.
 */
final class CappedBody implements BodyCodec<Buffer> {

  private final int maxBytes;
  private final long deadlineNanos;
  private final int timeoutMs;

  private final Promise<Void> refusal = Promise.promise();

  CappedBody(int maxBytes, long deadlineNanos, int timeoutMs) {
    this.maxBytes = maxBytes;
    this.deadlineNanos = deadlineNanos;
    this.timeoutMs = timeoutMs;
  }

  /** Called once when the body is refused, to drop the connection; set before the body arrives. */
  private Runnable onRefusal = () -> { };

  void onRefusal(Runnable action) {
    this.onRefusal = action;
  }

  /** Fails with a {@link PageProblem} once the body is refused; never completes otherwise. */
  Future<Void> refusal() {
    return refusal.future();
  }

  @Override
  public BodyStream<Buffer> stream() {
    return new Stream();
  }

  private final class Stream implements BodyStream<Buffer> {

    private final Promise<Buffer> result = Promise.promise();
    private final Buffer body = Buffer.buffer();
    private PageProblem refused;

    @Override
    public Future<Buffer> result() {
      return result.future();
    }

    @Override
    public void handle(Throwable failure) {
      result.tryFail(failure);
    }

    @Override
    public Future<Void> write(Buffer data) {
      if (refused == null && body.length() + (long) data.length() > maxBytes) {
        refused = new PageProblem("page larger than maxBodyBytes (" + maxBytes + " bytes); not read further");
      } else if (refused == null && System.nanoTime() - deadlineNanos > 0) {
        refused = new PageProblem("no complete page within " + timeoutMs + " ms");
      }
      if (refused != null) {
        result.tryFail(refused);
        if (refusal.tryFail(refused)) {
          onRefusal.run();
        }
        return Future.succeededFuture();
      }
      body.appendBuffer(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      result.tryComplete(body);
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return refused != null;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
