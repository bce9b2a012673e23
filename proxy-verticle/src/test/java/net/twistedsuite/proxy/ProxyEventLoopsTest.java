package net.twistedsuite.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.Deployments;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LogCapture;
import net.twistedsuite.finger.FingerProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy on two event loops: concurrent clients on both get their own answers, and its limits
 * (clients at once, upstream queries in flight) hold across the loops. Each connection's outcome
 * line is logged on the loop that served it, which is how the tests see the loops (each test asks
 * for users of its own: a connection of an earlier test may still log its line while a later one runs).
 */
@ExtendWith(VertxExtension.class)
class ProxyEventLoopsTest {

  private final LogCapture connections = new LogCapture(FingerProtocol.class);
  private final ExecutorService clients = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    clients.shutdownNow();
    connections.close();
  }

  private static ProxyVerticle deploy(Vertx vertx, int upstreamPort, JsonObject extra) throws Exception {
    return Deployments.deploy(vertx, new ProxyVerticle(), Deployments.loopback().put("eventLoops", 2)
        .put("upstream", new JsonObject().put("host", "127.0.0.1").put("port", upstreamPort)
            .put("timeoutMs", 30_000).put("queueTimeoutMs", 60_000))
        .mergeIn(extra, true));
  }

  @Test
  void concurrentClientsOnBothLoopsGetTheirOwnAnswersWithinOneUpstreamLimit(Vertx vertx) throws Exception {
    int queries = 16;
    try (StubFingerServer upstream = StubFingerServer.gated(vertx, q -> "Plan of " + q + "\r\n")) {
      int port = deploy(vertx, upstream.port(), new JsonObject()
          .put("upstream", new JsonObject().put("maxConnections", 3))).actualPort();
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < queries; i++) {
        String user = "spread" + i;
        answers.add(clients.submit(() -> LineClient.exchange(port, user + "\r\n")));
      }
      // Three upstream queries are held; the rest wait for a place, whichever loop they came on.
      Await.until(() -> upstream.requests().size() == 3, "three queries reach the upstream");
      upstream.release();
      for (int i = 0; i < queries; i++) {
        assertEquals("Plan of spread" + i + "\r\n", answers.get(i).get(60, TimeUnit.SECONDS));
      }
      assertEquals(queries, upstream.requests().size());
      assertEquals(3, upstream.maxBusy(), "upstream.maxConnections is one limit for both loops");
    }
    Await.until(() -> connections.linesContaining("\"spread").size() == queries, "every answer logged");
    assertEquals(2, connections.loopsLogging("\"spread").size(), connections.lines().toString());
  }

  @Test
  void maxConnectionsHoldsAcrossTheLoops(Vertx vertx) throws Exception {
    try (StubFingerServer upstream = StubFingerServer.answering(vertx, q -> "Plan of " + q + "\r\n")) {
      ProxyVerticle proxy = deploy(vertx, upstream.port(), new JsonObject().put("maxConnections", 3));
      int port = proxy.actualPort();
      try (LineClient.Admitted admitted = LineClient.connectAdmitted(port, 3, proxy::openConnections)) {
        assertEquals("Too many connections\r\n", LineClient.exchange(port, ""));
        assertEquals(3, proxy.openConnections());
        for (LineClient client : admitted.clients()) {
          assertEquals("Plan of limited\r\n", client.send("limited\r\n").readToEnd());
        }
      }
      Await.until(() -> proxy.openConnections() == 0, "every place is given back");
      assertEquals("Plan of limited\r\n", LineClient.exchange(port, "limited\r\n"));
    }
    Await.until(() -> connections.linesContaining("\"limited\" answered").size() == 4, "4 answers logged");
    assertEquals(2, connections.loopsLogging("\"limited\" answered").size(), connections.lines().toString());
  }
}
