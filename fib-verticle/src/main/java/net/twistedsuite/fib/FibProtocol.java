package net.twistedsuite.fib;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.HalfClose;
import net.twistedsuite.common.InputEnd;
import net.twistedsuite.common.LineEnds;

/**
 * The wire protocol of one connection: each line the client sends (ended by LF or CRLF; its
 * content is ignored) is answered with the next number in decimal followed by CRLF, in order.
 * A line longer than the maximum (not counting its line end) gets one error line, then the
 * connection is closed; so does a partial line that already is, without waiting for its end.
 * When the client shuts down its sending side, the connection is closed once every line
 * received has been answered.
 *
 * <p>{@link #stop} (the server is stopping) answers no further line, so no further number is
 * taken; every number already taken is written, then the connection is closed gently
 * ({@link HalfClose#shutdownOutput}): the client reads its answers and the end of the stream,
 * never a reset that would make its kernel drop answers it has received.
 *
 * <p>Each line must be complete within the time limit of the one before (or of connecting): a
 * deadline for each request as a whole, which bytes trickling in do not extend. A client that
 * misses it gets one error line, then the connection is closed.
 *
 * <p>Flow control: while an answer is on its way or the socket's write queue is full, no further
 * line is read. A client that sends without reading therefore stops the server from reading
 * (TCP pushes back on it), instead of making the server compute and buffer answers.
 *
 * <p>Knows nothing of where the numbers come from, only that they arrive as futures. Confined to
 * the event loop of the context that calls {@link #serve}.
 */
public final class FibProtocol {

  private static final byte[] CRLF = {'\r', '\n'};
  /** The {@link #refusal} of a client that did not complete a line in time. */
  public static final String TIMED_OUT = "timed out";

  private final NetSocket socket;
  private final Supplier<Future<FibNumber>> numbers;
  private final int maxLineLength;
  private final RecordParser parser;
  private final Deadlines.Deadline deadline;
  /**
   * Closes once every line received has been answered (an unterminated last line is not a
   * request); closing flushes the answers first.
   */
  private final InputEnd inputEnd;
  private boolean held;
  private boolean awaitingNumber;
  private boolean stopping;
  private boolean closing;
  private String refusal;
  private long answers;
  private Future<Void> lastWrite = Future.succeededFuture();

  private FibProtocol(NetSocket socket, int maxLineLength, Deadlines lineDeadlines,
      Supplier<Future<FibNumber>> numbers) {
    this.socket = socket;
    this.numbers = numbers;
    this.maxLineLength = maxLineLength;
    this.deadline = lineDeadlines == null ? null : lineDeadlines.create(this::timedOut);
    this.inputEnd = new InputEnd(() -> !held && !closing && !stopping, () -> {
      closing = true;
      socket.close();
    });
    // Not attached to the socket as its stream: this class pauses and resumes the socket itself,
    // and the end of the client's input must not turn an unterminated last line into a request.
    this.parser = RecordParser.newDelimited("\n").maxRecordSize(maxLineLength);
    parser.handler(this::line);
    parser.exceptionHandler(e -> lineTooLong());
  }

  /**
   * Starts serving {@code socket}; the caller keeps the socket's close and exception handlers,
   * and calls {@link #closed} from its close handler. {@code lineDeadlines}: the time limit for
   * each line (null: none); this connection's runs on the caller's event loop.
   */
  public static FibProtocol serve(NetSocket socket, int maxLineLength, Deadlines lineDeadlines,
      Supplier<Future<FibNumber>> numbers) {
    FibProtocol protocol = new FibProtocol(socket, maxLineLength, lineDeadlines, numbers);
    socket.drainHandler(v -> protocol.release());
    socket.handler(protocol.parser);
    HalfClose.onInputEnd(socket, protocol::endOfInput);
    if (protocol.deadline != null) {
      protocol.deadline.arm();
    }
    return protocol;
  }

  /** The socket has closed: the line deadline stops. */
  public void closed() {
    if (deadline != null) {
      deadline.cancel();
    }
  }

  /** Numbers written to this connection so far. */
  public long answers() {
    return answers;
  }

  /** Why the server refused the client, or null if it did not. */
  public String refusal() {
    return refusal;
  }

  /** Whether the connection ended because the server stopped. */
  public boolean stopped() {
    return stopping && refusal == null;
  }

  /**
   * The server is stopping: answers no further line, writes the answers whose numbers were
   * already taken (one may still be on its way from the sequence), then shuts down the sending
   * side and closes once the client closes its own (the server's shutdown time limit closes it
   * otherwise). What the client sends meanwhile is read and dropped, so that closing does not
   * turn into a reset.
   */
  public void stop() {
    if (stopping || closing) {
      return;
    }
    stopping = true;
    closed();
    parser.pause();
    socket.handler(ignored -> { });
    socket.resume();
    if (!awaitingNumber) {
      finishStopping();
    }
  }

  private void finishStopping() {
    lastWrite.eventually(() -> HalfClose.shutdownOutput(socket)).onComplete(v -> {
      if (inputEnd.hasArrived()) {
        socket.close();
      }
    });
  }

  /** Whether the client shut down its sending side. */
  public boolean inputEnded() {
    return inputEnd.hasArrived();
  }


  private void line(Buffer line) {
    if (closing || stopping) {
      return;
    }
    int length = LineEnds.contentLength(line);
    if (length > maxLineLength) {
      // The parser only checks what it still holds after a read; a whole long line in one read
      // reaches this handler.
      lineTooLong();
      return;
    }
    if (deadline != null) {
      deadline.arm();
    }
    Future<FibNumber> next = numbers.get();
    if (next.isComplete()) {
      answer(next);
      if (!closing && socket.writeQueueFull()) {
        hold();
      }
    } else {
      awaitingNumber = true;
      hold();
      next.onComplete(result -> {
        awaitingNumber = false;
        answer(result);
        if (stopping) {
          finishStopping();
        } else {
          release();
        }
      });
    }
  }

  private void answer(AsyncResult<FibNumber> result) {
    if (closing) {
      return;
    }
    if (result.failed()) {
      refuse("error: service unavailable, try again later", "service unavailable");
      return;
    }
    lastWrite = socket.write(result.result().digits().appendBytes(CRLF));
    answers++;
  }

  /** Stops reading lines: the parser keeps what it holds, the socket stops reading. */
  private void hold() {
    held = true;
    parser.pause();
    socket.pause();
  }

  /** Reads on once nothing is pending and the client has taken enough of the output. */
  private void release() {
    if (!held || awaitingNumber || closing || socket.writeQueueFull()) {
      return;
    }
    held = false;
    parser.resume(); // answers lines it already holds, and may hold again
    if (!held && !closing) {
      socket.resume();
      inputEnd.resumed();
    }
  }

  private void endOfInput() {
    inputEnd.arrived();
    if (stopping && !awaitingNumber && lastWrite.isComplete()) {
      // The client has read the end of the answers, or is closing anyway.
      socket.close();
    }
  }

  private void lineTooLong() {
    if (held || closing) {
      // While held, the parser still holds whole lines that are not answered yet, and it counts
      // them against the limit; the check is made again after they are answered.
      return;
    }
    refuse("error: line too long (max " + maxLineLength + " bytes)", "line too long");
  }

  private void timedOut() {
    if (!closing && !stopping) {
      refuse("error: timed out waiting for a complete line", TIMED_OUT);
    }
  }

  private void refuse(String message, String reason) {
    closed();
    closing = true;
    refusal = reason;
    parser.pause();
    socket.pause();
    socket.write(Buffer.buffer((message + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    socket.close();
  }
}
