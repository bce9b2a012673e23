package net.twistedsuite.bench.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import net.twistedsuite.fib.FibState;
import org.junit.jupiter.api.Test;

class FibStateFileTest {

  @Test
  void fastDoublingAgreesWithTheDefinition() {
    BigInteger a = BigInteger.ONE;
    BigInteger b = BigInteger.ONE; // F(1), F(2)
    for (int n = 1; n < 300; n++) {
      FibState state = FibState.at(n + 1);
      assertEquals(a.toString(), state.previous().toString(), "F(" + n + ")");
      assertEquals(b.toString(), state.current().toString(), "F(" + (n + 1) + ")");
      BigInteger c = a.add(b);
      a = b;
      b = c;
    }
  }

  @Test
  void stateFileHoldsThePositionItsTwoNumbersAndAChecksumOfWhatPrecedesIt() {
    String text = new String(FibStateFile.encode(10), StandardCharsets.US_ASCII);
    String body = "fib-state 1\nindex 10\nreserved 10\nprevious 34\ncurrent 55\n";
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    assertEquals(body + String.format("crc32 %08x\n", crc.getValue()), text);
  }

  @Test
  void positionsBeforeTheFirstAnswerAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> FibStateFile.encode(1));
  }

  @Test
  void approximateDigitCountMatchesTheNumbers() {
    for (long n : new long[] {10, 100, 1_000, 10_000, 100_000}) {
      assertEquals(FibState.at(n).current().digitCount(), FibStateFile.approximateDigits(n), "F(" + n + ")");
    }
  }
}
