package net.twistedsuite.bench.load;

import net.twistedsuite.bench.process.CpuMeter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One query per connection, as finger clients do: connect, send the query line, read until the
 * server closes, close, start again. {@code concurrency} such connections are in flight at all
 * times, driven by one thread and one selector. Latency runs from the start of the connect to the
 * end of file. Only what ends inside the measured window (after the warm-up) is counted.
 */
public final class OneShotLoad extends SelectorLoad<OneShotLoad.QuerySlot> {

  /** What to send and how hard. */
  public record Settings(InetSocketAddress address, String query, String expect, int concurrency,
      double warmupSeconds, double measureSeconds, double timeoutSeconds) implements LoadSettings {
  }

  private static final int HEAD = 512;

  private final ByteBuffer query;
  private final byte[] expect;
  private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);

  static final class QuerySlot extends SelectorLoad.Slot {
    int received;
    final byte[] head = new byte[HEAD];
  }

  public OneShotLoad(Settings settings, CpuMeter meter) {
    super(settings, false, meter);
    this.query = ByteBuffer.wrap((settings.query() + "\r\n").getBytes(StandardCharsets.UTF_8));
    this.expect = settings.expect() == null ? null : settings.expect().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  QuerySlot newSlot() {
    return new QuerySlot();
  }

  @Override
  void send(QuerySlot slot) throws IOException {
    slot.received = 0;
    write(slot, query);
  }

  @Override
  void read(QuerySlot slot) throws IOException {
    if (!Drain.drain(slot.channel, in, n -> take(slot, n))) {
      finish(slot);
    }
  }

  /** Counts {@code n} bytes of the answer, keeping its head, where the expected text must stand. */
  private boolean take(QuerySlot slot, int n) {
    if (slot.received < HEAD) {
      in.flip();
      in.get(slot.head, slot.received, Math.min(n, HEAD - slot.received));
    }
    slot.received += n;
    return true;
  }

  /** A failed query is followed at once by the next, as after an answer. */
  @Override
  void failed(QuerySlot slot) {
    start(slot);
  }

  private void finish(QuerySlot slot) {
    long now = System.nanoTime();
    if (inWindow(now)) {
      if (slot.received == 0) {
        error("empty", now);
      } else if (expect != null && !contains(slot.head, Math.min(slot.received, HEAD), expect)) {
        error("wrong", now);
      } else {
        completed++;
        bytesIn += slot.received;
        Latency.record(latency, now - slot.since);
      }
    }
    close(slot);
    start(slot);
  }

  static boolean contains(byte[] hay, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
