package net.twistedsuite.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Many connections that send nothing: what a server pays to hold clients that are connected but
 * quiet. Connects at most {@link #IN_FLIGHT} at a time so as not to overflow the server's accept
 * backlog.
 */
public final class IdleHolder implements AutoCloseable {

  static final int IN_FLIGHT = 256;

  private final List<SocketChannel> open = new ArrayList<>();
  private final ByteBuffer scratch = ByteBuffer.allocateDirect(16 * 1024);
  private int failed;

  /** Opens up to {@code count} connections within {@code timeoutSeconds}. */
  public static IdleHolder open(InetSocketAddress address, int count, double timeoutSeconds) throws IOException {
    IdleHolder holder = new IdleHolder();
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    try (Selector selector = Selector.open()) {
      int started = 0;
      int pending = 0;
      while ((started < count || pending > 0) && System.nanoTime() < deadline) {
        while (started < count && pending < IN_FLIGHT) {
          started++;
          SocketChannel ch = SocketChannel.open();
          try {
            ch.configureBlocking(false);
            if (ch.connect(address)) {
              holder.open.add(ch);
            } else {
              ch.register(selector, SelectionKey.OP_CONNECT);
              pending++;
            }
          } catch (IOException e) {
            holder.failed++;
            ch.close();
          }
        }
        selector.select(50);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel ch = (SocketChannel) key.channel();
          key.cancel();
          pending--;
          try {
            if (ch.finishConnect()) {
              holder.open.add(ch);
            } else {
              holder.failed++;
              ch.close();
            }
          } catch (IOException e) {
            holder.failed++;
            ch.close();
          }
        }
        selector.selectedKeys().clear();
      }
      for (SelectionKey key : selector.keys()) {
        if (key.isValid()) { // still connecting at the deadline
          holder.failed++;
          key.channel().close();
        }
      }
      selector.selectNow();
    }
    return holder;
  }

  public int failed() {
    return failed;
  }

  /**
   * Connections the server has not closed: a read that returns end of file (or fails) means it
   * did; data (a greeting) is read and discarded.
   */
  public int stillOpen() {
    int alive = 0;
    for (SocketChannel ch : open) {
      try {
        int n;
        do {
          scratch.clear();
          n = ch.read(scratch);
        } while (n > 0);
        if (n == 0) {
          alive++;
        }
      } catch (IOException e) {
        // Reset by the server: not held.
      }
    }
    return alive;
  }

  @Override
  public void close() {
    for (SocketChannel ch : open) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Closing our own end of a connection the server may already have closed.
      }
    }
    open.clear();
  }
}
