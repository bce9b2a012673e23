package net.twistedsuite.bench.load;

import net.twistedsuite.bench.process.CpuMeter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Persistent connections that each send one line and wait for the one-line answer before sending
 * the next, as a fib client does. One answer is in flight per connection, so an answer is complete
 * when the last byte read is the line feed; answers of any size are counted without scanning them.
 * Latency runs from sending the line to the end of its answer.
 */
public final class LineLoad extends SelectorLoad<LineLoad.LineSlot> {

  /** What to send and how hard; {@code digits}: an answer must start with a digit (fib). */
  public record Settings(InetSocketAddress address, String line, boolean digits, int concurrency,
      double warmupSeconds, double measureSeconds, double timeoutSeconds) implements LoadSettings {
  }

  private final Settings settings;
  private final ByteBuffer request;
  private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
  private long completedBefore;

  static final class LineSlot extends SelectorLoad.Slot {
    boolean first;
    boolean bad;
  }

  public LineLoad(Settings settings, CpuMeter meter) {
    super(settings, true, meter);
    this.settings = settings;
    this.request = ByteBuffer.wrap((settings.line() + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Answers completed before the measured window (during its warm-up). */
  public long completedBeforeWindow() {
    return completedBefore;
  }

  @Override
  LineSlot newSlot() {
    return new LineSlot();
  }

  @Override
  void send(LineSlot slot) throws IOException {
    slot.first = true;
    slot.bad = false;
    slot.since = System.nanoTime();
    write(slot, request);
  }

  @Override
  void read(LineSlot slot) throws IOException {
    if (!Drain.drain(slot.channel, in, n -> take(slot, n))) {
      error("closed", System.nanoTime());
      close(slot);
    }
  }

  /** Counts {@code n} bytes of the answer and, at its end, sends the next line (not after the window). */
  private boolean take(LineSlot slot, int n) throws IOException {
    long now = System.nanoTime();
    if (slot.first) {
      byte b = in.get(0);
      slot.bad = settings.digits() && (b < '0' || b > '9');
      slot.first = false;
    }
    boolean inWindow = inWindow(now);
    if (inWindow) {
      bytesIn += n;
    }
    if (in.get(n - 1) == '\n') {
      if (slot.bad) {
        error("wrong", now);
      } else if (inWindow) {
        completed++;
        Latency.record(latency, now - slot.since);
      } else if (now < measureFrom) {
        completedBefore++;
      }
      if (now >= measureTo) {
        return false;
      }
      send(slot);
    }
    return true;
  }
}
