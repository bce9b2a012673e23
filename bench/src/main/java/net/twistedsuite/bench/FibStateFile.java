package net.twistedsuite.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Puts a fib data directory at a chosen position of the sequence, in the service's own state file
 * format ({@code fib.state}, see the fib service's SequenceStore), so that the answers at position
 * one million can be measured without first asking for the million before them.
 */
final class FibStateFile {

  static final String NAME = "fib.state";

  private FibStateFile() {
  }

  /** Writes a state after which the next answer is F(index + 1). */
  static void write(Path dataDir, long index) throws IOException {
    Files.createDirectories(dataDir);
    Files.write(dataDir.resolve(NAME), encode(index));
  }

  static byte[] encode(long index) {
    if (index < 2) {
      throw new IllegalArgumentException("index must be at least 2");
    }
    BigInteger[] pair = fibPair(index - 1); // F(index - 1), F(index)
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    write(body, "fib-state 1\nindex " + index + "\nreserved " + index + "\nprevious ");
    write(body, pair[0].toString());
    write(body, "\ncurrent ");
    write(body, pair[1].toString());
    write(body, "\n");
    CRC32 crc = new CRC32();
    byte[] bytes = body.toByteArray();
    crc.update(bytes);
    write(body, String.format("crc32 %08x\n", crc.getValue()));
    return body.toByteArray();
  }

  /** {F(n), F(n + 1)} by fast doubling, F(1) = F(2) = 1. */
  static BigInteger[] fibPair(long n) {
    BigInteger a = BigInteger.ZERO; // F(0)
    BigInteger b = BigInteger.ONE; // F(1)
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
    return new BigInteger[] {a, b};
  }

  /** Decimal digits of F(n), from log10 of the golden ratio; close enough to size a table row. */
  static long approximateDigits(long n) {
    return (long) Math.floor(n * 0.20898764024997873 - 0.3494850021680094) + 1;
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
