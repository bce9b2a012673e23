package net.twistedsuite.common;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What a client has received so far, written by the thread that reads it (a socket's handler, a
 * process's output reader) while the test waits on its own thread.
 */
final class Transcript {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  void append(byte[] data, int length) {
    synchronized (bytes) {
      bytes.write(data, 0, length);
    }
  }

  String text() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits until the text contains {@code expected}; returns all of it. */
  String awaitContaining(String expected, String what) throws Exception {
    await(text -> text.contains(expected), what + " '" + expected + "'");
    return text();
  }

  /** Waits until {@code done}; returns all that arrived before. */
  String awaitUntil(BooleanSupplier done, String what) throws Exception {
    await(text -> done.getAsBoolean(), what);
    return text();
  }

  /** A timeout shows what had arrived by then, which tells a slow answer from a wrong one. */
  private void await(Predicate<String> done, String what) throws Exception {
    Await.until(this::text, done, Duration.ofSeconds(Await.TIMEOUT_SECONDS),
        text -> "timed out waiting until " + what + "; got: " + text);
  }
}
