package net.twistedsuite.common;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.transport.Transport;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * Vert.x's transport (epoll, or Java NIO where epoll cannot load) with one change: an accepted
 * connection gets only the socket options that differ from what it has anyway.
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
    Map<ChannelOption<?>, Object> options = bootstrap.config().childOptions();
    dropIf(bootstrap, options, ChannelOption.SO_KEEPALIVE, Boolean.FALSE);
    if (PlatformDependent.canEnableTcpNoDelayByDefault()) {
      // Netty's socket channels (epoll and NIO) switch Nagle off as they are created.
      dropIf(bootstrap, options, ChannelOption.TCP_NODELAY, Boolean.TRUE);
    }
    dropIf(bootstrap, options, EpollChannelOption.TCP_USER_TIMEOUT, 0);
    dropIf(bootstrap, options, EpollChannelOption.TCP_QUICKACK, Boolean.FALSE);
    dropIf(bootstrap, options, EpollChannelOption.TCP_CORK, Boolean.FALSE);
  }

  private static <T> void dropIf(ServerBootstrap bootstrap, Map<ChannelOption<?>, Object> options,
      ChannelOption<T> option, T kernelDefault) {
    if (kernelDefault.equals(options.get(option))) {
      bootstrap.childOption(option, null); // null removes the option
    }
  }

  /** Vert.x's implementation, with the server bootstrap trimmed after Vert.x configured it. */
  private static final class Implementation implements io.vertx.core.spi.transport.Transport {
    private final io.vertx.core.spi.transport.Transport delegate;

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

    @Override
    public EventLoopGroup eventLoopGroup(int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
      return delegate.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
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
    }
  }
}
