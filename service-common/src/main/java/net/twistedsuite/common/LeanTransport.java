package net.twistedsuite.common;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.transport.Transport;
import java.net.SocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x's transport (epoll, or Java NIO where epoll cannot load) with two changes that take a
 * short connection's system calls from 23 to about 14: an accepted (or connected) socket gets
 * only the options that differ from what it has anyway, and connections are accepted on the event
 * loops rather than on a thread of their own (see {@code eventLoopGroup}).
 *
 * <p>Vert.x 5.0 asks Netty to set every child option of a {@link NetServerOptions} on each
 * accepted socket, defaults included: {@code SO_KEEPALIVE} off, {@code TCP_NODELAY} on (which
 * Netty's socket channels already set when they are created), and with epoll
 * {@code TCP_USER_TIMEOUT} 0, {@code TCP_QUICKACK} off and {@code TCP_CORK} off. That is five
 * {@code setsockopt} calls per connection that change nothing: a fifth of a short finger query's
 * system calls. Here the options are still computed by Vert.x, and those equal to the state of a
 * fresh socket are taken out again, so any option a service does set still reaches the socket.
 *
 * <p>This is Vert.x's transport SPI ({@code io.vertx.core.spi.transport}), reached through the
 * public {@code Vertx.builder().withTransport(...)}. Everything else is passed to Vert.x's own
 * implementation unchanged. {@code LeanTransportTest} fails when an upgrade changes what the
 * options or a fresh socket look like.
 */
public final class LeanTransport implements Transport {

  private final Transport delegate;
  private final io.vertx.core.spi.transport.Transport implementation;

  private LeanTransport(Transport delegate) {
    this.delegate = delegate;
    this.implementation = new Implementation(delegate.implementation());
  }

  /**
   * The native transport for this system (epoll on Linux), setting no default-valued options on
   * accepted connections.
   */
  public static Transport preferNative() {
    Transport chosen = Transport.nativeTransport();
    // An unavailable native transport is still passed on: Vert.x then falls back to Java NIO
    // itself and keeps the reason, which the launcher logs.
    return new LeanTransport(chosen == null ? Transport.NIO : chosen);
  }

  /** Wraps {@code transport}. */
  public static Transport of(Transport transport) {
    return new LeanTransport(transport);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean available() {
    return delegate.available();
  }

  @Override
  public Throwable unavailabilityCause() {
    return delegate.unavailabilityCause();
  }

  @Override
  public io.vertx.core.spi.transport.Transport implementation() {
    return implementation;
  }

  /**
   * Removes from {@code bootstrap} the child options whose value a freshly accepted socket
   * already has, so that Netty does not set them again.
   */
  static void dropDefaultChildOptions(ServerBootstrap bootstrap) {
    dropDefaults(bootstrap.config().childOptions(), bootstrap::childOption);
  }

  /** The same for the sockets a client connects: the proxy's connections to its finger. */
  static void dropDefaultOptions(Bootstrap bootstrap) {
    dropDefaults(bootstrap.config().options(), bootstrap::option);
  }

  /** Sets (or with {@code null}, removes) one option of a bootstrap. */
  private interface OptionSetter {
    <T> Object set(ChannelOption<T> option, T value);
  }

  private static void dropDefaults(Map<ChannelOption<?>, Object> options, OptionSetter setter) {
    dropIf(options, setter, ChannelOption.SO_KEEPALIVE, Boolean.FALSE);
    if (VertxInternals.tcpNoDelayByDefault()) {
      // Netty's socket channels (epoll and NIO) switch Nagle off as they are created.
      dropIf(options, setter, ChannelOption.TCP_NODELAY, Boolean.TRUE);
    }
    dropIf(options, setter, EpollChannelOption.TCP_USER_TIMEOUT, 0);
    dropIf(options, setter, EpollChannelOption.TCP_QUICKACK, Boolean.FALSE);
    dropIf(options, setter, EpollChannelOption.TCP_CORK, Boolean.FALSE);
  }

  private static <T> void dropIf(Map<ChannelOption<?>, Object> options, OptionSetter setter,
      ChannelOption<T> option, T kernelDefault) {
    if (kernelDefault.equals(options.get(option))) {
      setter.set(option, null); // null removes the option
    }
  }

  /** Vert.x's implementation, with the server bootstrap trimmed after Vert.x configured it. */
  private static final class Implementation implements io.vertx.core.spi.transport.Transport {
    private final io.vertx.core.spi.transport.Transport delegate;
    /** The event loops of the Vert.x instance being built, until it asks for its acceptor. */
    private EventLoopGroup eventLoops;

    Implementation(io.vertx.core.spi.transport.Transport delegate) {
      this.delegate = delegate;
    }

    @Override
    public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
      delegate.configure(options, domainSocket, bootstrap);
      if (!domainSocket) {
        dropDefaultChildOptions(bootstrap);
      }
    }

    @Override
    public boolean supportsDomainSockets() {
      return delegate.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
      return delegate.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
      return delegate.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
      return delegate.unavailabilityCause();
    }

    @Override
    public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
      return delegate.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
      return delegate.convert(address);
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return delegate.ioHandlerFactory();
    }

    /**
     * Vert.x asks for its event loops first, then for a separate one-thread group that accepts
     * connections for every server. Accepting there costs each connection a hand-off to its
     * event loop: a wake-up written to the loop's eventfd and one more {@code epoll_wait}. Here
     * the acceptor group is the event loops themselves, and a server's listening socket goes to
     * the loop that opens it (a verticle listens from its own loop), so a connection for that
     * verticle is accepted and registered on one thread, as in a single-threaded C server; with
     * several instances of a verticle, the others' connections are still handed over. Vert.x
     * shuts the acceptor group down just before the event loops, so sharing changes nothing
     * there.
     */
    @Override
    public EventLoopGroup eventLoopGroup(int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
      synchronized (this) {
        if (type == ACCEPTOR_EVENT_LOOP_GROUP && eventLoops != null) {
          EventLoopGroup shared = new AcceptOnCallingLoop(eventLoops);
          eventLoops = null;
          return shared;
        }
        EventLoopGroup group = delegate.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
        if (type == IO_EVENT_LOOP_GROUP) {
          eventLoops = group;
        }
        return group;
      }
    }

    @Override
    public DatagramChannel datagramChannel() {
      return delegate.datagramChannel();
    }

    @Override
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
      return delegate.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
      return delegate.channelFactory(domainSocket);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
      return delegate.serverChannelFactory(domainSocket);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
      delegate.configure(channel, options);
    }

    @Override
    public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
      delegate.configure(options, connectTimeout, domainSocket, bootstrap);
      if (!domainSocket) {
        dropDefaultOptions(bootstrap);
      }
    }
  }

  /**
   * The event loops, except that a channel registered from one of them (a server socket bound
   * by a verticle) stays on that loop instead of going to the next in turn.
   */
  private static final class AcceptOnCallingLoop extends AbstractEventExecutorGroup implements EventLoopGroup {
    private final EventLoopGroup loops;

    AcceptOnCallingLoop(EventLoopGroup loops) {
      this.loops = loops;
    }

    @Override
    public EventLoop next() {
      for (EventExecutor loop : loops) {
        if (loop.inEventLoop()) {
          return (EventLoop) loop;
        }
      }
      return loops.next();
    }

    @Override
    public ChannelFuture register(Channel channel) {
      return next().register(channel);
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
      return next().register(promise);
    }

    @Deprecated
    @Override
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
      return next().register(channel, promise);
    }

    @Override
    public Iterator<EventExecutor> iterator() {
      return loops.iterator();
    }

    @Override
    public boolean isShuttingDown() {
      return loops.isShuttingDown();
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
      return loops.shutdownGracefully(quietPeriod, timeout, unit);
    }

    @Override
    public Future<?> terminationFuture() {
      return loops.terminationFuture();
    }

    @Deprecated
    @Override
    public void shutdown() {
      loops.shutdown();
    }

    @Override
    public boolean isShutdown() {
      return loops.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return loops.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return loops.awaitTermination(timeout, unit);
    }
  }
}
