package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A service's listeners on several event loops, over real sockets. */
class ListenersOnEventLoopsTest {

  @TempDir
  Path dir;

  private static final TlsOptions PLAIN = new TlsOptions(false, 0, null, null, false);

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
  private final LogCapture log = new LogCapture(Listeners.class);

  @AfterEach
  void close() throws Exception {
    log.close();
    Await.result(vertx.close());
  }

  /** Answers each connection with the name of the thread that serves it. */
  private static void nameTheThread(NetSocket socket) {
    socket.end(Buffer.buffer(Thread.currentThread().getName() + "\n"));
  }

  private Listeners listen(int loops, TlsOptions tls, Consumer<NetSocket> handler) throws Exception {
    return Await.result(Listeners.listen(vertx, "loops-test", "127.0.0.1", 0, tls, new NetServerOptions(), loops,
        handler::accept));
  }

  private static Set<String> threadsServing(int port, int connections) throws Exception {
    Set<String> threads = new HashSet<>();
    for (int i = 0; i < connections; i++) {
      threads.add(LineClient.exchange(port, "").trim());
    }
    return threads;
  }

  @Test
  void connectionsAreSpreadOverTheLoopsOfOnePort() throws Exception {
    Listeners listeners = listen(3, PLAIN, ListenersOnEventLoopsTest::nameTheThread);
    Set<String> threads = threadsServing(listeners.port(), 12);
    assertEquals(3, threads.size(), threads.toString());
    assertTrue(threads.stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")), threads.toString());
    assertEquals(List.of("INFO loops-test listening on 127.0.0.1:" + listeners.port() + " (3 event loops)"),
        log.lines(), "one start-up line for the address");
    assertEquals(3, listeners.eventLoops());
  }

  @Test
  void oneLoopIsTheCallersOwnAsBefore() throws Exception {
    Listeners listeners = listen(1, PLAIN, ListenersOnEventLoopsTest::nameTheThread);
    assertEquals(1, threadsServing(listeners.port(), 6).size());
    assertEquals(List.of("INFO loops-test listening on 127.0.0.1:" + listeners.port()), log.lines());
  }

  @Test
  void oneGateHoldsTheLimitAcrossLoops() throws Exception {
    ConnectionGate gate = new ConnectionGate(new ClientLimits(0, 0, 5, 5),
        new RefusalLog(vertx, LoggerFactory.getLogger(ListenersOnEventLoopsTest.class)));
    Listeners listeners = listen(2, PLAIN, socket -> {
      if (gate.admit(socket) == ConnectionGate.Admission.ADMITTED) {
        socket.closeHandler(v -> gate.release(socket));
        socket.write(Thread.currentThread().getName() + "\n");
      } else {
        socket.end(Buffer.buffer("full\n"));
      }
    });
    List<LineClient> clients = new ArrayList<>();
    try {
      Set<String> threads = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        LineClient client = LineClient.connect(listeners.port());
        clients.add(client);
        threads.add(client.readLine());
      }
      assertEquals(2, threads.size(), "the admitted clients are on both loops: " + threads);
      try (LineClient sixth = LineClient.connect(listeners.port())) {
        assertEquals("full", sixth.readLine());
      }
      clients.remove(0).close();
      Await.until(() -> gate.open() == 4, "a closed client's place is given back");
      try (LineClient again = LineClient.connect(listeners.port())) {
        assertTrue(again.readLine().startsWith("vert.x-eventloop-thread-"));
      }
    } finally {
      for (LineClient client : clients) {
        client.close();
      }
    }
    Await.until(() -> gate.open() == 0, "every place is given back");
  }

  @Test
  void tlsIsServedOnEveryLoopAndANewPairReachesThemAll() throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "first.test");
    Path first = certs.currentCert();
    TlsOptions tls = TlsOptions.fromResolved(new JsonObject().put("tls", new JsonObject(certs.tlsConfig(true))));
    Listeners listeners = listen(2, tls, socket -> socket.handler(line ->
        socket.write(Thread.currentThread().getName() + "\n")));
    assertEquals(-1, listeners.port(), "tls.only: no plain listener");
    int port = listeners.tlsPort();
    assertEquals(2, subjectsAndThreads(port, 8, first).threads.size());

    Path second = certs.rotate("second.test");
    Await.until(() -> subjectsAndThreads(port, 1, first, second).subjects.equals(Set.of("CN=second.test")),
        "a new connection gets the new pair");
    Served after = subjectsAndThreads(port, 8, first, second);
    assertEquals(Set.of("CN=second.test"), after.subjects, "every loop's connections get the new pair");
    assertEquals(2, after.threads.size());
  }

  private record Served(Set<String> subjects, Set<String> threads) {
  }

  private Served subjectsAndThreads(int port, int connections, Path... trusted) throws Exception {
    Set<String> subjects = new HashSet<>();
    Set<String> threads = new HashSet<>();
    for (int i = 0; i < connections; i++) {
      try (TlsClient client = TlsClient.connect(vertx, port, trusted)) {
        String thread = client.send("which\n").awaitReceived("\n").trim();
        threads.add(thread);
        subjects.add(client.peerSubject());
      }
    }
    return new Served(subjects, threads);
  }

  @Test
  void aTakenPortLeavesNothingListeningOnAnyLoop() throws Exception {
    Listeners first = listen(1, PLAIN, ListenersOnEventLoopsTest::nameTheThread);
    Vertx other = Vertx.vertx();
    try {
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> Await.result(Listeners.listen(other, "loops-test", "127.0.0.1", first.port(), PLAIN,
              new NetServerOptions(), 2, ListenersOnEventLoopsTest::nameTheThread)));
      assertEquals("cannot listen on 127.0.0.1:" + first.port() + ": Address already in use",
          e.getCause().getMessage());
      assertEquals(0, other.deploymentIDs().size(), "no loop's server is left deployed");
    } finally {
      Await.result(other.close());
    }
  }

  @Test
  void aVerticlesOwnStopShutsTheConnectionsOfEveryLoopDownGracefullyWhenUndeployed() throws Exception {
    assertGoodbyeOnEveryLoop(vertx, deployment -> vertx.undeploy(deployment));
  }

  @Test
  void aVerticlesOwnStopShutsTheConnectionsOfEveryLoopDownGracefullyWhenVertxCloses() throws Exception {
    // As the launcher stops a service (SIGTERM).
    Vertx closing = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    assertGoodbyeOnEveryLoop(closing, deployment -> closing.close());
  }

  /**
   * Each connection, told the server is stopping, takes a moment to say goodbye: a server closed at
   * once would cut it off with nothing said.
   */
  private void assertGoodbyeOnEveryLoop(Vertx owner, Function<String, Future<?>> stop) throws Exception {
    Set<String> loops = ConcurrentHashMap.newKeySet();
    int[] port = new int[1];
    String deployment = Await.result(owner.deployVerticle(new VerticleBase() {
      private Listeners listeners;

      @Override
      public Future<?> start() {
        return Listeners.listen(vertx, "loops-test", "127.0.0.1", 0, PLAIN, new NetServerOptions(), 2, socket -> {
          loops.add(Thread.currentThread().getName());
          socket.write(Thread.currentThread().getName() + "\n");
          socket.shutdownHandler(v -> vertx.setTimer(300, id -> socket.end(Buffer.buffer("goodbye\n"))));
        }).onSuccess(l -> {
          listeners = l;
          port[0] = l.port();
        });
      }

      @Override
      public Future<?> stop() {
        return listeners.shutdown(30, TimeUnit.SECONDS);
      }
    }));
    List<LineClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        LineClient client = LineClient.connect(port[0]);
        clients.add(client);
        assertTrue(client.readLine().startsWith("vert.x-eventloop-thread-"));
      }
      assertEquals(2, loops.size(), "served on two loops: " + loops);
      Await.result(stop.apply(deployment));
      for (LineClient client : clients) {
        assertEquals("goodbye", client.readLine(), "each connection is shut down by the verticle's stop");
      }
    } finally {
      for (LineClient client : clients) {
        client.close();
      }
    }
  }

  @Test
  void shutdownClosesTheConnectionsOfEveryLoop() throws Exception {
    Listeners listeners = listen(2, PLAIN, socket -> socket.write(Thread.currentThread().getName()
        + "\n"));
    List<LineClient> clients = new ArrayList<>();
    Set<String> threads = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      LineClient client = LineClient.connect(listeners.port());
      clients.add(client);
      threads.add(client.readLine());
    }
    assertEquals(2, threads.size());
    Await.result(listeners.shutdown(0, TimeUnit.SECONDS));
    for (LineClient client : clients) {
      assertTrue(client.closedByServer(), "every connection is closed");
      client.close();
    }
    assertEquals(0, vertx.deploymentIDs().size(), "the loops' servers are undeployed");
  }
}
