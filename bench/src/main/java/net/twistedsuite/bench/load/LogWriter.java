package net.twistedsuite.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends access-log lines in the combined format at a steady rate, one write per line as a web
 * server does, and remembers when each was written. Each line requests {@code /b/SEQ}, so that a
 * subscriber can tell which line an element carries. Sequence numbers never repeat within a
 * writer, so an element that arrives late from an earlier run is recognised and ignored.
 */
public final class LogWriter implements AutoCloseable {

  static final byte[] MARK = "/b/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEAD =
      "127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] \"GET /b/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL =
      " HTTP/1.1\" 200 512 \"-\" \"suite-bench\"\n".getBytes(StandardCharsets.US_ASCII);

  private final FileChannel file;
  private final ByteBuffer line = ByteBuffer.allocate(256);
  private long next;

  /** One batch of lines: their first sequence number, and when each was written. */
  record Batch(long first, int count, AtomicLongArray writtenAt) {
    /** Index of sequence number {@code seq} in this batch, or -1. */
    int index(long seq) {
      long i = seq - first;
      return i >= 0 && i < count ? (int) i : -1;
    }
  }

  public LogWriter(Path log) throws IOException {
    this.file = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }

  /** Prepares the next {@code count} lines (nothing is written yet). */
  Batch batch(int count) {
    Batch b = new Batch(next, count, new AtomicLongArray(count));
    next += count;
    return b;
  }

  /** Writes the batch at {@code perSecond} lines a second, starting now; blocks until done. */
  void write(Batch batch, double perSecond) throws IOException {
    long start = System.nanoTime();
    double gap = 1e9 / perSecond;
    for (int i = 0; i < batch.count(); i++) {
      long due = start + (long) (i * gap);
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      line.clear();
      line.put(HEAD);
      putDecimal(line, batch.first() + i);
      line.put(TAIL);
      line.flip();
      batch.writtenAt().set(i, System.nanoTime());
      while (line.hasRemaining()) {
        file.write(line);
      }
    }
  }

  /** Writes the batch on a new thread; the returned thread ends when the batch is written. */
  Thread writeInBackground(Batch batch, double perSecond) {
    Thread t = new Thread(() -> {
      try {
        write(batch, perSecond);
      } catch (IOException e) {
        System.err.println("bench: writing the log failed: " + e.getMessage());
      }
    }, "log-writer");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void putDecimal(ByteBuffer out, long v) {
    byte[] digits = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    out.put(digits);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
