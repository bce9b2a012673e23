package net.twistedsuite.bench.load;

import net.twistedsuite.bench.process.CpuMeter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Clients of the weblog service, all on one selector: each reads the stream, finds in every
 * element the {@code /b/SEQ} of the log line it carries, and records the delay from the line's
 * write to the element's arrival. Elements are one per line, so the scan is a small state machine
 * over the bytes as they come, whatever the read boundaries.
 */
public final class Subscribers implements AutoCloseable {

  private final Selector selector;
  private final List<Sub> subs = new ArrayList<>();
  private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
  private LogWriter.Batch batch;
  private Histogram delays;
  private long received;

  /** What one run delivered. */
  public record Delivery(int clients, int lines, long received, int disconnected, Histogram delays,
      double serverCpuSeconds, double clientCpuSeconds) {
    public long expected() {
      return (long) clients * lines;
    }

    public boolean complete() {
      return disconnected == 0 && received == expected();
    }
  }

  private static final class Sub {
    final SocketChannel channel;
    boolean greeted;
    boolean closed;
    int match;
    boolean inNumber;
    long number;
    long got;

    Sub(SocketChannel channel) {
      this.channel = channel;
    }
  }

  private Subscribers(Selector selector) {
    this.selector = selector;
  }

  /** Connects {@code count} clients and waits until each has received {@code <hits>}. */
  public static Subscribers connect(InetSocketAddress address, int count, double timeoutSeconds) throws IOException {
    Subscribers s = new Subscribers(Selector.open());
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    int started = 0;
    int pending = 0;
    while (started < count || pending > 0) {
      while (started < count && pending < IdleHolder.IN_FLIGHT) {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        Sub sub = new Sub(ch);
        s.subs.add(sub);
        started++;
        pending++;
        if (ch.connect(address)) {
          ch.register(s.selector, SelectionKey.OP_READ, sub);
        } else {
          ch.register(s.selector, SelectionKey.OP_CONNECT, sub);
        }
      }
      if (System.nanoTime() > deadline) {
        s.close();
        throw new IOException("only " + s.greeted() + " of " + count + " weblog clients got <hits> in time");
      }
      s.selector.select(key -> {
        Sub sub = (Sub) key.attachment();
        try {
          if (key.isConnectable()) {
            if (sub.channel.finishConnect()) {
              key.interestOps(SelectionKey.OP_READ);
            }
            return;
          }
        } catch (IOException e) {
          sub.closed = true;
          key.cancel();
          return;
        }
        s.read(sub, key);
      }, 20);
      pending = started - s.greeted() - s.closedCount();
    }
    if (s.closedCount() > 0) {
      int closed = s.closedCount();
      s.close();
      throw new IOException(closed + " weblog clients were refused or closed while connecting");
    }
    return s;
  }

  int size() {
    return subs.size();
  }

  /**
   * Writes {@code lines} log lines at {@code perSecond} and collects their elements until every
   * client has all of them or {@code drainSeconds} after the last write.
   */
  public Delivery run(LogWriter writer, int lines, double perSecond, double drainSeconds, CpuMeter meter)
      throws IOException {
    batch = writer.batch(lines);
    delays = LoadResult.newHistogram();
    received = 0;
    for (Sub sub : subs) {
      sub.got = 0;
    }
    meter.start();
    Thread writing = writer.writeInBackground(batch, perSecond);
    long expected = (long) lines * subs.size();
    long drainUntil = Long.MAX_VALUE;
    while (true) {
      if (drainUntil == Long.MAX_VALUE && !writing.isAlive()) {
        drainUntil = System.nanoTime() + (long) (drainSeconds * 1e9);
      }
      if (received >= expected || System.nanoTime() > drainUntil) {
        break;
      }
      selector.select(key -> read((Sub) key.attachment(), key), 5);
    }
    meter.stop();
    try {
      writing.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Delivery(subs.size(), lines, received, closedCount(), delays, meter.spent(0),
        meter.selfSpent());
  }

  private void read(Sub sub, SelectionKey key) {
    try {
      boolean open = Drain.drain(sub.channel, in, n -> {
        scan(sub, n, System.nanoTime());
        return true;
      });
      if (open) {
        return;
      }
    } catch (IOException e) {
      // A reset ends the client as a close does: it gets nothing more from this run.
    }
    sub.closed = true;
    key.cancel();
  }

  private void scan(Sub sub, int n, long now) {
    byte[] mark = LogWriter.MARK;
    for (int i = 0; i < n; i++) {
      byte b = in.get(i);
      if (!sub.greeted) {
        if (b == '\n') {
          sub.greeted = true; // the <hits> line
        }
        continue;
      }
      if (sub.inNumber) {
        if (b >= '0' && b <= '9') {
          sub.number = sub.number * 10 + (b - '0');
          continue;
        }
        sub.inNumber = false;
        arrived(sub, sub.number, now);
      }
      if (b == mark[sub.match]) {
        if (++sub.match == mark.length) {
          sub.match = 0;
          sub.inNumber = true;
          sub.number = 0;
        }
      } else {
        sub.match = b == mark[0] ? 1 : 0;
      }
    }
  }

  private void arrived(Sub sub, long seq, long now) {
    if (batch == null) {
      return;
    }
    int i = batch.index(seq);
    if (i < 0) {
      return; // from an earlier run
    }
    sub.got++;
    received++;
    Latency.record(delays, now - batch.writtenAt().get(i));
  }

  private int greeted() {
    int n = 0;
    for (Sub s : subs) {
      if (s.greeted && !s.closed) {
        n++;
      }
    }
    return n;
  }

  private int closedCount() {
    int n = 0;
    for (Sub s : subs) {
      if (s.closed) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    for (Sub s : subs) {
      s.channel.close();
    }
    selector.close();
  }
}
