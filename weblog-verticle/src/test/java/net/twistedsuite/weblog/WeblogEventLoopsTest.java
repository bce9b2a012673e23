package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ClosedAfterEach;
import net.twistedsuite.common.Deployments;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Clients served on two event loops: one tailer, every hit to every client of every loop. */
@ExtendWith(VertxExtension.class)
class WeblogEventLoopsTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private AccessLog log;
  private WeblogVerticle verticle;
  @RegisterExtension
  final ClosedAfterEach opened = new ClosedAfterEach();

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    log = new AccessLog(dir.resolve("access.log"));
  }

  private int deploy(JsonObject overrides) throws Exception {
    log.hits("/before-start");
    verticle = Deployments.deploy(vertx, new WeblogVerticle(), Deployments.loopback().put("eventLoops", 2)
        .put("logFile", log.path().toString())
        .put("pollIntervalMs", 20).put("pushIntervalMs", 0)
        .put("http", new JsonObject().put("enabled", false))
        .put("admin", new JsonObject().put("enabled", false))
        .mergeIn(overrides));
    return verticle.actualPort();
  }

  /** Waits until the service counts {@code clients} clients; returns them by loop. */
  private Map<String, Integer> awaitClients(int clients) throws Exception {
    Await.until(() -> verticle.clientsByLoop().values().stream().mapToInt(Integer::intValue).sum() == clients,
        clients + " clients are connected");
    return verticle.clientsByLoop();
  }

  @Test
  void everyClientOnEitherLoopGetsEveryHitOnceAndInOrder() throws Exception {
    int port = deploy(new JsonObject());
    List<HitStream> clients = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      clients.add(opened.add(HitStream.connect(port)));
    }
    Map<String, Integer> byLoop = awaitClients(20);
    assertEquals(2, byLoop.size(), "clients served on two event-loop threads: " + byLoop);
    byLoop.values().forEach(n -> assertEquals(10, n, "connections alternate between the loops: " + byLoop));

    String[] resources = IntStream.range(0, 3000).mapToObj(i -> "/n/" + i).toArray(String[]::new);
    List<Future<List<String>>> received = new ArrayList<>();
    for (HitStream client : clients) {
      received.add(opened.threads().submit(() -> client.nextResources(resources.length)));
    }
    for (int from = 0; from < resources.length; from += 100) {
      log.hits(Arrays.copyOfRange(resources, from, from + 100));
    }
    for (int i = 0; i < clients.size(); i++) {
      assertEquals(List.of(resources), received.get(i).get(60, TimeUnit.SECONDS), "client " + i);
    }
    log.hits("/after");
    for (HitStream client : clients) {
      assertEquals(List.of("/after"), client.nextResources(1), "nothing doubled before the next hit");
    }
  }

  @Test
  void aRequestGetsEveryHitReadAlthoughItsLoopHasNotBeenHandedThemYet() throws Exception {
    int port = deploy(new JsonObject().put("pushIntervalMs", 3_600_000));
    try (HitStream puller = HitStream.connect(port); HitStream asker = HitStream.connect(port)) {
      assertEquals(2, awaitClients(2).size(), "one client on each loop");
      for (int round = 0; round < 30; round++) {
        String resource = "/round/" + round;
        log.hits(resource);
        // Once the service has read the hit (the puller has it), a request on the other loop gets
        // it at once, even if the batch is still on its way to that loop; and only once.
        HitStream.Element element;
        do {
          element = puller.send("\n").next();
        } while (element.name().equals("none"));
        assertEquals(resource, element.attr("resource"));
        assertEquals(List.of(resource), asker.send("\n").nextResources(1), "round " + round);
      }
      assertEquals("none", asker.send("\n").next().name(), "nothing came twice");
    }
  }

  @Test
  void maxConnectionsHoldsOverBothLoops() throws Exception {
    int port = deploy(new JsonObject().put("maxConnections", 10));
    List<Callable<HitStream>> connects = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      connects.add(() -> opened.add(HitStream.connect(port)));
    }
    List<HitStream> clients = new ArrayList<>();
    for (Future<HitStream> connected : opened.threads().invokeAll(connects)) {
      clients.add(connected.get());
    }
    log.hits("/served");
    int refused = 0;
    for (HitStream client : clients) {
      HitStream.Element first = client.next();
      if (first.name().equals("error")) {
        assertEquals("too many clients (maxConnections 10)", first.text());
        refused++;
      } else {
        assertEquals("/served", first.attr("resource"));
      }
    }
    assertEquals(1, refused, "exactly one of 11 clients over 10 places is refused");
    Map<String, Integer> byLoop = awaitClients(10);
    assertEquals(2, byLoop.size(), "the 10 places are taken on both loops: " + byLoop);
  }

  @Test
  void aClientThatDoesNotReadIsDroppedWhileTheOthersOnBothLoopsGetEverything() throws Exception {
    int port = deploy(new JsonObject().put("maxQueuedBytes", 256 * 1024));
    long written = 0;
    // Connections alternate between the loops: the slow one and two readers on one, two on the other.
    try (LineClient slow = LineClient.withReceiveBuffer(port, 4096, 30_000)) {
      List<HitStream> fast = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fast.add(opened.add(HitStream.connect(port)));
      }
      Map<String, Integer> byLoop = awaitClients(5);
      assertEquals(2, byLoop.size(), byLoop.toString());
      assertTrue(byLoop.values().stream().allMatch(n -> n >= 2), "readers on the slow client's loop too: " + byLoop);
      // Twice what the socket buffers of both ends can hold, paced so the readers keep up.
      for (int round = 0; round < 80; round++) {
        String[] resources = AccessLog.bulkyResources(round, 25);
        written += AccessLog.length(resources);
        log.hits(resources);
        for (HitStream reader : fast) {
          assertEquals(List.of(resources), reader.nextResources(resources.length), "round " + round);
        }
      }
      Map<String, Integer> after = awaitClients(4);
      assertEquals(2, after.size(), "the readers are still served on both loops: " + after);
      long read = HitStream.bytesUntilClosed(slow.socket());
      assertTrue(read < written, "the slow client was cut off: it read " + read + " of " + written);
    }
  }
}
