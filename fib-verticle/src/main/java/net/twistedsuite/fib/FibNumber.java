package net.twistedsuite.fib;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One number handed out: F(index), as ASCII decimal digits in a buffer of its own. The receiver
 * owns the buffer and may append to it: it has room for a line end of up to two bytes without
 * growing, so that ending the line costs no second copy of the digits.
 */
public record FibNumber(long index, Buffer digits) {

  private static final int LINE_END_ROOM = 2;

  /** F(index), rendered once into a buffer sized for it and a line end. */
  public static FibNumber of(long index, DecimalNumber value) {
    Buffer digits = Buffer.buffer(value.digitCount() + LINE_END_ROOM);
    value.appendTo(digits);
    return new FibNumber(index, digits);
  }

  @Override
  public String toString() {
    return digits.toString(StandardCharsets.US_ASCII);
  }
}
