package net.twistedsuite.fib;

import java.nio.charset.StandardCharsets;

/** One number handed out: F(index), as ASCII decimal digits. */
public record FibNumber(long index, byte[] digits) {

  @Override
  public String toString() {
    return new String(digits, StandardCharsets.US_ASCII);
  }
}
