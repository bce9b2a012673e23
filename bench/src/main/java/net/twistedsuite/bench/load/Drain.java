package net.twistedsuite.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * How every client here reads a non-blocking channel once the selector says it is readable: all
 * it has for now, one buffer-full at a time, so that a wake-up is not paid again for bytes
 * already waiting.
 */
final class Drain {

  /** What a client does with each buffer-full: the first {@code n} bytes of the buffer. */
  @FunctionalInterface
  interface Chunk {
    /** False when the client wants no more for now. */
    boolean take(int n) throws IOException;
  }

  private Drain() {
  }

  /**
   * Reads {@code channel} into {@code in} and hands each buffer-full to {@code chunk}, until the
   * channel has nothing more for now or {@code chunk} stops. False once the peer has closed.
   */
  static boolean drain(ReadableByteChannel channel, ByteBuffer in, Chunk chunk) throws IOException {
    while (true) {
      in.clear();
      int n = channel.read(in);
      if (n < 0) {
        return false;
      }
      if (n == 0 || !chunk.take(n)) {
        return true;
      }
    }
  }
}
