package net.twistedsuite.fib;

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
