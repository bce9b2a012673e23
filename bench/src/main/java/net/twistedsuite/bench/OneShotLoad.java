package net.twistedsuite.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One query per connection, as finger clients do: connect, send the query line, read until the
 * server closes, close, start again. {@code concurrency} such connections are in flight at all
 * times, driven by one thread and one selector. Latency runs from the start of the connect to the
 * end of file. Only what ends inside the measured window (after the warm-up) is counted.
 */
final class OneShotLoad {

  /** What to send and how hard. */
  record Settings(InetSocketAddress address, String query, String expect, int concurrency,
      double warmupSeconds, double measureSeconds, double timeoutSeconds) {
  }

  private static final int HEAD = 512;
  private static final long CHECK_NANOS = 10_000_000L;

  private final Settings settings;
  private final CpuMeter meter;
  private final ByteBuffer query;
  private final byte[] expect;
  private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
  private final Histogram latency = LoadResult.newHistogram();
  private final Map<String, Long> errors = new HashMap<>();
  private Selector selector;
  private long measureFrom;
  private long measureTo;
  private long completed;
  private long bytesIn;

  private static final class Slot {
    SocketChannel channel;
    long started;
    int received;
    final byte[] head = new byte[HEAD];
  }

  OneShotLoad(Settings settings, CpuMeter meter) {
    this.settings = settings;
    this.meter = meter;
    this.query = ByteBuffer.wrap((settings.query() + "\r\n").getBytes(StandardCharsets.UTF_8));
    this.expect = settings.expect() == null ? null : settings.expect().getBytes(StandardCharsets.UTF_8);
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
        long waitMillis = Math.max(1, Math.min(10, (edge - now) / 1_000_000));
        selector.select(this::ready, waitMillis);
        now = System.nanoTime();
        if (now - lastCheck >= CHECK_NANOS) {
          lastCheck = now;
          for (Slot slot : slots) {
            if (slot.channel != null && now - slot.started > timeout) {
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
    slot.started = now;
    slot.received = 0;
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      slot.channel = channel;
      // On loopback the handshake is usually complete before connect() returns.
      if (channel.connect(settings.address()) || channel.finishConnect()) {
        send(slot);
        channel.register(selector, SelectionKey.OP_READ, slot);
      } else {
        channel.register(selector, SelectionKey.OP_CONNECT, slot);
      }
    } catch (IOException e) {
      error(kind(e), now);
      close(slot);
    }
  }

  private void send(Slot slot) throws IOException {
    ByteBuffer q = query.duplicate();
    slot.channel.write(q);
    if (q.hasRemaining()) {
      throw new IOException("query did not fit the socket buffer");
    }
  }

  private void ready(SelectionKey key) {
    Slot slot = (Slot) key.attachment();
    if (slot.channel == null || key.channel() != slot.channel) {
      return;
    }
    try {
      if (key.isConnectable()) {
        if (!slot.channel.finishConnect()) {
          return;
        }
        send(slot);
        key.interestOps(SelectionKey.OP_READ);
        return;
      }
      while (true) {
        in.clear();
        int n = slot.channel.read(in);
        if (n == 0) {
          return;
        }
        if (n < 0) {
          finish(slot);
          return;
        }
        if (slot.received < HEAD) {
          in.flip();
          in.get(slot.head, slot.received, Math.min(n, HEAD - slot.received));
        }
        slot.received += n;
      }
    } catch (IOException e) {
      error(kind(e), System.nanoTime());
      close(slot);
      start(slot);
    }
  }

  private void finish(Slot slot) {
    long now = System.nanoTime();
    if (now >= measureFrom && now < measureTo) {
      if (slot.received == 0) {
        error("empty", now);
      } else if (expect != null && !contains(slot.head, Math.min(slot.received, HEAD), expect)) {
        error("wrong", now);
      } else {
        completed++;
        bytesIn += slot.received;
        Latency.record(latency, now - slot.started);
      }
    }
    close(slot);
    start(slot);
  }

  private void close(Slot slot) {
    if (slot.channel != null) {
      try {
        slot.channel.close();
      } catch (IOException ignored) {
        // Nothing to do about a failed close of a finished connection.
      }
      slot.channel = null;
    }
  }

  private void error(String kind, long now) {
    if (now >= measureFrom && now < measureTo) {
      errors.merge(kind, 1L, Long::sum);
    }
  }

  static String kind(IOException e) {
    if (e instanceof ConnectException) {
      return "refused";
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("reset") || m.contains("Broken pipe")) {
      return "reset";
    }
    return "other";
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
