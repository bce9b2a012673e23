package net.twistedsuite.setter;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Two things a setter connection must hear about that Vert.x 5.0's {@link NetSocket} does not
 * report. The client finishing its input: Vert.x closes a socket as soon as the client half-closes
 * it, so {@code nc -N} could never read the answer; with half-closure allowed the socket stays
 * open for the answer and this reports the end of input instead. The idle timeout of
 * {@code NetServerOptions}: Vert.x closes an idle socket silently; this reports it instead, so the
 * client can be told why. Every other event goes on to Vert.x unchanged.
 */
final class ClientSignals extends ChannelInboundHandlerAdapter {

  private final Context context;
  private final Handler<Void> onInputEnd;
  private final Handler<Void> onIdle;

  private ClientSignals(Context context, Handler<Void> onInputEnd, Handler<Void> onIdle) {
    this.context = context;
    this.onInputEnd = onInputEnd;
    this.onIdle = onIdle;
  }

  /**
   * Installs the signals on a socket just accepted (before its first read), calling the handlers
   * on {@code context}.
   */
  static void install(NetSocket socket, Context context, Handler<Void> onInputEnd, Handler<Void> onIdle) {
    ChannelHandlerContext vertxHandler = ((NetSocketInternal) socket).channelHandlerContext();
    if (!vertxHandler.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true)) {
      throw new IllegalStateException("this transport cannot keep a half-closed connection open");
    }
    vertxHandler.pipeline().addBefore(vertxHandler.name(), "setter-signals",
        new ClientSignals(context, onInputEnd, onIdle));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == ChannelInputShutdownEvent.INSTANCE) {
      // Queued behind the delivery of the bytes read before it, so the input is complete.
      context.runOnContext(onInputEnd);
    } else if (event instanceof IdleStateEvent) {
      context.runOnContext(onIdle);
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }
}
