package net.twistedsuite.weblog;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.VertxInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's stream: {@code <hits>}, then every hit offered to it, then {@code </hits>} when the
 * server stops. Hits wait in a batch until {@link #flush}; a line from the client flushes at once,
 * or answers {@code <none/>} when nothing is waiting.
 *
 * <p>What the client has not read yet (the batch plus what the socket has not written) is bounded
 * by maxQueuedBytes: a client that would go past it is disconnected, so it costs neither memory
 * nor the other clients' time.
 *
 * <p>Confined to the connection's event loop. Hits come numbered ({@link HitHistory}); the
 * connection takes each number once, so a batch that was already handed to its loop when the
 * client joined, and is also in its replay, is not sent twice. A request takes what the service
 * has read from the history, so it is answered as on one loop even while a batch is still on its
 * way to this one.
 */
final class WeblogConnection {

  private static final Logger LOG = LoggerFactory.getLogger(WeblogConnection.class);

  private final Vertx vertx;
  private final NetSocket socket;
  private final int maxQueuedBytes;
  private final String peer;
  private final long openedAt = System.nanoTime();
  private final Promise<Void> closed = Promise.promise();
  private Buffer batch = Buffer.buffer();
  private int queued;
  private int batched;
  private long hits;
  /** The number of the next hit this client is to get. */
  private long next;
  private boolean finishing;
  private boolean dropped;
  private String outcome = "closed by the client";
  private Promise<Void> drained;
  private final WeblogMetrics metrics;
  private final HitHistory history;

  WeblogConnection(Vertx vertx, NetSocket socket, int maxQueuedBytes, WeblogMetrics metrics, HitHistory history) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.history = history;
    this.socket = socket;
    this.maxQueuedBytes = maxQueuedBytes;
    this.peer = String.valueOf(socket.remoteAddress());
  }

  /** Starts the stream with the last {@code replay} hits; {@code onClose} runs once the socket is closed. */
  void open(int replay, Handler<WeblogConnection> onClose) {
    socket.handler(this::received);
    socket.exceptionHandler(e -> LOG.debug("client {}: {}", peer, e.toString()));
    socket.closeHandler(v -> {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt);
      (dropped ? LOG.atWarn() : LOG.atInfo())
          .addKeyValue("event", "stream").addKeyValue("client", peer)
          .addKeyValue("outcome", dropped ? "dropped" : finishing ? "server_stopped" : "client_closed")
          .addKeyValue("duration_ms", millis).addKeyValue("hits", hits)
          .log("client {} {}: {} hits sent in {} s", peer, outcome, hits, millis / 1000);
      closed.complete();
      signalDrained();
      onClose.handle(this);
    });
    LOG.debug("client {} connected", peer);
    write(HitXml.OPEN);
    HitHistory.Batch replayed = history.last(replay);
    next = replayed.first();
    offer(replayed);
    flush();
  }

  /** Adds the hits of {@code batch} this client has not had yet to what it is sent next. */
  void offer(HitHistory.Batch batch) {
    List<Buffer> hits = batch.hits();
    for (int i = (int) Math.min(hits.size(), Math.max(0, next - batch.first())); i < hits.size(); i++) {
      offer(hits.get(i));
    }
    next = Math.max(next, batch.end());
  }

  /** Adds a hit to the batch, or disconnects the client if it has fallen too far behind. */
  private void offer(Buffer element) {
    if (finishing) {
      return;
    }
    int unread = queued + batch.length();
    if (unread > 0 && unread + element.length() > maxQueuedBytes) {
      drop(unread);
      return;
    }
    batch.appendBuffer(element);
    batched++;
    if (batch.length() >= maxQueuedBytes / 2) {
      flush(); // a batch that large goes out now rather than costing the client its connection
    }
  }

  /** Sends the batch. */
  void flush() {
    if (!finishing && batch.length() > 0) {
      Buffer out = batch;
      batch = Buffer.buffer();
      hits += batched;
      metrics.hitsSent(batched);
      batched = 0;
      write(out);
    }
  }

  /** Completes once the socket has written out at least half of what it held, or is closed. */
  Future<Void> whenDrained() {
    if (queued <= maxQueuedBytes / 2 || closed.future().isComplete()) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  /**
   * Sends what is batched and {@code </hits>}, then closes; a client that does not take it within
   * {@code graceMs} is cut off. Completes when the connection is closed.
   */
  Future<Void> finish(long graceMs) {
    if (!finishing) {
      flush();
      finishing = true;
      outcome = "closed at server shutdown";
      write(HitXml.CLOSE);
      socket.close();
      long timer = vertx.setTimer(graceMs, id -> forceClose());
      closed.future().onComplete(ar -> vertx.cancelTimer(timer));
    }
    return closed.future();
  }

  /** Each newline the client sends is a request for the hits it has not received yet. */
  private void received(Buffer data) {
    for (int i = 0; i < data.length() && !finishing; i++) {
      if (data.getByte(i) == '\n') {
        HitHistory.Batch read = history.since(next);
        if (read != null) {
          offer(read);
          if (finishing) {
            return; // it had left too much unread
          }
        }
        if (batch.length() > 0) {
          flush();
        } else if (queued > 0 && queued + HitXml.NONE.length() > maxQueuedBytes) {
          drop(queued);
        } else {
          write(HitXml.NONE);
        }
      }
    }
  }

  private void write(Buffer out) {
    int length = out.length();
    queued += length;
    socket.write(out).onComplete(ar -> {
      queued -= length;
      if (queued <= maxQueuedBytes / 2) {
        signalDrained();
      }
    });
  }

  private void signalDrained() {
    if (drained != null) {
      Promise<Void> p = drained;
      drained = null;
      p.tryComplete();
    }
  }

  private void drop(int unread) {
    finishing = true;
    dropped = true;
    metrics.clientDropped();
    batch = Buffer.buffer();
    batched = 0;
    outcome = "dropped: " + unread + " bytes unread, over maxQueuedBytes " + maxQueuedBytes;
    forceClose();
  }

  /**
   * Closes the connection at once. {@code NetSocket.close()} first waits for everything queued to
   * be written, which never happens for a client that does not read.
   */
  private void forceClose() {
    VertxInternals.forceClose(socket);
  }
}
