package net.twistedsuite.bench.phases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.twistedsuite.fib.FibState;
import net.twistedsuite.fib.SequenceStore;

/**
 * Puts a fib data directory at a chosen position of the sequence, in the service's own state file
 * format ({@code fib.state}, written by the fib service's own SequenceStore), so that the answers at position
 * one million can be measured without first asking for the million before them.
 */
public final class FibStateFile {

  static final String NAME = "fib.state";

  private FibStateFile() {
  }

  /** Writes a state after which the next answer is F(index + 1). */
  static void write(Path dataDir, long index) throws IOException {
    Files.createDirectories(dataDir);
    Files.write(dataDir.resolve(NAME), encode(index));
  }

  static byte[] encode(long index) {
    return SequenceStore.encode(FibState.at(index));
  }

  /** Decimal digits of F(n), from log10 of the golden ratio; close enough to size a table row. */
  static long approximateDigits(long n) {
    return (long) Math.floor(n * 0.20898764024997873 - 0.3494850021680094) + 1;
  }
}
