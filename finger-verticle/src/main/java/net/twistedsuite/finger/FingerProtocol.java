package net.twistedsuite.finger;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.HalfClose;
import net.twistedsuite.common.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finger wire protocol (RFC 1288 section 2) and nothing else: read one query line, ask the
 * {@link FingerService}, write the answer as printable ASCII with CRLF line endings, close.
 *
 * <p>It also guards the server against its clients: the line is read by a {@link RecordParser}
 * capped at the line limit (a longer line is refused, never buffered), a client has
 * {@code idleTimeoutSeconds} to send its line and again to take its answer, and connections
 * beyond {@code maxConnections} (or {@code maxConnectionsPerAddress} from one address) are
 * refused at once, logged by the {@link ConnectionGate} rather than one line each. The deadlines are this handler's own
 * rather than the server's idle timeout so that any server it is handed to (the finger server,
 * the proxy) gets them, and so that the log can say which one ended a connection.
 *
 * <p>One instance serves a server, or the servers of one port on several event loops at once
 * (the TLS listener's too): they share its connection gate, so the limits hold across loops.
 * Vert.x calls it on the loop that accepted the connection, and everything of a connection
 * (its deadline, the service's answer, the write) stays on that loop. Each connection is logged
 * once, when it closes, on its loop's thread, and its {@link Outcome} handed to the
 * {@link Listener} (the service's metrics), which must therefore be safe across threads.
 */
public final class FingerProtocol implements Handler<NetSocket> {

  static final String TOO_MANY_CONNECTIONS = "Too many connections";
  static final String TOO_MANY_FROM_ADDRESS = "Too many connections from your address";
  static final String INTERNAL_ERROR = "Internal error in server";
  static final String LINE_TOO_LONG = "Query line too long";
  static final String TIMED_OUT = "Timed out waiting for a query";

  private static final Logger LOG = LoggerFactory.getLogger(FingerProtocol.class);
  private static final Handler<Buffer> DISCARD = b -> { };

  /** How a connection ended, in the few words a metric may use; the log line says it in full. */
  public enum Outcome {
    ANSWERED, NO_SUCH_USER,
    /** Turned away: a list or forwarding the server denies, or too many connections. */
    REFUSED,
    /** Not a query: invalid, or longer than the line limit. */
    BAD_QUERY, TIMED_OUT, INTERNAL_ERROR,
    /** The client left before sending its query. */
    ABANDONED;

    /** The label value: {@code no_such_user}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Told of each connection once it has closed, on the connection's event loop. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = (outcome, nanos) -> { };

    void finished(Outcome outcome, long nanos);
  }

  private final FingerService service;
  private final Listener listener;
  private final int maxLineLength;
  private final long timeoutMillis;
  private final ClientLimits limits;
  /** Made by the first connection, which brings the Vert.x instance; then read by every loop. */
  private volatile Door door;

  /** What all connections share: the limits and the deadlines (each connection's on its loop). */
  private record Door(ConnectionGate gate, Deadlines deadlines) {
  }

  public FingerProtocol(FingerService service, ClientLimits limits) {
    this(service, limits, Listener.NONE);
  }

  public FingerProtocol(FingerService service, ClientLimits limits, Listener listener) {
    this.service = service;
    this.listener = listener;
    this.limits = limits;
    this.maxLineLength = limits.maxLineLength();
    this.timeoutMillis = TimeUnit.SECONDS.toMillis(limits.idleTimeoutSeconds());
  }

  @Override
  public void handle(NetSocket socket) {
    Context context = Vertx.currentContext();
    new Connection(socket, context, door(context.owner())).start();
  }

  private Door door(Vertx vertx) {
    Door shared = door;
    if (shared == null) {
      synchronized (this) {
        shared = door;
        if (shared == null) {
          shared = new Door(new ConnectionGate(vertx, limits, LOG), new Deadlines(vertx, timeoutMillis));
          door = shared;
        }
      }
    }
    return shared;
  }

  /** Connections open right now. */
  public int openConnections() {
    Door shared = door;
    return shared == null ? 0 : shared.gate().open();
  }

  /** Logs the refusals not summarised yet; call it once the server has stopped accepting. */
  public void close() {
    Door shared = door;
    if (shared != null) {
      shared.gate().close();
    }
  }

  private enum State { READING, ANSWERING, WRITING, CLOSED }

  /** One client, from accept to close. Confined to the event loop that accepted it. */
  private final class Connection {

    private final NetSocket socket;
    private final Context context;
    private final ConnectionGate gate;
    private final long started = System.nanoTime();
    private final String client;
    private State state = State.READING;
    private boolean counted;
    private long received;
    private final Deadlines.Deadline deadline;
    private String query = "-";
    /** The line as sent, for JSON logs (which escape it themselves); null before one arrives. */
    private String rawQuery;
    private String outcome = "closed by client before a query";
    private Outcome ending = Outcome.ABANDONED;
    private String socketError;

    Connection(NetSocket socket, Context context, Door door) {
      this.socket = socket;
      this.context = context;
      this.gate = door.gate();
      this.deadline = door.deadlines().create(this::timedOut);
      this.client = String.valueOf(socket.remoteAddress());
    }

    void start() {
      socket.closeHandler(v -> closed());
      socket.exceptionHandler(e -> socketError = ServiceLauncher.oneLine(e));
      switch (gate.admit(socket)) {
        case ADMITTED -> counted = true;
        case SERVER_FULL -> {
          refuse(TOO_MANY_CONNECTIONS);
          return;
        }
        case ADDRESS_FULL -> {
          refuse(TOO_MANY_FROM_ADDRESS);
          return;
        }
      }
      // The parser's cap leaves room for the CR (or telnet's CR NUL) of a full-length line
      // still waiting for its LF.
      RecordParser parser = RecordParser.newDelimited("\n", this::line).maxRecordSize(maxLineLength + 2);
      parser.exceptionHandler(e -> tooLong());
      socket.handler(data -> {
        received += data.length();
        parser.handle(data);
      });
      HalfClose.onInputEnd(socket, () -> {
        // A client that half-closes after an unterminated query (printf user | nc -N) meant it.
        if (state == State.READING && received > 0) {
          parser.handle(Buffer.buffer("\n"));
        } else if (state == State.READING) {
          socket.close();
        }
      });
      deadline.arm();
    }

    private void line(Buffer record) {
      if (state != State.READING) {
        return;
      }
      int length = record.length();
      // CR before the LF ends the line too; telnet (RFC 854) may send a CR as CR NUL.
      while (length > 0 && (record.getByte(length - 1) == '\r' || record.getByte(length - 1) == 0)) {
        length--;
      }
      if (length > maxLineLength) {
        tooLong();
        return;
      }
      String raw = record.getString(0, length, StandardCharsets.ISO_8859_1.name());
      rawQuery = raw;
      state = State.ANSWERING;
      outcome = "closed by client before its answer";
      deadline.cancel();
      socket.handler(DISCARD);
      FingerQuery parsed;
      try {
        parsed = FingerQuery.parse(raw);
      } catch (FingerQuery.InvalidQueryException e) {
        query = WireText.forLog(raw);
        reply(e.getMessage(), "invalid query", Outcome.BAD_QUERY);
        return;
      }
      query = WireText.forLog(parsed.toString());
      Future<String> answer;
      try {
        answer = service.answer(parsed);
      } catch (RuntimeException e) {
        answer = Future.failedFuture(e);
      }
      if (answer == null) {
        answer = Future.failedFuture(new IllegalStateException("service returned no answer"));
      }
      answer.onComplete(result -> {
        if (Vertx.currentContext() == context) {
          answered(result);
        } else {
          context.runOnContext(v -> answered(result));
        }
      });
    }

    private void answered(AsyncResult<String> result) {
      if (state == State.CLOSED) {
        return;
      }
      if (result.succeeded() && result.result() != null) {
        reply(result.result(), "answered", outcomeOf(result.result()));
      } else {
        Throwable cause = result.failed() ? result.cause() : new IllegalStateException("null answer");
        reply(INTERNAL_ERROR, "lookup failed: " + ServiceLauncher.oneLine(cause), Outcome.INTERNAL_ERROR);
      }
    }

    private static Outcome outcomeOf(String answer) {
      return switch (answer) {
        case FingerService.NO_SUCH_USER -> Outcome.NO_SUCH_USER;
        case FingerService.FORWARDING_DENIED, FingerService.LIST_DENIED -> Outcome.REFUSED;
        default -> Outcome.ANSWERED;
      };
    }

    private void tooLong() {
      if (state != State.READING) {
        return;
      }
      query = "(over " + maxLineLength + " bytes)";
      reply(LINE_TOO_LONG + " (limit " + maxLineLength + " bytes)", "refused: line too long", Outcome.BAD_QUERY);
    }

    private void timedOut() {
      if (state == State.READING) {
        reply(TIMED_OUT, "idle timeout: no query within " + timeoutMillis / 1000 + " s", Outcome.TIMED_OUT);
      } else if (state == State.WRITING) {
        outcome += " (client did not take the answer within " + timeoutMillis / 1000 + " s)";
        socket.close();
      }
    }

    /** Refused at the door: the gate has logged it, so closing does not log it again. */
    private void refuse(String text) {
      state = State.CLOSED;
      socket.handler(DISCARD);
      socket.end(WireText.toWire(text));
    }

    /** Writes the whole answer and closes; the write deadline covers clients that stop reading. */
    private void reply(String text, String result, Outcome kind) {
      deadline.cancel();
      ending = kind;
      state = State.WRITING;
      outcome = result;
      socket.handler(DISCARD);
      Buffer wire = WireText.toWire(text);
      outcome += ", " + wire.length() + " bytes";
      socket.end(wire);
      if (state == State.WRITING) {
        deadline.arm();
      }
    }

    private void closed() {
      if (!counted) {
        if (state == State.CLOSED) {
          listener.finished(Outcome.REFUSED, System.nanoTime() - started);
        }
        return;
      }
      State before = state;
      state = State.CLOSED;
      deadline.cancel();
      gate.release(socket);
      long nanos = System.nanoTime() - started;
      listener.finished(ending, nanos);
      long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
      String error = socketError == null || before == State.WRITING ? "" : " (" + socketError + ")";
      (ending == Outcome.INTERNAL_ERROR ? LOG.atWarn() : LOG.atInfo())
          .setMessage("{} {} {}{} in {} ms").addArgument(client).addArgument(query).addArgument(outcome)
          .addArgument(error).addArgument(ms)
          .addKeyValue("event", "query").addKeyValue("client", client)
          .addKeyValue("outcome", ending.label()).addKeyValue("duration_ms", ms)
          .addKeyValue("query", rawQuery)
          .log();
    }
  }
}
