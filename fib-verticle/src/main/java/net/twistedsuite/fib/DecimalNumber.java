package net.twistedsuite.fib;

import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A non-negative whole number of any size kept as its ASCII decimal digits, most significant
 * first, right-aligned in a byte array. Rendering is then a plain copy, and addition works on
 * the digits themselves, eight at a time, so the n-th answer of the sequence costs O(n) with no
 * binary-to-decimal conversion (BigInteger's toString is super-linear, which matters at
 * hundreds of thousands of digits). Mutable so that the sequence can step without allocating;
 * not thread-safe.
 *
 * <p>Every byte in front of the digits is {@code '0'}: a shorter operand reads as zero-padded,
 * so addition needs no separate pass for the longer operand's head, and a carry out of the top
 * only moves the start one to the left.
 */
public final class DecimalNumber {

  /** Eight digits per word, big-endian so that the last digit is the word's lowest byte. */
  private static final VarHandle WORD =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int WORD_DIGITS = Long.BYTES;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long ZEROS = '0' * LOW_BITS;
  /** Per byte '0' + '0' + 0x96 == 0x100 - 10: a byte overflows when its digit sum reaches 10. */
  private static final long BIAS = 0x96 * LOW_BITS;
  private static final int NOT_CARRIED = 0xF6;
  /** Room left in front of a new number, so that it can grow a little before it is copied. */
  private static final int HEADROOM = 16;

  private byte[] digits;
  private int start;

  private DecimalNumber(byte[] digits, int start) {
    this.digits = digits;
    this.start = start;
  }

  public static DecimalNumber of(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    return parse(Long.toString(value));
  }

  public static DecimalNumber parse(CharSequence digits) {
    byte[] bytes = new byte[digits.length()];
    for (int i = 0; i < bytes.length; i++) {
      char c = digits.charAt(i);
      bytes[i] = c < 128 ? (byte) c : (byte) '?';
    }
    return parse(bytes, 0, bytes.length);
  }

  /**
   * Parses the ASCII digits in {@code bytes[from, to)}: at least one digit, no sign, no leading
   * zero (except for zero itself).
   */
  public static DecimalNumber parse(byte[] bytes, int from, int to) {
    int length = to - from;
    if (length <= 0) {
      throw new NumberFormatException("no digits");
    }
    if (bytes[from] == '0' && length > 1) {
      throw new NumberFormatException("leading zero");
    }
    for (int p = from; p < to; p++) {
      if (bytes[p] < '0' || bytes[p] > '9') {
        throw new NumberFormatException("not a digit at position " + (p - from));
      }
    }
    return new DecimalNumber(padded(bytes, from, length, length + HEADROOM), HEADROOM);
  }

  /** The digits {@code source[from, from + count)} right-aligned in a new array of '0's. */
  private static byte[] padded(byte[] source, int from, int count, int capacity) {
    byte[] out = new byte[capacity];
    Arrays.fill(out, 0, capacity - count, (byte) '0');
    System.arraycopy(source, from, out, capacity - count, count);
    return out;
  }

  /** this += other, in time linear in the longer operand. */
  public void add(DecimalNumber other) {
    int n = Math.max(digitCount(), other.digitCount());
    if (digits.length <= n) {
      // Grow geometrically: the sequence adds a digit every ~5 steps.
      int capacity = Math.max(n + 1, digits.length + (digits.length >> 1)) + HEADROOM;
      int count = digitCount();
      digits = padded(digits, start, count, capacity);
      start = capacity - count;
    }
    byte[] a = digits;
    byte[] b = other.digits;
    int endA = a.length;
    int endB = b.length;
    int words = Math.min(endA, endB) - WORD_DIGITS;
    long carry = 0;
    int k = 0; // digits done, from the right
    // Words may run past n into the zeros in front: their sums are zeros and at most the
    // carry, which then lands where a byte-by-byte carry would, and none leaves the last word.
    for (; k < n && k <= words; k += WORD_DIGITS) {
      long x = (long) WORD.get(a, endA - k - WORD_DIGITS);
      long y = (long) WORD.get(b, endB - k - WORD_DIGITS);
      // Each byte of x + y is at most '9' + '9', so the plain sum never carries between bytes;
      // with the bias a byte overflows into the next exactly when its decimal digit carries.
      long sum = x + y + BIAS + carry;
      // A byte that did not overflow is still biased (0xF6..0xFF, high bit set): unbias it.
      long notCarried = (sum >>> 7) & LOW_BITS;
      WORD.set(a, endA - k - WORD_DIGITS, (sum - notCarried * NOT_CARRIED) | ZEROS);
      carry = ~sum >>> 63;
    }
    for (; k < n; k++) {
      int y = k < endB ? b[endB - 1 - k] : '0';
      int sum = a[endA - 1 - k] + y - '0' + (int) carry;
      carry = sum > '9' ? 1 : 0;
      a[endA - 1 - k] = (byte) (sum - (int) carry * 10);
    }
    if (carry != 0) {
      a[endA - 1 - k] = '1';
    }
    start = a[endA - 1 - n] == '0' ? endA - n : endA - n - 1;
  }

  public DecimalNumber copy() {
    int count = digitCount();
    return new DecimalNumber(padded(digits, start, count, count + HEADROOM), HEADROOM);
  }

  /** Number of decimal digits (1 for zero). */
  public int digitCount() {
    return digits.length - start;
  }

  /** The decimal digits in ASCII, most significant first. */
  public byte[] toAscii() {
    return Arrays.copyOfRange(digits, start, digits.length);
  }

  /** Writes the {@link #digitCount()} ASCII digits into {@code out} from {@code offset}. */
  public void writeAscii(byte[] out, int offset) {
    System.arraycopy(digits, start, out, offset, digitCount());
  }

  /** Appends the {@link #digitCount()} ASCII digits to {@code out}. */
  public void appendTo(Buffer out) {
    out.appendBytes(digits, start, digitCount());
  }

  public int compareTo(DecimalNumber other) {
    int count = digitCount();
    if (count != other.digitCount()) {
      return Integer.compare(count, other.digitCount());
    }
    return Arrays.compare(digits, start, digits.length,
        other.digits, other.start, other.digits.length);
  }

  public boolean isZero() {
    return digitCount() == 1 && digits[start] == '0';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecimalNumber other && Arrays.equals(digits, start, digits.length,
        other.digits, other.start, other.digits.length);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = start; i < digits.length; i++) {
      h = 31 * h + digits[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return new String(digits, start, digitCount(), StandardCharsets.US_ASCII);
  }
}
