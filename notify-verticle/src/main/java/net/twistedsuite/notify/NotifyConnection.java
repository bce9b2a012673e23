package net.twistedsuite.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.HalfClose;
import net.twistedsuite.common.InputEnd;
import net.twistedsuite.common.LineEnds;
import net.twistedsuite.common.VertxInternals;
import net.twistedsuite.notify.client.NotifyWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client: reads its request lines, answers them in order through the {@link NotifyService},
 * and while it is in notification mode writes each notification it is handed.
 *
 * <p>What a client can make the server hold is bounded. Reading stops while the client leaves
 * answers unread, so pipelined requests wait in the client's socket, not here. Notifications for a
 * client that does not read are not queued: they coalesce into at most one pending notification
 * of each kind, written when the client reads again; a client that leaves them pending for
 * slowReaderTimeoutSeconds is disconnected with a line saying so. Outside notification mode, a
 * client silent for idleTimeoutSeconds is disconnected.
 */
final class NotifyConnection {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyConnection.class);
  private static final Buffer[] NOTIFICATIONS = new Buffer[NotifyWire.Kind.values().length];

  static {
    for (NotifyWire.Kind kind : NotifyWire.Kind.values()) {
      NOTIFICATIONS[kind.ordinal()] = Buffer.buffer(kind.line() + "\r\n");
    }
  }

  /** How a connection ended. */
  enum Ending {
    /** The client closed it, or half-closed and had its answers. */
    CLOSED,
    /** Silent outside notification mode for idleTimeoutSeconds. */
    IDLE,
    /** Left its notifications unread for slowReaderTimeoutSeconds. */
    SLOW,
    /** Sent a line longer than maxLineLength. */
    LINE_TOO_LONG,
    /** The server stopped. */
    SHUTDOWN,
    /** The connection failed (reset, for example). */
    FAILED
  }

  /** What became of one notification for one subscriber. */
  enum Delivery {
    /** Written to the client. */
    SENT,
    /** The client lagged and one of its kind was already pending: folded into that one. */
    COALESCED
  }

  /** What the connection needs from the server around it. */
  interface Hub {
    void subscribe(NotifyConnection connection);

    void unsubscribe(NotifyConnection connection);

    /** One notification was written or coalesced; counts, nothing else. */
    void delivered(Delivery delivery);

    void closed(NotifyConnection connection);
  }

  /** How long a refused client has to take its last line before the socket is closed anyway. */
  static final long CLOSE_GRACE_MS = 5000;

  private final Vertx vertx;
  private final NetSocket socket;
  private final String remote;
  private final NotifyService service;
  private final NotifyOptions options;
  private final Hub hub;
  private final Deadlines.Deadline idle;
  private final Deadlines.Deadline slow;
  private final RecordParser parser;
  private final Deque<Future<String>> answers = new ArrayDeque<>();
  private final Deque<Buffer> unread = new ArrayDeque<>();
  private final Set<NotifyWire.Kind> waiting = EnumSet.noneOf(NotifyWire.Kind.class);
  private final long openedNanos = System.nanoTime();
  private boolean subscribed;
  /** The client has half-closed: the connection ends once what it sent before is answered. */
  private final InputEnd inputEnd;
  private boolean paused;
  private boolean closed;
  private String outcome = "closed by the client";
  private Ending endedAs = Ending.CLOSED;
  private long requests;
  private long refused;
  private long notificationsSent;
  private long coalesced;

  /** How the connection ended (so far: closed by the client). */
  Ending endedAs() {
    return endedAs;
  }

  /** The client's socket, for the server's accounting. */
  NetSocket socket() {
    return socket;
  }

  NotifyConnection(Vertx vertx, NetSocket socket, NotifyService service, NotifyOptions options, Hub hub,
      Deadlines idleDeadlines, Deadlines slowDeadlines) {
    this.vertx = vertx;
    this.socket = socket;
    this.remote = String.valueOf(socket.remoteAddress());
    this.service = service;
    this.options = options;
    this.hub = hub;
    this.idle = idleDeadlines.create(() -> refuse("idle for " + options.idleTimeoutSeconds() + " s, closing",
        "idle for " + options.idleTimeoutSeconds() + " s", Ending.IDLE));
    this.slow = slowDeadlines.create(() -> refuse("too far behind on notifications, closing",
        "dropped: left its notifications unread for " + options.slowReaderTimeoutSeconds() + " s", Ending.SLOW));
    this.parser = RecordParser.newDelimited("\n", this::line);
    // + 1: the CR of a CRLF line end is part of the record.
    parser.maxRecordSize(options.maxLineLength() + 1);
    parser.exceptionHandler(e -> refuse("line too long (maxLineLength " + options.maxLineLength() + " bytes), closing",
        "sent a line longer than " + options.maxLineLength() + " bytes", Ending.LINE_TOO_LONG));
    this.inputEnd = new InputEnd(() -> !paused && !closed && answers.isEmpty() && unread.isEmpty(), () -> {
      outcome = "closed by the client";
      socket.end();
    });
  }

  void open() {
    socket.handler(parser);
    // Answers to what a client sent before it half-closed (nc -N) are still delivered.
    HalfClose.onInputEnd(socket, inputEnd::arrived);
    socket.drainHandler(v -> drained());
    socket.exceptionHandler(e -> {
      outcome = "failed: " + e.getMessage();
      endedAs = Ending.FAILED;
    });
    socket.closeHandler(v -> closed());
    idle.arm();
  }

  /** A new value of {@code kind} was announced; written now, or coalesced while the client lags. */
  void notifyOf(NotifyWire.Kind kind) {
    if (!subscribed || closed) {
      return;
    }
    if (socket.writeQueueFull()) {
      if (!waiting.add(kind)) {
        coalesced++;
        hub.delivered(Delivery.COALESCED);
      }
      if (!slow.isArmed()) {
        slow.arm();
      }
      return;
    }
    notificationsSent++;
    hub.delivered(Delivery.SENT);
    socket.write(NOTIFICATIONS[kind.ordinal()]);
  }

  /** Ends the connection because the server stops. */
  void shutdown() {
    refuse("the server is shutting down", "closed: the server is shutting down", Ending.SHUTDOWN);
  }

  private void line(Buffer record) {
    if (closed) {
      return;
    }
    if (paused) {
      // The client is not taking its answers: keep its requests as they came (no bigger than
      // what was read) rather than answers that can be much bigger.
      unread.add(record);
      return;
    }
    requests++;
    int length = LineEnds.contentLength(record);
    String text = record.getString(0, length, StandardCharsets.ISO_8859_1.name());
    NotifyRequest request = NotifyRequest.parse(text);
    if (!subscribed) {
      idle.arm();
    }
    if (request == null) {
      refused++;
      answers.add(Future.failedFuture(text.isBlank() ? "empty request (requests: " + NotifyWire.REQUESTS + ")"
          : "unknown request '" + printable(text) + "' (requests: " + NotifyWire.REQUESTS + ")"));
    } else {
      switch (request) {
        case CLASSIFIED -> answers.add(service.newestClassified());
        case RANDOM -> answers.add(service.currentRandom());
        case NOTIF -> subscribe();
        case STOP_NOTIF -> unsubscribe();
        default -> throw new IllegalStateException(request.name());
      }
    }
    Future<String> last = answers.peekLast();
    if (last != null && !last.isComplete()) {
      last.onComplete(ar -> flushAnswers());
    }
    flushAnswers();
  }

  private void subscribe() {
    if (!subscribed) {
      subscribed = true;
      idle.cancel();
      hub.subscribe(this);
    }
  }

  private void unsubscribe() {
    if (subscribed) {
      subscribed = false;
      waiting.clear();
      slow.cancel();
      hub.unsubscribe(this);
      idle.arm();
    }
  }

  /** Writes the answers that are ready, in the order of the requests. */
  private void flushAnswers() {
    while (!answers.isEmpty() && answers.peek().isComplete() && !closed) {
      Future<String> answer = answers.poll();
      String line = answer.succeeded() ? answer.result()
          : NotifyWire.ERROR_PREFIX + answer.cause().getMessage();
      socket.write(line + "\r\n");
    }
    if (closed) {
      return;
    }
    if (inputEnd.hasArrived() && answers.isEmpty()) {
      inputEnd.check();
    } else if (!paused && socket.writeQueueFull()) {
      // Only the socket: the parser would count the lines it holds while paused as one long line.
      // The lines it still passes on from the last read wait in unread.
      paused = true;
      socket.pause();
    }
  }

  private void drained() {
    for (NotifyWire.Kind kind : waiting) {
      notificationsSent++;
      hub.delivered(Delivery.SENT);
      socket.write(NOTIFICATIONS[kind.ordinal()]);
    }
    waiting.clear();
    slow.cancel();
    if (paused && !socket.writeQueueFull()) {
      paused = false;
      while (!paused && !unread.isEmpty() && !closed) {
        line(unread.poll());
      }
      if (!paused && !closed) {
        socket.resume();
        inputEnd.resumed();
      }
    }
  }

  /**
   * Ends the connection with one line saying why. The line waits behind what the client has not
   * read yet, so the socket is closed once it is written, or after {@value #CLOSE_GRACE_MS} ms at
   * the latest, dropping what the client left unread (a plain close would wait for it to be
   * written, forever for a client that never reads). Meanwhile input is read and dropped: closing
   * with unread input would make the system reset the connection, and the client would lose the
   * line.
   */
  private void refuse(String line, String why, Ending end) {
    if (closed) {
      return;
    }
    outcome = why;
    endedAs = end;
    answers.clear();
    unread.clear();
    closedState();
    socket.handler(ignored -> { });
    socket.resume();
    long timer = vertx.setTimer(CLOSE_GRACE_MS, id -> VertxInternals.forceClose(socket));
    socket.write(NotifyWire.ERROR_PREFIX + line + "\r\n").onComplete(ar -> {
      vertx.cancelTimer(timer);
      socket.close();
    });
  }

  private void closed() {
    closedState();
    long ms = (System.nanoTime() - openedNanos) / 1_000_000;
    LOG.atInfo().addKeyValue("event", "connection").addKeyValue("client", remote)
        .addKeyValue("outcome", NotifyMetrics.label(endedAs)).addKeyValue("duration_ms", ms)
        .log("{} {}: {} request(s), {} refused, {} notification(s) sent, {} coalesced, {} ms", remote, outcome,
            requests, refused, notificationsSent, coalesced, ms);
    hub.closed(this);
  }

  private void closedState() {
    if (!closed) {
      closed = true;
      idle.cancel();
      slow.cancel();
      if (subscribed) {
        subscribed = false;
        hub.unsubscribe(this);
      }
    }
  }

  /** A request shown back to its sender: printable ASCII only, and not too long. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 40; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return text.length() > 40 ? out + "..." : out.toString();
  }
}
