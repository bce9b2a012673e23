package net.twistedsuite.fib;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Lets a client shut down its sending side and still read every answer. {@code nc -N}, and
 * {@code nc -q} on Debian, do that at the end of their input; by default Netty then closes the
 * whole connection at once, dropping the answers to lines not read yet. Vert.x has no option for
 * half-closed connections, so this sets Netty's directly on the socket's channel.
 */
final class HalfClose {

  private HalfClose() {
  }

  /**
   * Keeps {@code socket} open when the client's input ends and runs {@code inputEnded} on the
   * current context instead, after the data received before the end has been handed to the
   * socket's handler or queued by Vert.x. Does nothing for sockets that are not Netty channels.
   */
  static void onInputEnd(NetSocket socket, Runnable inputEnded) {
    if (!(socket instanceof NetSocketInternal internal)) {
      return;
    }
    Context context = Vertx.currentContext();
    ChannelHandlerContext channel = internal.channelHandlerContext();
    channel.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    channel.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
          context.runOnContext(v -> inputEnded.run());
        }
        super.userEventTriggered(ctx, event);
      }
    });
  }
}
