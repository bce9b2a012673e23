package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeanTransportTest {

  private static final Set<ChannelOption<?>> DEFAULTED = Set.of(ChannelOption.SO_KEEPALIVE,
      ChannelOption.TCP_NODELAY, EpollChannelOption.TCP_USER_TIMEOUT, EpollChannelOption.TCP_QUICKACK,
      EpollChannelOption.TCP_CORK);

  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void vertxStillAsksForEveryChildOptionSoTheTrimmingHasSomethingToDo() {
    ServerBootstrap bootstrap = new ServerBootstrap();
    io.vertx.core.transport.Transport.nativeTransport().implementation()
        .configure(new NetServerOptions(), false, bootstrap);
    // If an upgrade stops setting these, the wrapper can go.
    assertTrue(bootstrap.config().childOptions().keySet().containsAll(DEFAULTED),
        "child options Vert.x sets: " + bootstrap.config().childOptions().keySet());
  }

  @Test
  void defaultServerOptionsLeaveNoChildOptionAtItsDefault() {
    ServerBootstrap bootstrap = new ServerBootstrap();
    LeanTransport.preferNative().implementation().configure(new NetServerOptions(), false, bootstrap);
    Map<ChannelOption<?>, Object> left = bootstrap.config().childOptions();
    for (ChannelOption<?> option : DEFAULTED) {
      assertFalse(left.containsKey(option), option + " is still set per connection: " + left);
    }
  }

  @Test
  void aClientsConnectionsGetOnlyTheOptionsThatDifferFromAFreshSocket() {
    Bootstrap bootstrap = new Bootstrap();
    LeanTransport.preferNative().implementation().configure(new NetClientOptions(), 5000, false, bootstrap);
    Map<ChannelOption<?>, Object> left = bootstrap.config().options();
    for (ChannelOption<?> option : DEFAULTED) {
      assertFalse(left.containsKey(option), option + " is still set per connection: " + left);
    }
    assertEquals(true, left.get(ChannelOption.SO_REUSEADDR), "not a kernel default: still set");
    assertEquals(5000, left.get(ChannelOption.CONNECT_TIMEOUT_MILLIS));
  }

  @Test
  void optionsAServiceChangesStillReachEveryConnection() {
    ServerBootstrap bootstrap = new ServerBootstrap();
    LeanTransport.preferNative().implementation().configure(new NetServerOptions()
        .setTcpKeepAlive(true).setTcpNoDelay(false).setTcpUserTimeout(5000).setTcpQuickAck(true)
        .setTcpCork(true), false, bootstrap);
    Map<ChannelOption<?>, Object> left = bootstrap.config().childOptions();
    assertEquals(true, left.get(ChannelOption.SO_KEEPALIVE));
    assertEquals(false, left.get(ChannelOption.TCP_NODELAY));
    assertEquals(5000, left.get(EpollChannelOption.TCP_USER_TIMEOUT));
    assertEquals(true, left.get(EpollChannelOption.TCP_QUICKACK));
    assertEquals(true, left.get(EpollChannelOption.TCP_CORK));
  }

  @Test
  void anAcceptedConnectionHasTheDefaultsItWasNotToldAgain() throws Exception {
    vertx = Vertx.builder().withTransport(LeanTransport.preferNative()).build();
    assertEquals(Epoll.isAvailable(), vertx.isNativeTransportEnabled(),
        "the wrapper must keep the native transport where it loads");
    // What a fresh socket has and the trimming relies on, read back from the kernel.
    assertEquals(Map.of(ChannelOption.TCP_NODELAY, true, ChannelOption.SO_KEEPALIVE, false),
        acceptOne(new NetServerOptions()));
  }

  @Test
  void anAcceptedConnectionGetsAnOptionThatDiffersFromTheDefault() throws Exception {
    vertx = Vertx.builder().withTransport(LeanTransport.preferNative()).build();
    assertEquals(Map.of(ChannelOption.TCP_NODELAY, false, ChannelOption.SO_KEEPALIVE, true),
        acceptOne(new NetServerOptions().setTcpKeepAlive(true).setTcpNoDelay(false)));
  }

  @Test
  void connectionsAreAcceptedOnTheEventLoopsWithoutAThreadOfTheirOwn() throws Exception {
    vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(2))
        .withTransport(LeanTransport.preferNative()).build();
    acceptOne(new NetServerOptions());
    List<String> acceptors = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(name -> name.startsWith("vert.x-acceptor")).toList();
    assertEquals(List.of(), acceptors);
    // Closing Vert.x (after the test) still ends cleanly.
  }

  @Test
  void aVerticlesConnectionsAreAcceptedOnItsOwnLoop() throws Exception {
    vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(4))
        .withTransport(LeanTransport.preferNative()).build();
    CompletableFuture<Boolean> acceptedOnItsLoop = new CompletableFuture<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
            .connectHandler(socket -> {
              Channel channel = VertxInternals.channelContext(socket).channel();
              // The listening socket's loop is the one the connection is served on.
              acceptedOnItsLoop.complete(channel.parent().eventLoop() == channel.eventLoop());
              socket.close();
            })
            .listen().onSuccess(server -> port.complete(server.actualPort()));
      }
    }).await(20, TimeUnit.SECONDS);
    try (LineClient client = LineClient.connect(port.get(20, TimeUnit.SECONDS))) {
      assertTrue(acceptedOnItsLoop.get(20, TimeUnit.SECONDS));
    }
  }

  /** TCP_NODELAY and SO_KEEPALIVE of the server's side of one accepted connection. */
  private Map<ChannelOption<Boolean>, Boolean> acceptOne(NetServerOptions options) throws Exception {
    CompletableFuture<Map<ChannelOption<Boolean>, Boolean>> accepted = new CompletableFuture<>();
    NetServer server = vertx.createNetServer(options.setHost("127.0.0.1").setPort(0)).connectHandler(socket -> {
      ChannelConfig config = VertxInternals.channelContext(socket).channel().config();
      accepted.complete(Map.of(ChannelOption.TCP_NODELAY, config.getOption(ChannelOption.TCP_NODELAY),
          ChannelOption.SO_KEEPALIVE, config.getOption(ChannelOption.SO_KEEPALIVE)));
      socket.close();
    });
    int port = server.listen().await(20, TimeUnit.SECONDS).actualPort();
    try (LineClient client = LineClient.connect(port)) {
      return accepted.get(20, TimeUnit.SECONDS);
    }
  }
}
