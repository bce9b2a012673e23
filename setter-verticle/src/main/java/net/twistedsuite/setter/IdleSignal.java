package net.twistedsuite.setter;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Reports the idle timeout of {@code NetServerOptions} instead of letting it close the socket:
 * Vert.x 5.0 closes an idle socket silently, and a setter client must be told why it is
 * disconnected. Every other event goes on to Vert.x unchanged.
 */
final class IdleSignal extends ChannelInboundHandlerAdapter {

  private final Context context;
  private final Handler<Void> onIdle;

  private IdleSignal(Context context, Handler<Void> onIdle) {
    this.context = context;
    this.onIdle = onIdle;
  }

  /**
   * Installs the signal on a socket just accepted (before its first read), calling
   * {@code onIdle} on {@code context}.
   */
  static void install(NetSocket socket, Context context, Handler<Void> onIdle) {
    ChannelHandlerContext vertxHandler = ((NetSocketInternal) socket).channelHandlerContext();
    // After Netty's idle-state handler, which raises the event, and before Vert.x's, which would
    // close the socket on it.
    vertxHandler.pipeline().addBefore(vertxHandler.name(), "setter-idle", new IdleSignal(context, onIdle));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      context.runOnContext(onIdle);
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }
}
