package net.twistedsuite.fib;

import java.util.Arrays;

/**
 * A non-negative whole number of any size kept in decimal: little-endian limbs of nine decimal
 * digits each (base 10^9). Addition and rendering to ASCII are both linear in the number of
 * digits, so the n-th answer of the sequence costs O(n) with no binary-to-decimal conversion
 * (BigInteger's toString is super-linear, which matters at hundreds of thousands of digits).
 * Mutable so that the sequence can step without allocating; not thread-safe.
 */
public final class DecimalNumber {

  static final int BASE = 1_000_000_000;
  static final int LIMB_DIGITS = 9;

  private static final byte[] TENS = new byte[100];
  private static final byte[] ONES = new byte[100];

  static {
    for (int i = 0; i < 100; i++) {
      TENS[i] = (byte) ('0' + i / 10);
      ONES[i] = (byte) ('0' + i % 10);
    }
  }

  private int[] limbs;
  private int size;

  private DecimalNumber(int[] limbs, int size) {
    this.limbs = limbs;
    this.size = size;
  }

  public static DecimalNumber of(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    int[] limbs = new int[3];
    int size = 0;
    do {
      limbs[size++] = (int) (value % BASE);
      value /= BASE;
    } while (value != 0);
    return new DecimalNumber(limbs, size);
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
    int size = (length + LIMB_DIGITS - 1) / LIMB_DIGITS;
    int[] limbs = new int[size + 1];
    int end = to;
    for (int i = 0; i < size; i++) {
      int start = Math.max(from, end - LIMB_DIGITS);
      int limb = 0;
      for (int p = start; p < end; p++) {
        int d = bytes[p] - '0';
        if (d < 0 || d > 9) {
          throw new NumberFormatException("not a digit at position " + (p - from));
        }
        limb = limb * 10 + d;
      }
      limbs[i] = limb;
      end = start;
    }
    return new DecimalNumber(limbs, size);
  }

  /** this += other, in time linear in the longer operand. */
  public void add(DecimalNumber other) {
    int n = Math.max(size, other.size);
    if (limbs.length < n + 1) {
      // Grow geometrically: the sequence adds a digit every ~5 steps, a limb every ~43.
      limbs = Arrays.copyOf(limbs, Math.max(n + 1, limbs.length + (limbs.length >> 1) + 4));
    }
    int[] a = limbs;
    int[] b = other.limbs;
    int common = Math.min(size, other.size);
    int carry = 0;
    int i = 0;
    for (; i < common; i++) {
      int sum = a[i] + b[i] + carry; // at most 2 * 10^9 - 1, below 2^31
      carry = sum >= BASE ? 1 : 0;
      a[i] = sum - (carry * BASE);
    }
    int[] rest = size >= other.size ? a : b;
    for (; i < n; i++) {
      int sum = rest[i] + carry;
      carry = sum >= BASE ? 1 : 0;
      a[i] = sum - (carry * BASE);
    }
    if (carry != 0) {
      a[n++] = 1;
    }
    size = n;
  }

  public DecimalNumber copy() {
    return new DecimalNumber(Arrays.copyOf(limbs, size + 1), size);
  }

  /** Number of decimal digits (1 for zero). */
  public int digitCount() {
    return (size - 1) * LIMB_DIGITS + digitsOf(limbs[size - 1]);
  }

  /** The decimal digits in ASCII, most significant first. */
  public byte[] toAscii() {
    byte[] out = new byte[digitCount()];
    writeAscii(out, 0);
    return out;
  }

  /** Writes the {@link #digitCount()} ASCII digits into {@code out} from {@code offset}. */
  public void writeAscii(byte[] out, int offset) {
    int pos = offset + digitCount();
    for (int i = 0; i < size - 1; i++) {
      // Two independent halves and two digits per step: rendering is most of an answer's cost.
      int limb = limbs[i];
      int high = limb / 100_000; // 4 digits
      int low = limb - high * 100_000; // 5 digits
      int lowPairs = low / 10;
      out[pos - 1] = (byte) ('0' + (low - lowPairs * 10));
      pos = writePairs(out, pos - 1, lowPairs, 2);
      pos = writePairs(out, pos, high, 2);
    }
    int top = limbs[size - 1];
    do {
      int q = top / 10;
      out[--pos] = (byte) ('0' + (top - q * 10));
      top = q;
    } while (top != 0);
  }

  /** Writes {@code pairs} two-digit groups of {@code value} backwards, ending before {@code end}. */
  private static int writePairs(byte[] out, int end, int value, int pairs) {
    int pos = end;
    for (int k = 0; k < pairs; k++) {
      int q = value / 100;
      int r = value - q * 100;
      out[--pos] = ONES[r];
      out[--pos] = TENS[r];
      value = q;
    }
    return pos;
  }

  public int compareTo(DecimalNumber other) {
    if (size != other.size) {
      return Integer.compare(size, other.size);
    }
    for (int i = size - 1; i >= 0; i--) {
      if (limbs[i] != other.limbs[i]) {
        return Integer.compare(limbs[i], other.limbs[i]);
      }
    }
    return 0;
  }

  public boolean isZero() {
    return size == 1 && limbs[0] == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecimalNumber other && compareTo(other) == 0;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < size; i++) {
      h = 31 * h + limbs[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return new String(toAscii(), java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static int digitsOf(int limb) {
    int digits = 1;
    while (limb >= 10) {
      limb /= 10;
      digits++;
    }
    return digits;
  }
}
