package net.twistedsuite.fib;

import java.math.BigInteger;

/**
 * An independent check of the numbers the service hands out, cheap enough for hundreds of
 * thousands of answers of thousands of digits: {@link #indexOf} finds n from the number's size
 * and leading digits, then proves the digits are F(n) modulo two large primes, with F(n) mod p
 * computed by fast doubling. A number that is not a Fibonacci number fails the assertion.
 */
final class Fibonacci {

  private static final long P1 = 2_147_483_647L;
  private static final long P2 = 2_147_483_629L;
  private static final double LOG10_PHI = Math.log10((1 + Math.sqrt(5)) / 2);
  private static final double LOG10_SQRT5 = Math.log10(Math.sqrt(5));

  private Fibonacci() {
  }

  /** F(n), exactly, the slow way; F(1) = F(2) = 1. */
  static BigInteger exact(int n) {
    BigInteger a = BigInteger.ZERO;
    BigInteger b = BigInteger.ONE;
    for (int i = 1; i < n; i++) {
      BigInteger c = a.add(b);
      a = b;
      b = c;
    }
    return b;
  }

  /** The n with F(n) equal to {@code digits} (n &ge; 3); fails if there is none. */
  static long indexOf(String digits) {
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
        || digits.charAt(0) == '0') {
      throw new AssertionError("not a number: '" + abbreviate(digits) + "'");
    }
    int lead = Math.min(17, digits.length());
    double log10 = Math.log10(Double.parseDouble(digits.substring(0, lead)))
        + (digits.length() - lead);
    long n = Math.round((log10 + LOG10_SQRT5) / LOG10_PHI);
    if (n < 3 || mod(digits, P1) != fibMod(n, P1) || mod(digits, P2) != fibMod(n, P2)) {
      throw new AssertionError("not a Fibonacci number: " + abbreviate(digits));
    }
    return n;
  }

  private static long mod(String digits, long p) {
    long r = 0;
    for (int i = 0; i < digits.length(); i++) {
      r = (r * 10 + (digits.charAt(i) - '0')) % p;
    }
    return r;
  }

  /** F(n) mod p by fast doubling: F(2k) = F(k)(2F(k+1) - F(k)), F(2k+1) = F(k)^2 + F(k+1)^2. */
  private static long fibMod(long n, long p) {
    long a = 0; // F(k)
    long b = 1; // F(k+1)
    for (int bit = 63 - Long.numberOfLeadingZeros(n); bit >= 0; bit--) {
      long c = a * ((2 * b - a + p) % p) % p;
      long d = (a * a + b * b) % p;
      if (((n >>> bit) & 1) == 0) {
        a = c;
        b = d;
      } else {
        a = d;
        b = (c + d) % p;
      }
    }
    return a;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 20) + "..." + s.substring(s.length() - 10)
        + " (" + s.length() + " chars)";
  }
}
