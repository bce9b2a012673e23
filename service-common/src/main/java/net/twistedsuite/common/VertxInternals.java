package net.twistedsuite.common;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.DuplexChannelConfig;
import io.netty.channel.unix.Errors;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.spi.cluster.ClusterManager;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The one place that reaches past Vert.x's public API, into its internal packages and the Netty
 * channels beneath. Each use is a capability the public API of Vert.x 5.0 lacks: keeping a
 * half-closed connection open, dropping a connection without flushing what a client never read,
 * asking whether a clustered Vert.x is still a member, seeing a web client's response before its
 * body is read, a verticle's resources on more than one event loop. Everything else in the suite uses
 * these methods, never the internal types.
 *
 * <p>{@link #verify()} checks, when a service starts, that every internal type and method is still
 * there; the launcher stops with one line naming what is gone (a Vert.x upgrade moved it), rather
 * than the first client meeting a {@code NoSuchMethodError}. What has a fallback falls back
 * instead: {@link #forceClose} closes politely, {@link #clusterActive} answers from the public
 * API, {@link #onResponse} reports that it could not hook in. {@code VertxInternalsTest} exercises
 * each over real sockets, so an upgrade that breaks one fails the build.
 */
public final class VertxInternals {

  /** Owner type, member, and what stops working without it; required ones fail the start. */
  private record Needed(String type, String method, String purpose, boolean required) {
  }

  private static final List<Needed> NEEDED = List.of(
      new Needed("io.vertx.core.internal.net.NetSocketInternal", "channelHandlerContext",
          "half-closed connections", true),
      new Needed("io.netty.channel.socket.DuplexChannel", "shutdownOutput", "half-closed connections", true),
      new Needed("io.netty.channel.socket.ChannelInputShutdownEvent", null, "half-closed connections", true),
      new Needed("io.netty.util.internal.PlatformDependent", "canEnableTcpNoDelayByDefault",
          "the lean transport's socket options", true),
      new Needed("io.netty.channel.unix.Errors$NativeIoException", "expectedErr",
          "telling a reset connection from other failures", false),
      new Needed("io.vertx.core.internal.VertxInternal", "clusterManager", "the cluster readiness check", false),
      new Needed("io.vertx.core.internal.VertxInternal", "contextBuilder",
          "serving a port on several event loops", true),
      new Needed("io.vertx.core.internal.ContextInternal", "closeFuture", "serving a port on several event loops",
          true),
      new Needed("io.vertx.ext.web.client.impl.WebClientInternal", "addInterceptor",
          "dropping a refused page's connection at once", false));

  private VertxInternals() {
  }

  /**
   * Checks that every internal this suite uses is present.
   *
   * @throws IllegalStateException with one line naming the first required member that is gone
   */
  public static void verify() {
    List<String> missing = missing(true);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("this Vert.x (" + vertxVersion() + ") has no " + missing.get(0)
          + "; the suite is built for the Vert.x in its parent pom");
    }
  }

  /**
   * What is gone, each as {@code "Type.member() (for what)"}: the required ones only, or all. A
   * web-client member is only looked for where the web client is on the class path.
   */
  static List<String> missing(boolean requiredOnly) {
    List<String> missing = new ArrayList<>();
    for (Needed needed : NEEDED) {
      if (requiredOnly && !needed.required()) {
        continue;
      }
      String name = needed.type() + (needed.method() == null ? "" : "." + needed.method() + "()");
      try {
        Class<?> type = Class.forName(needed.type(), false, VertxInternals.class.getClassLoader());
        if (needed.method() != null && !hasMethod(type, needed.method())) {
          missing.add(name + " (for " + needed.purpose() + ")");
        }
      } catch (ClassNotFoundException | LinkageError e) {
        boolean webClientAbsent = needed.type().startsWith("io.vertx.ext.web.client")
            && !present("io.vertx.ext.web.client.WebClient");
        if (!webClientAbsent) {
          missing.add(name + " (for " + needed.purpose() + ")");
        }
      }
    }
    return missing;
  }

  private static boolean hasMethod(Class<?> type, String method) {
    for (var candidate : type.getMethods()) {
      if (candidate.getName().equals(method)) {
        return true;
      }
    }
    return false;
  }

  private static boolean present(String type) {
    try {
      Class.forName(type, false, VertxInternals.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static String vertxVersion() {
    String version = Vertx.class.getPackage().getImplementationVersion();
    return version == null ? "version unknown" : version;
  }

  /** The Netty handler context of the socket's channel; {@code null} for a socket that has none. */
  static ChannelHandlerContext channelContext(NetSocket socket) {
    return socket instanceof NetSocketInternal internal ? internal.channelHandlerContext() : null;
  }

  /** See {@link HalfClose#onInputEnd}. */
  static void onInputEnd(NetSocket socket, Runnable inputEnded) {
    ChannelHandlerContext vertxHandler = channelContext(socket);
    if (vertxHandler == null) {
      return;
    }
    Context context = Vertx.currentContext();
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

  /** See {@link HalfClose#shutdownOutput}. */
  static Future<Void> shutdownOutput(NetSocket socket) {
    ChannelHandlerContext handler = channelContext(socket);
    if (handler == null || !(handler.channel() instanceof DuplexChannel channel)) {
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

  /**
   * Closes the connection at once, dropping whatever is still queued for it. {@code
   * NetSocket.close()} first waits for everything queued to be written, which never happens for
   * a client that does not read. Without a channel to close, closes the socket the public way.
   */
  public static void forceClose(NetSocket socket) {
    ChannelHandlerContext handler = channelContext(socket);
    if (handler == null) {
      socket.close();
    } else {
      handler.close();
    }
  }

  /** Whether Netty's socket channels switch Nagle off as they are created, on this platform. */
  static boolean tcpNoDelayByDefault() {
    return PlatformDependent.canEnableTcpNoDelayByDefault();
  }

  /**
   * A new event-loop context on the next of Vert.x's loops that lives and dies with {@code owner}:
   * what is started on it (a server, its connections' timers) is closed when the owner's verticle
   * is undeployed, after that verticle's {@code stop()}, as if started on the owner's own context.
   * The public API gives a new context only to a new verticle, which Vert.x would undeploy (and
   * whose servers it would close, cutting their connections off) before the owner's stop could
   * shut them down gracefully.
   */
  static Context eventLoopContext(Context owner) {
    ContextInternal context = (ContextInternal) owner;
    return context.owner().contextBuilder().withCloseFuture(context.closeFuture()).build();
  }

  /**
   * Whether this clustered Vert.x is still a member of its cluster (the public API only says
   * whether it was started clustered, which is the answer where the question cannot be asked).
   */
  public static boolean clusterActive(Vertx vertx) {
    try {
      if (vertx instanceof VertxInternal internal) {
        ClusterManager manager = internal.clusterManager();
        return manager != null && manager.isActive();
      }
    } catch (LinkageError e) {
      // Gone in this Vert.x: fall back to the public answer.
    }
    return vertx.isClustered();
  }

  /**
   * Whether Vert.x reports {@code failure} for a connection not established within the
   * client's connect timeout (it passes on Netty's own exception).
   */
  public static boolean isConnectTimeout(Throwable failure) {
    return failure instanceof ConnectTimeoutException;
  }

  /**
   * Whether {@code failure} says the peer reset the connection. The native transport (epoll)
   * reports the system's error number with Netty's {@link Errors.NativeIoException}; Java NIO
   * turns its internal {@code ConnectionResetException} into a plain {@link SocketException} with
   * the fixed text {@code "Connection reset"}, which is then all there is to go by.
   */
  public static boolean isConnectionReset(Throwable failure) {
    if (failure instanceof Errors.NativeIoException nativeFailure) {
      return nativeFailure.expectedErr() == Errors.ERRNO_ECONNRESET_NEGATIVE;
    }
    return failure.getClass() == SocketException.class && "Connection reset".equals(failure.getMessage());
  }

  /**
   * Whether a connect {@code failure} says there is no route to the host or its network. Java NIO
   * throws {@link NoRouteToHostException} for both; the native transport only for an unreachable
   * network, and reports an unreachable host (EHOSTUNREACH) as a {@link ConnectException} whose
   * message carries the error number, its only trace.
   */
  public static boolean isUnreachable(Throwable failure) {
    return failure instanceof NoRouteToHostException
        || failure instanceof ConnectException && String.valueOf(failure.getMessage()).contains("error(-113)");
  }

  /**
   * Has {@code client} hand each response, as soon as its head has arrived and before its body is
   * read, to {@code received} with the request it answers. The web client's public API offers no
   * such hook. Returns {@code false}, with nothing installed, where the client cannot be hooked.
   */
  public static boolean onResponse(io.vertx.ext.web.client.WebClient client,
      BiConsumer<io.vertx.ext.web.client.HttpRequest<?>, HttpClientResponse> received) {
    try {
      return WebClientHook.install(client, received);
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  /** Apart, so that services without the web client never load its internal types. */
  private static final class WebClientHook {
    static boolean install(io.vertx.ext.web.client.WebClient client,
        BiConsumer<io.vertx.ext.web.client.HttpRequest<?>, HttpClientResponse> received) {
      if (!(client instanceof io.vertx.ext.web.client.impl.WebClientInternal internal)) {
        return false;
      }
      internal.addInterceptor(context -> {
        if (context.phase() == io.vertx.ext.web.client.impl.ClientPhase.RECEIVE_RESPONSE
            && context.clientResponse() != null) {
          received.accept(context.request(), context.clientResponse());
        }
        context.next();
      });
      return true;
    }
  }
}
