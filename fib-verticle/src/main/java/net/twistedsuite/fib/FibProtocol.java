package net.twistedsuite.fib;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.HalfClose;

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
  private final Context context = Vertx.currentContext();
  private final RecordParser parser;
  private final Deadlines.Deadline deadline;
  private boolean held;
  /** Times reading was resumed after a hold; a check scheduled before the latest one is stale. */
  private long resumes;
  private boolean awaitingNumber;
  private boolean inputEnded;
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
      if (inputEnded) {
        socket.close();
      }
    });
  }

  /** Whether the client shut down its sending side. */
  public boolean inputEnded() {
    return inputEnded;
  }


  private void line(Buffer line) {
    if (closing || stopping) {
      return;
    }
    int length = line.length();
    if (length > 0 && line.getByte(length - 1) == '\r') {
      length--;
    }
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
      resumes++;
      socket.resume();
      if (inputEnded) {
        closeWhenAnswered();
      }
    }
  }

  private void endOfInput() {
    inputEnded = true;
    if (stopping) {
      // The client has read the end of the answers, or is closing anyway.
      if (!awaitingNumber && lastWrite.isComplete()) {
        socket.close();
      }
      return;
    }
    closeWhenAnswered();
  }

  /**
   * Closes once every line received has been answered (an unterminated last line is not a
   * request). What Vert.x queued while the socket was paused is handed over by a task that
   * resuming scheduled, so the check runs as a later task; a check that a later resume overtook
   * would run before that resume's hand-over, so it stands down and the resume checks again.
   * Closing flushes the answers first.
   */
  private void closeWhenAnswered() {
    long resumesBefore = resumes;
    context.runOnContext(v -> {
      if (resumes == resumesBefore && !held && !closing && !stopping) {
        closing = true;
        socket.close();
      }
    });
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
