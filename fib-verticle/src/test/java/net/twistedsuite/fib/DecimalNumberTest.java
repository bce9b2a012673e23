package net.twistedsuite.fib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
  void fibonacciByRepeatedAdditionMatchesBigInteger() {
    DecimalNumber a = DecimalNumber.of(1);
    DecimalNumber b = DecimalNumber.of(1);
    BigInteger x = BigInteger.ONE;
    BigInteger y = BigInteger.ONE;
    for (int i = 3; i <= 5000; i++) {
      a.add(b);
      DecimalNumber t = a;
      a = b;
      b = t;
      BigInteger z = x.add(y);
      x = y;
      y = z;
    }
    assertEquals(y.toString(), b.toString());
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
    assertEquals("0", DecimalNumber.parse("0").toString());
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
