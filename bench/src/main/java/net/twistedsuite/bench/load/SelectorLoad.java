package net.twistedsuite.bench.load;

import net.twistedsuite.bench.process.CpuMeter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What the bench's load generators share: {@code concurrency} connections driven by one thread
 * and one selector for a warm-up and then a measured window, the server's CPU metered over the
 * window only, connections that time out closed and opened again, and errors counted by kind when
 * they happen inside the window. A subclass says what a connection sends and how it reads.
 */
public abstract class SelectorLoad<S extends SelectorLoad.Slot> {

  private static final long CHECK_NANOS = 10_000_000L;

  /** One connection in flight; {@code since} is when its current request began. */
  static class Slot {
    SocketChannel channel;
    long since;
  }

  private final LoadSettings settings;
  private final boolean noDelay;
  private final CpuMeter meter;
  protected final Histogram latency = LoadResult.newHistogram();
  private final Map<String, Long> errors = new HashMap<>();
  private Selector selector;
  protected long measureFrom;
  protected long measureTo;
  protected long completed;
  protected long bytesIn;

  SelectorLoad(LoadSettings settings, boolean noDelay, CpuMeter meter) {
    this.settings = settings;
    this.noDelay = noDelay;
    this.meter = meter;
  }

  abstract S newSlot();

  /** Sends the request on a connected slot. */
  abstract void send(S slot) throws IOException;

  /** Reads what the slot's channel has, until it has no more for now. */
  abstract void read(S slot) throws IOException;

  /** After a slot failed and was closed; by default it is opened again at the next check. */
  void failed(S slot) {
  }

  public LoadResult run() throws IOException {
    @SuppressWarnings("unchecked")
    S[] slots = (S[]) new Slot[settings.concurrency()];
    long begin = System.nanoTime();
    measureFrom = begin + (long) (settings.warmupSeconds() * 1e9);
    measureTo = measureFrom + (long) (settings.measureSeconds() * 1e9);
    long timeout = (long) (settings.timeoutSeconds() * 1e9);
    boolean metering = false;
    try (Selector s = Selector.open()) {
      selector = s;
      for (int i = 0; i < slots.length; i++) {
        slots[i] = newSlot();
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
          for (S slot : slots) {
            if (slot.channel != null && now - slot.since > timeout) {
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
      for (S slot : slots) {
        close(slot);
      }
    }
    return new LoadResult(settings.measureSeconds(), completed, bytesIn, latency, errors, meter.spent(0),
        meter.userSpent(0), meter.selfSpent());
  }

  /** Opens a new connection on the slot, unless the window is over. */
  final void start(S slot) {
    long now = System.nanoTime();
    if (now >= measureTo) {
      return;
    }
    slot.since = now;
    try {
      SocketChannel channel = SocketChannel.open();
      slot.channel = channel;
      if (noDelay) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      channel.configureBlocking(false);
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

  @SuppressWarnings("unchecked")
  private void ready(SelectionKey key) {
    S slot = (S) key.attachment();
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
      read(slot);
    } catch (IOException e) {
      error(kind(e), System.nanoTime());
      close(slot);
      failed(slot);
    }
  }

  /** Writes the whole of {@code request}, which must fit the socket buffer at once. */
  final void write(S slot, ByteBuffer request) throws IOException {
    ByteBuffer r = request.duplicate();
    slot.channel.write(r);
    if (r.hasRemaining()) {
      throw new IOException("request did not fit the socket buffer");
    }
  }

  final void close(S slot) {
    if (slot.channel != null) {
      try {
        slot.channel.close();
      } catch (IOException ignored) {
        // A connection we are done with.
      }
      slot.channel = null;
    }
  }

  final boolean inWindow(long now) {
    return now >= measureFrom && now < measureTo;
  }

  final void error(String kind, long now) {
    if (inWindow(now)) {
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
}
