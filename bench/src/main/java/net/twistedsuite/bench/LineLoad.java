package net.twistedsuite.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Persistent connections that each send one line and wait for the one-line answer before sending
 * the next, as a fib client does. One answer is in flight per connection, so an answer is complete
 * when the last byte read is the line feed; answers of any size are counted without scanning them.
 * Latency runs from sending the line to the end of its answer.
 */
final class LineLoad {

  /** What to send and how hard; {@code digits}: an answer must start with a digit (fib). */
  record Settings(InetSocketAddress address, String line, boolean digits, int concurrency,
      double warmupSeconds, double measureSeconds, double timeoutSeconds) {
  }

  private static final long CHECK_NANOS = 10_000_000L;

  private final Settings settings;
  private final CpuMeter meter;
  private final ByteBuffer request;
  private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
  private final Histogram latency = LoadResult.newHistogram();
  private final Map<String, Long> errors = new HashMap<>();
  private Selector selector;
  private long measureFrom;
  private long measureTo;
  private long completed;
  private long completedBefore;
  private long bytesIn;

  private static final class Slot {
    SocketChannel channel;
    long sent;
    boolean first;
    boolean bad;
  }

  LineLoad(Settings settings, CpuMeter meter) {
    this.settings = settings;
    this.meter = meter;
    this.request = ByteBuffer.wrap((settings.line() + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Answers completed before the measured window (during its warm-up). */
  long completedBeforeWindow() {
    return completedBefore;
  }

  LoadResult run() throws IOException {
    Slot[] slots = new Slot[settings.concurrency()];
    long begin = System.nanoTime();
    measureFrom = begin + (long) (settings.warmupSeconds() * 1e9);
    measureTo = measureFrom + (long) (settings.measureSeconds() * 1e9);
    long timeout = (long) (settings.timeoutSeconds() * 1e9);
    boolean metering = false;
    try (Selector s = Selector.open()) {
      selector = s;
      for (int i = 0; i < slots.length; i++) {
        slots[i] = new Slot();
        start(slots[i]);
      }
      long lastCheck = begin;
      while (true) {
        long now = System.nanoTime();
        if (!metering && now >= measureFrom) {
          meter.start();
          metering = true;
        }
        if (now >= measureTo) {
          break;
        }
        long edge = metering ? measureTo : measureFrom;
        selector.select(this::ready, Math.max(1, Math.min(10, (edge - now) / 1_000_000)));
        now = System.nanoTime();
        if (now - lastCheck >= CHECK_NANOS) {
          lastCheck = now;
          for (Slot slot : slots) {
            if (slot.channel != null && now - slot.sent > timeout) {
              error("timeout", now);
              close(slot);
            }
            if (slot.channel == null) {
              start(slot);
            }
          }
        }
      }
      meter.stop();
      for (Slot slot : slots) {
        close(slot);
      }
    }
    return new LoadResult(settings.measureSeconds(), completed, bytesIn, latency, errors,
        meter.spent(0), meter.selfSpent());
  }

  private void start(Slot slot) {
    long now = System.nanoTime();
    if (now >= measureTo) {
      return;
    }
    try {
      SocketChannel channel = SocketChannel.open();
      slot.channel = channel;
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      slot.sent = now;
      if (channel.connect(settings.address()) || channel.finishConnect()) {
        send(slot);
        channel.register(selector, SelectionKey.OP_READ, slot);
      } else {
        channel.register(selector, SelectionKey.OP_CONNECT, slot);
      }
    } catch (IOException e) {
      error(OneShotLoad.kind(e), now);
      close(slot);
    }
  }

  private void send(Slot slot) throws IOException {
    ByteBuffer r = request.duplicate();
    slot.first = true;
    slot.bad = false;
    slot.sent = System.nanoTime();
    slot.channel.write(r);
    if (r.hasRemaining()) {
      throw new IOException("request did not fit the socket buffer");
    }
  }

  private void ready(SelectionKey key) {
    Slot slot = (Slot) key.attachment();
    if (slot.channel == null || key.channel() != slot.channel) {
      return;
    }
    try {
      if (key.isConnectable()) {
        if (slot.channel.finishConnect()) {
          send(slot);
          key.interestOps(SelectionKey.OP_READ);
        }
        return;
      }
      while (true) {
        in.clear();
        int n = slot.channel.read(in);
        if (n == 0) {
          return;
        }
        long now = System.nanoTime();
        if (n < 0) {
          error("closed", now);
          close(slot);
          return;
        }
        if (slot.first) {
          byte b = in.get(0);
          slot.bad = settings.digits() && (b < '0' || b > '9');
          slot.first = false;
        }
        boolean inWindow = now >= measureFrom && now < measureTo;
        if (inWindow) {
          bytesIn += n;
        }
        if (in.get(n - 1) == '\n') {
          if (slot.bad) {
            error("wrong", now);
          } else if (inWindow) {
            completed++;
            Latency.record(latency, now - slot.sent);
          } else if (now < measureFrom) {
            completedBefore++;
          }
          if (now >= measureTo) {
            return;
          }
          send(slot);
        }
      }
    } catch (IOException e) {
      error(OneShotLoad.kind(e), System.nanoTime());
      close(slot);
    }
  }

  private void close(Slot slot) {
    if (slot.channel != null) {
      try {
        slot.channel.close();
      } catch (IOException ignored) {
        // A connection we are done with.
      }
      slot.channel = null;
    }
  }

  private void error(String kind, long now) {
    if (now >= measureFrom && now < measureTo) {
      errors.merge(kind, 1L, Long::sum);
    }
  }
}
