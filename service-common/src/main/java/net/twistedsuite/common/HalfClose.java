package net.twistedsuite.common;

import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;

/**
 * Half-closed connections, both ways. Lets a client shut down its sending side and still read
 * every answer; lets a server shut down its own sending side and still read, so that it can
 * close a connection without the reset that makes the client's kernel drop answers it has
 * received but not yet handed to the client.
 *
 * <p>{@code nc -N}, and {@code nc -q} on Debian, shut down their sending side at the end of their
 * input, as does {@code shutdown(SHUT_WR)}; by default Netty then closes the whole connection at
 * once, dropping the answers to lines not read yet or still being looked up. Vert.x 5.0 has no
 * option for half-closed connections, so this sets Netty's directly on the socket's channel,
 * through {@link VertxInternals}.
 */
public final class HalfClose {

  private HalfClose() {
  }

  /**
   * Keeps {@code socket} open when the client's input ends and runs {@code inputEnded} on the
   * current context instead, after the data received before the end has been handed to the
   * socket's handler or queued by Vert.x. Call it once per socket, on its context, before the
   * connect handler returns (as the socket's other handlers are set). Does nothing for sockets
   * that are not Netty channels.
   *
   * @throws IllegalStateException when the socket's transport cannot keep a half-closed
   *     connection open
   */
  public static void onInputEnd(NetSocket socket, Runnable inputEnded) {
    VertxInternals.onInputEnd(socket, inputEnded);
  }

  /**
   * Shuts down the sending side of {@code socket} (the client reads the end of the stream after
   * everything sent before) and keeps reading. Call it only once the last write has completed:
   * Netty fails writes still queued at that moment. Closing a socket while the client's
   * unread data waits in the kernel makes the kernel send a reset, and the client's kernel then
   * drops answers it has not handed over yet; after this, close once the client has closed its
   * side ({@link #onInputEnd}) or a time limit has passed. A socket that is not a Netty duplex
   * channel is simply closed.
   */
  public static Future<Void> shutdownOutput(NetSocket socket) {
    return VertxInternals.shutdownOutput(socket);
  }
}
