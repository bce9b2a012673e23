package net.twistedsuite.weblog;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.twistedsuite.common.web.EventStream;
import net.twistedsuite.common.web.WebServer;

/**
 * weblog's live page: {@code /} is the page (from the jar), {@code /events} streams hits to it as
 * server-sent events, recent history first. Each browser has a bounded queue; one that falls behind
 * is disconnected and, reconnecting with the id of the last hit it got ({@code Last-Event-ID}),
 * resumes from the kept history without duplicates. Event-loop confined.
 */
final class WeblogWeb {

  private static final Buffer RESET = Buffer.buffer("event: reset\ndata: {}\n\n");
  private static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final WebHistory history;
  private final int maxQueuedBytes;
  private final Set<EventStream> streams = new LinkedHashSet<>();

  WeblogWeb(Vertx vertx, int historySize, int maxQueuedBytes) {
    this.vertx = vertx;
    this.history = new WebHistory(historySize, Long.toString(System.currentTimeMillis(), 36));
    this.maxQueuedBytes = maxQueuedBytes;
  }

  Router router() {
    Router router = WebServer.router(vertx, "weblog");
    router.get("/").handler(ctx -> ctx.reroute("/assets/weblog.html"));
    router.get("/events").handler(this::events);
    return router;
  }

  /** Keeps a batch of lines and sends it to every open page in one write each. */
  void publish(List<LogLine> lines) {
    long seen = System.currentTimeMillis();
    Buffer batch = Buffer.buffer();
    for (LogLine line : lines) {
      batch.appendBuffer(history.add(HitJson.of(line, seen).encode()));
    }
    for (EventStream stream : streams.toArray(new EventStream[0])) {
      stream.write(batch);
    }
  }

  /** Pages open now. */
  int streams() {
    return streams.size();
  }

  /** Ends every page's stream; open pages reconnect and resume where they were. */
  void closeStreams() {
    for (EventStream stream : streams.toArray(new EventStream[0])) {
      stream.close();
    }
    streams.clear();
  }

  private void events(RoutingContext ctx) {
    String last = ctx.request().getHeader("Last-Event-ID");
    WebHistory.Replay replay = history.after(last);
    EventStream stream = new EventStream(vertx, ctx.request(), maxQueuedBytes, RETRY_MS);
    Buffer first = Buffer.buffer();
    if (replay.reset()) {
      first.appendBuffer(RESET);
    }
    replay.events().forEach(first::appendBuffer);
    if (stream.write(first)) {
      streams.add(stream);
      stream.onClose(() -> streams.remove(stream));
    }
  }
}
