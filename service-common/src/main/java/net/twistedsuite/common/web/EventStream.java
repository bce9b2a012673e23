package net.twistedsuite.common.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * One browser's server-sent event stream (text/event-stream). Its output queue is bounded: a
 * browser that leaves more than {@code maxQueuedBytes} unread is disconnected, and its
 * {@code EventSource} reconnects with the id of the last event it got. Event-loop confined.
 */
public final class EventStream {

  /** Comment sent while nothing else is, so proxies and the idle timeout see a live stream. */
  private static final long HEARTBEAT_MS = 15_000;
  private static final Buffer HEARTBEAT = Buffer.buffer(":\n\n");

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final long heartbeat;
  private boolean closed;

  public EventStream(Vertx vertx, HttpServerRequest request, int maxQueuedBytes, long retryMillis) {
    this.vertx = vertx;
    this.request = request;
    this.response = request.response();
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no")
        .setWriteQueueMaxSize(maxQueuedBytes);
    response.write("retry: " + retryMillis + "\n\n");
    heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> write(HEARTBEAT));
    response.closeHandler(v -> closed());
    response.exceptionHandler(e -> closed());
  }

  /** Runs {@code handler} once, when the browser has gone or the stream was closed. */
  public EventStream onClose(Runnable handler) {
    response.closeHandler(v -> {
      closed();
      handler.run();
    });
    return this;
  }

  /**
   * One event; {@code id} and {@code type} may be null. {@code data} must be one line (JSON is).
   * False if the stream is closed, or was closed now because the browser fell too far behind.
   */
  public boolean send(String id, String type, String data) {
    StringBuilder event = new StringBuilder(data.length() + 48);
    if (id != null) {
      event.append("id: ").append(id).append('\n');
    }
    if (type != null) {
      event.append("event: ").append(type).append('\n');
    }
    event.append("data: ").append(data).append("\n\n");
    return write(Buffer.buffer(event.toString()));
  }

  /** Several events already in wire form, written at once. */
  public boolean write(Buffer events) {
    if (closed) {
      return false;
    }
    response.write(events);
    if (response.writeQueueFull()) {
      close();
      return false;
    }
    return true;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Ends the stream; the browser reconnects on its own. */
  public void close() {
    if (!closed) {
      closed();
      request.connection().close();
    }
  }

  private void closed() {
    closed = true;
    vertx.cancelTimer(heartbeat);
  }
}
