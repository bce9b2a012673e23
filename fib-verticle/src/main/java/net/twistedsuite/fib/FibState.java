package net.twistedsuite.fib;

import java.math.BigInteger;

/**
 * A position in the sequence as it is stored: {@code current} is F(index), the last number
 * handed out, {@code previous} is F(index - 1), and every number up to F(reserved) may already
 * have been handed out. A clean stop stores {@code reserved == index}; while serving,
 * {@code reserved} runs ahead by up to one block so that an fsync is not paid per answer.
 * The numbers are held as given, not copied: treat them as read-only.
 */
public record FibState(long index, long reserved, DecimalNumber previous, DecimalNumber current) {

  /** Before the first answer: F(1) = F(2) = 1, so the first number handed out is F(3) = 2. */
  public static FibState initial() {
    return new FibState(2, 2, DecimalNumber.of(1), DecimalNumber.of(1));
  }

  /**
   * The state of a service cleanly stopped after handing out F(index), computed by fast doubling
   * rather than by walking the sequence: for starting a service far along, as benchmarks do.
   */
  public static FibState at(long index) {
    if (index < 2) {
      throw new IllegalArgumentException("index must be at least 2, got " + index);
    }
    BigInteger a = BigInteger.ZERO; // F(k)
    BigInteger b = BigInteger.ONE; // F(k + 1)
    long n = index - 1;
    for (int bit = 63 - Long.numberOfLeadingZeros(n); bit >= 0; bit--) {
      BigInteger c = a.multiply(b.shiftLeft(1).subtract(a)); // F(2k)
      BigInteger d = a.multiply(a).add(b.multiply(b)); // F(2k + 1)
      if (((n >>> bit) & 1) == 0) {
        a = c;
        b = d;
      } else {
        a = d;
        b = c.add(d);
      }
    }
    return new FibState(index, index, DecimalNumber.parse(a.toString()), DecimalNumber.parse(b.toString()));
  }

  public FibState {
    if (index < 2) {
      throw new IllegalArgumentException("index must be at least 2, got " + index);
    }
    if (reserved < index) {
      throw new IllegalArgumentException("reserved " + reserved + " is below index " + index);
    }
    if (previous.isZero() || previous.compareTo(current) > 0) {
      throw new IllegalArgumentException("previous must be between 1 and current");
    }
  }

  /**
   * The state after everything reserved is treated as handed out: after a crash, numbers up
   * to F(reserved) may have reached clients, so serving resumes after them. Costs one addition
   * per skipped number.
   */
  public FibState skipReserved() {
    DecimalNumber a = previous.copy();
    DecimalNumber b = current.copy();
    for (long i = index; i < reserved; i++) {
      a.add(b);
      DecimalNumber t = a;
      a = b;
      b = t;
    }
    return new FibState(reserved, reserved, a, b);
  }
}
