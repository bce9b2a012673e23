package net.twistedsuite.exec;

import io.vertx.core.buffer.Buffer;

/**
 * The wire form of a program's standard error: every line goes to the client prefixed with
 * {@code "! "}, as the tutorial's {@code errReceived} marks it, so that a reader tells it from
 * standard output. Lines are passed on whole, with the program's own line end, so that a line of
 * standard output arriving at the same moment never lands inside one. A line longer than
 * {@link #MAX_LINE} bytes is passed on in pieces of that size, each its own {@code "! "} line:
 * holding it whole would let a program make the server buffer without bound. The last line, if
 * the program ended it without a line end, gets {@code "\n"}.
 *
 * <p>Not thread-safe: fed from one context.
 */
final class ErrorLines {

  static final int MAX_LINE = 8192;
  private static final byte[] PREFIX = {'!', ' '};

  private final byte[] partial = new byte[MAX_LINE];
  private int partialLength;
  private long lines;

  /** The complete lines in {@code data} (after what was held from before), ready for the client. */
  Buffer feed(Buffer data) {
    Buffer out = Buffer.buffer(data.length() + 16);
    int length = data.length();
    for (int i = 0; i < length; i++) {
      byte b = data.getByte(i);
      partial[partialLength++] = b;
      if (b == '\n' || partialLength == MAX_LINE) {
        emit(out, b != '\n');
      }
    }
    return out;
  }

  /** What is held of an unfinished last line, with a line end; empty if nothing is held. */
  Buffer end() {
    Buffer out = Buffer.buffer();
    if (partialLength > 0) {
      emit(out, true);
    }
    return out;
  }

  /** How many lines were passed on so far. */
  long lines() {
    return lines;
  }

  private void emit(Buffer out, boolean addLineEnd) {
    out.appendBytes(PREFIX).appendBytes(partial, 0, partialLength);
    if (addLineEnd) {
      out.appendByte((byte) '\n');
    }
    partialLength = 0;
    lines++;
  }
}
