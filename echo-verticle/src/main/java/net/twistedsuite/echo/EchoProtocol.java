package net.twistedsuite.echo;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import net.twistedsuite.common.HalfClose;
import net.twistedsuite.common.InputEnd;

/**
 * RFC 862 echo on one connection: every byte received is sent back unchanged and in order, as
 * it arrives, whatever it is (no lines, no decoding).
 *
 * <p>Flow control: when the socket's write queue is full (the client sends faster than it
 * reads), the socket stops reading until the queue drains, so TCP pushes back on the client
 * and the server holds at most one write queue and one read per connection.
 *
 * <p>When the client shuts down its sending side ({@code nc -N}), everything it sent is echoed,
 * then the connection is closed. Confined to the event loop of the context that calls
 * {@link #serve}.
 */
public final class EchoProtocol {

  /** What a connection reports as it happens, for the server's meters. */
  public interface Listener {
    /** {@code bytes} more were echoed. */
    void echoed(int bytes);

    /** The client stopped reading its echoes: reading paused until it catches up. */
    void paused();
  }

  private final NetSocket socket;
  private final Listener listener;
  /** Ends the connection once what was received before the client's end is echoed; flushes the echoes first. */
  private final InputEnd inputEnd;
  private long bytes;
  private boolean paused;
  private long lastActivityNanos = System.nanoTime();

  private EchoProtocol(NetSocket socket, Listener listener) {
    this.socket = socket;
    this.listener = listener;
    this.inputEnd = new InputEnd(() -> !paused, socket::end);
  }

  /** Starts echoing on {@code socket}; the caller keeps its close and exception handlers. */
  public static EchoProtocol serve(NetSocket socket, Listener listener) {
    EchoProtocol protocol = new EchoProtocol(socket, listener);
    socket.handler(protocol::received);
    socket.drainHandler(v -> protocol.drained());
    HalfClose.onInputEnd(socket, protocol.inputEnd::arrived);
    return protocol;
  }

  /** Bytes echoed so far. */
  public long bytes() {
    return bytes;
  }

  /** Whether the client shut down its sending side. */
  public boolean inputEnded() {
    return inputEnd.hasArrived();
  }

  /** When bytes last arrived or the client last took a full write queue, in nanoTime terms. */
  public long lastActivityNanos() {
    return lastActivityNanos;
  }

  private void received(Buffer data) {
    bytes += data.length();
    lastActivityNanos = System.nanoTime();
    socket.write(data);
    listener.echoed(data.length());
    if (!paused && socket.writeQueueFull()) {
      paused = true;
      socket.pause();
      listener.paused();
    }
  }

  private void drained() {
    lastActivityNanos = System.nanoTime();
    if (paused) {
      paused = false;
      socket.resume();
      inputEnd.resumed();
    }
  }
}
