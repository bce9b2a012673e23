package net.twistedsuite.fib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import io.vertx.core.buffer.Buffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalNumberTest {

  private final Random random = new Random(20240605);

  @Test
  void sumsMatchBigIntegerForRandomOperandsOfEverySize() {
    for (int round = 0; round < 2000; round++) {
      BigInteger x = randomNumber(1 + random.nextInt(60));
      BigInteger y = randomNumber(1 + random.nextInt(60));
      DecimalNumber sum = DecimalNumber.parse(x.toString());
      sum.add(DecimalNumber.parse(y.toString()));
      assertEquals(x.add(y).toString(), sum.toString(), x + " + " + y);
    }
  }

  @Test
  void carriesRippleAcrossEveryLimb() {
    BigInteger nines = BigInteger.TEN.pow(90).subtract(BigInteger.ONE);
    DecimalNumber n = DecimalNumber.parse(nines.toString());
    n.add(DecimalNumber.of(1));
    assertEquals(BigInteger.TEN.pow(90).toString(), n.toString());
    assertEquals(91, n.digitCount());
  }

  @Test
  void addingANumberToItselfDoubles() {
    BigInteger x = randomNumber(50);
    DecimalNumber n = DecimalNumber.parse(x.toString());
    n.add(n);
    assertEquals(x.shiftLeft(1).toString(), n.toString());
  }

  @Test
  void hugeNumbersRoundTripAndAdd() {
    BigInteger x = randomNumber(40_000);
    BigInteger y = randomNumber(39_000);
    DecimalNumber n = DecimalNumber.parse(x.toString());
    assertEquals(x.toString(), n.toString());
    n.add(DecimalNumber.parse(y.toString()));
    assertEquals(x.add(y).toString(), n.toString());
    assertEquals(x.add(y).toString().length(), n.digitCount());
  }

  @Test
  void everyFibonacciNumberUpToF5000MatchesBigInteger() {
    Walk walk = new Walk(DecimalNumber.of(1), DecimalNumber.of(1));
    for (int i = 3; i <= 5000; i++) {
      walk.step();
      assertEquals(walk.expected.toString(), walk.current.toString(), "F(" + i + ")");
      assertEquals(walk.expected.toString().length(), walk.current.digitCount(), "F(" + i + ")");
    }
  }

  @Test
  void fibonacciNumbersFarAlongMatchBigInteger() {
    for (long index : new long[] {20_000, 100_003}) {
      FibState state = FibState.at(index);
      Walk walk = new Walk(state.previous().copy(), state.current().copy());
      for (int i = 0; i < 300; i++) {
        walk.step();
      }
      assertEquals(walk.expected.toString(), walk.current.toString(), "F(" + (index + 300) + ")");
      assertEquals(FibState.at(index + 300).current(), walk.current);
    }
  }

  @Test
  void carriesRippleThroughRunsOfNinesOfEveryLength() {
    for (int length = 1; length <= 70; length++) {
      BigInteger nines = BigInteger.TEN.pow(length).subtract(BigInteger.ONE);
      for (int other = 1; other <= length + 1; other++) {
        BigInteger y = BigInteger.TEN.pow(other - 1); // 1, 10, 100, ...: a one under every digit
        assertSum(nines, y);
        assertSum(y, nines);
        assertSum(nines, BigInteger.TEN.pow(other).subtract(BigInteger.ONE));
      }
    }
  }

  @Test
  void sumsMatchBigIntegerHoweverTheOperandsWereBuilt() {
    for (int round = 0; round < 3000; round++) {
      BigInteger x = randomNumber(1 + random.nextInt(100));
      BigInteger y = randomNumber(1 + random.nextInt(100));
      DecimalNumber a = built(x, round % 4);
      DecimalNumber b = built(y, round / 4 % 4);
      a.add(b);
      assertEquals(x.add(y).toString(), a.toString(), x + " + " + y + ", layouts " + round % 16);
      assertEquals(y.toString(), b.toString(), "the addend is left alone");
    }
  }

  @Test
  void repeatedDoublingGrowsThroughManyArraySizes() {
    DecimalNumber n = DecimalNumber.of(1);
    DecimalNumber threes = DecimalNumber.of(3);
    BigInteger x = BigInteger.ONE;
    BigInteger y = BigInteger.valueOf(3);
    for (int i = 0; i < 3000; i++) {
      n.add(n);
      x = x.shiftLeft(1);
      assertEquals(x.toString(), n.toString(), "2^" + (i + 1));
      // A second number that grows at its own pace, added to the first and the first to it.
      threes.add(n);
      y = y.add(x);
      assertEquals(y.toString(), threes.toString());
    }
  }

  @Test
  void equalNumbersAreEqualHoweverTheyWereBuilt() {
    for (int length = 1; length <= 60; length++) {
      BigInteger x = randomNumber(length);
      DecimalNumber reference = DecimalNumber.parse(x.toString());
      for (int layout = 0; layout < 4; layout++) {
        DecimalNumber n = built(x, layout);
        assertEquals(reference, n);
        assertEquals(reference.hashCode(), n.hashCode());
        assertEquals(0, reference.compareTo(n));
        DecimalNumber larger = built(x.add(BigInteger.ONE), layout);
        assertEquals(-1, Integer.signum(n.compareTo(larger)), x + " < " + x.add(BigInteger.ONE));
        assertEquals(1, Integer.signum(larger.compareTo(n)));
      }
    }
    assertEquals(1, DecimalNumber.of(10).compareTo(DecimalNumber.of(9)));
  }

  @Test
  void parsedDigitsRenderBackUnchangedEveryWay() {
    for (int length = 1; length <= 200; length++) {
      String digits = randomNumber(length).toString();
      byte[] ascii = digits.getBytes(StandardCharsets.US_ASCII);
      DecimalNumber n = DecimalNumber.parse(digits);
      assertEquals(digits, n.toString());
      assertArrayEquals(ascii, n.toAscii());
      assertEquals(length, n.digitCount());
      Buffer buffer = Buffer.buffer("x");
      n.appendTo(buffer);
      assertEquals("x" + digits, buffer.toString(StandardCharsets.US_ASCII));
      byte[] framed = ("x " + digits + " y").getBytes(StandardCharsets.US_ASCII);
      assertEquals(n, DecimalNumber.parse(framed, 2, 2 + length));
    }
    assertEquals("0", DecimalNumber.of(0).toString());
    assertEquals(String.valueOf(Long.MAX_VALUE), DecimalNumber.of(Long.MAX_VALUE).toString());
  }

  @Test
  void rendersIntoABufferAtAnOffset() {
    DecimalNumber n = DecimalNumber.parse("1000000000000000007");
    byte[] out = new byte[n.digitCount() + 2];
    out[0] = '[';
    out[out.length - 1] = ']';
    n.writeAscii(out, 1);
    assertEquals("[1000000000000000007]", new String(out, StandardCharsets.US_ASCII));
    assertArrayEquals("0".getBytes(StandardCharsets.US_ASCII), DecimalNumber.of(0).toAscii());
  }

  @Test
  void copiesAreIndependent() {
    DecimalNumber n = DecimalNumber.of(999_999_999);
    DecimalNumber copy = n.copy();
    n.add(DecimalNumber.of(1));
    assertEquals("999999999", copy.toString());
    assertEquals("1000000000", n.toString());
  }

  @Test
  void parseRefusesWhatIsNotACanonicalNumber() {
    assertThrows(NumberFormatException.class, () -> DecimalNumber.parse(""));
    assertThrows(NumberFormatException.class, () -> DecimalNumber.parse("012"));
    assertThrows(NumberFormatException.class, () -> DecimalNumber.parse("-12"));
    assertThrows(NumberFormatException.class, () -> DecimalNumber.parse("12a4"));
    assertThrows(NumberFormatException.class, () -> DecimalNumber.parse("12\u0661"));
    assertThrows(NumberFormatException.class, () -> DecimalNumber.parse("1".repeat(30) + "/"));
    assertThrows(NumberFormatException.class, () -> DecimalNumber.parse("1".repeat(30) + ":1"));
    assertThrows(IllegalArgumentException.class, () -> DecimalNumber.of(-1));
    assertEquals("0", DecimalNumber.parse("0").toString());
  }

  /** Steps through the sequence with DecimalNumber and, independently, with BigInteger. */
  private static final class Walk {
    private DecimalNumber previous;
    private DecimalNumber current;
    private BigInteger expectedPrevious;
    private BigInteger expected;

    Walk(DecimalNumber previous, DecimalNumber current) {
      this.previous = previous;
      this.current = current;
      this.expectedPrevious = new BigInteger(previous.toString());
      this.expected = new BigInteger(current.toString());
    }

    void step() {
      previous.add(current);
      DecimalNumber next = previous;
      previous = current;
      current = next;
      BigInteger sum = expectedPrevious.add(expected);
      expectedPrevious = expected;
      expected = sum;
    }
  }

  private static void assertSum(BigInteger x, BigInteger y) {
    DecimalNumber sum = DecimalNumber.parse(x.toString());
    sum.add(DecimalNumber.parse(y.toString()));
    assertEquals(x.add(y).toString(), sum.toString(), x + " + " + y);
    assertEquals(x.add(y).toString().length(), sum.digitCount(), x + " + " + y);
  }

  /**
   * {@code value} as a number whose digits sit in an array of a different size each way: parsed,
   * copied, grown from zero by one addition, or built up bit by bit by doubling.
   */
  private static DecimalNumber built(BigInteger value, int layout) {
    switch (layout) {
      case 0:
        return DecimalNumber.parse(value.toString());
      case 1:
        return DecimalNumber.parse(value.toString()).copy();
      case 2: {
        DecimalNumber n = DecimalNumber.of(0);
        n.add(DecimalNumber.parse(value.toString()));
        return n;
      }
      default: {
        DecimalNumber n = DecimalNumber.of(0);
        DecimalNumber one = DecimalNumber.of(1);
        for (int bit = value.bitLength() - 1; bit >= 0; bit--) {
          n.add(n);
          if (value.testBit(bit)) {
            n.add(one);
          }
        }
        return n;
      }
    }
  }

  private BigInteger randomNumber(int digits) {
    StringBuilder s = new StringBuilder(digits);
    s.append((char) ('1' + random.nextInt(9)));
    for (int i = 1; i < digits; i++) {
      // Runs of nines make carries likely.
      s.append(random.nextInt(4) == 0 ? '9' : (char) ('0' + random.nextInt(10)));
    }
    return new BigInteger(s.toString());
  }
}
