package net.twistedsuite.common;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.DuplexChannelConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Half-closed connections, both ways. Lets a client shut down its sending side and still read
 * every answer; lets a server shut down its own sending side and still read, so that it can
 * close a connection without the reset that makes the client's kernel drop answers it has
 * received but not yet handed to the client.
 *
 * <p>Lets a client shut down its sending side and still read every answer. {@code nc -N}, and
 * {@code nc -q} on Debian, do that at the end of their input, as does {@code shutdown(SHUT_WR)};
 * by default Netty then closes the whole connection at once, dropping the answers to lines not
 * read yet or still being looked up. Vert.x 5.0 has no option for half-closed connections, so
 * this sets Netty's directly on the socket's channel, through Vert.x's internal
 * {@link NetSocketInternal}.
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
    if (!(socket instanceof NetSocketInternal internal)) {
      return;
    }
    Context context = Vertx.currentContext();
    ChannelHandlerContext vertxHandler = internal.channelHandlerContext();
    // Without the option Netty still closes the connection at the client's half-close, losing
    // answers without a trace. A transport that refuses it is a deployment mistake: failing here
    // reports it on the first connection rather than letting clients lose answers unnoticed.
    ChannelConfig config = vertxHandler.channel().config();
    if (config instanceof DuplexChannelConfig duplex) {
      // The typed setter: the generic setOption costs a finger query several percent of its CPU.
      duplex.setAllowHalfClosure(true);
    } else if (!config.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true)) {
      throw new IllegalStateException("this transport cannot keep a half-closed connection open");
    }
    // Right before Vert.x's own handler rather than first in the pipeline: the event is then seen
    // after any decoder in between (TLS) has passed on the last bytes it held, as Vert.x sees it.
    vertxHandler.pipeline().addBefore(vertxHandler.name(), "half-close", new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
          // Queued behind the delivery of the bytes read before it, so the input is complete.
          context.runOnContext(v -> inputEnded.run());
        }
        super.userEventTriggered(ctx, event);
      }
    });
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
    if (!(socket instanceof NetSocketInternal internal)
        || !(internal.channelHandlerContext().channel() instanceof DuplexChannel channel)) {
      return socket.close();
    }
    Promise<Void> done = Promise.promise();
    Context context = Vertx.currentContext();
    channel.shutdownOutput().addListener(result -> {
      Runnable complete = () -> {
        if (result.isSuccess()) {
          done.complete();
        } else {
          done.fail(result.cause());
        }
      };
      if (context == null) {
        complete.run();
      } else {
        context.runOnContext(v -> complete.run());
      }
    });
    return done.future();
  }
}
