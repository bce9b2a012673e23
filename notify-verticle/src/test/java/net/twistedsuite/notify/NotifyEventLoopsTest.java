package net.twistedsuite.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ClientsAtTheLimit;
import net.twistedsuite.common.ClosedAfterEach;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.notify.client.NotifyWire;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Clients served on two event loops: one consumer of the events, every event to every subscriber. */
@ExtendWith(VertxExtension.class)
class NotifyEventLoopsTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private Path ads;
  private NotifyVerticle verticle;
  private Context publisher;
  private int published;
  @RegisterExtension
  final ClosedAfterEach opened = new ClosedAfterEach();

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    publisher = vertx.getOrCreateContext();
    ads = dir.resolve("classifieds.txt");
    Files.writeString(ads, "nice flat in the 11e\n");
  }

  private int deploy(JsonObject overrides) throws Exception {
    verticle = NotifyTestServer.start(vertx, ads,
        new JsonObject().put("eventLoops", 2).put("admin", new JsonObject().put("enabled", false)).mergeIn(overrides));
    return verticle.actualPort();
  }

  /** A client in notification mode: it has the answer to a request sent after {@code notif}. */
  private LineClient subscriber(int port) throws Exception {
    LineClient client = opened.add(LineClient.connect(port));
    client.send("notif\r\nclassified?\r\n");
    assertEquals("nice flat in the 11e", client.readLine());
    return client;
  }

  /**
   * Publishes {@code count} events on the bus as a replica does, from one context: every third
   * a random number, the others ads. Returns the notification lines they make, in order.
   */
  private List<String> publish(int count) throws Exception {
    List<NotifyEvent> events = new ArrayList<>(count);
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = published++;
      NotifyEvent event = n % 3 == 0 ? new NotifyEvent(NotifyWire.Kind.RANDOM, Integer.toString(n))
          : new NotifyEvent(NotifyWire.Kind.CLASSIFIED, "ad " + n);
      events.add(event);
      lines.add(event.kind().line());
    }
    Promise<Void> sent = Promise.promise();
    publisher.runOnContext(v -> {
      events.forEach(event -> vertx.eventBus().publish(NotifyEvent.ADDRESS, event.toJson()));
      sent.complete();
    });
    Await.result(sent.future());
    return lines;
  }

  private static List<String> read(LineClient client, int count) throws Exception {
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add(client.readLine());
    }
    return lines;
  }

  private static int sum(Map<String, Integer> byLoop) {
    return byLoop.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Test
  void everySubscriberOnEitherLoopHearsEveryEventOnceAndInOrder() throws Exception {
    int port = deploy(new JsonObject());
    List<LineClient> clients = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      clients.add(subscriber(port));
    }
    Map<String, Integer> byLoop = verticle.subscribersByLoop();
    assertEquals(2, byLoop.size(), "subscribers served on two event-loop threads: " + byLoop);
    byLoop.values().forEach(n -> assertEquals(10, n, "connections alternate between the loops: " + byLoop));

    List<String> expected = new ArrayList<>();
    List<Future<List<String>>> heard = new ArrayList<>();
    for (LineClient client : clients) {
      heard.add(opened.threads().submit(() -> read(client, 3000)));
    }
    for (int round = 0; round < 30; round++) {
      expected.addAll(publish(100));
    }
    for (int i = 0; i < clients.size(); i++) {
      assertEquals(expected, heard.get(i).get(60, TimeUnit.SECONDS), "client " + i);
    }
    // Nothing doubled: the next line each gets is the answer, and it is the newest ad.
    for (LineClient client : clients) {
      client.send("classified?\r\n");
      assertEquals("ad 2999", client.readLine());
    }
  }

  @Test
  void aStopTellsEveryClientOnEitherLoopWhyBeforeItCloses() throws Exception {
    int port = deploy(new JsonObject());
    List<LineClient> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clients.add(i % 2 == 0 ? subscriber(port) : opened.add(LineClient.connect(port)));
    }
    Await.until(() -> sum(verticle.connectionsByLoop()) == 4, "four clients are connected");
    assertEquals(List.of(2, 2), List.copyOf(verticle.connectionsByLoop().values()), "two on each loop");
    vertx.close().await(20, TimeUnit.SECONDS);
    for (LineClient client : clients) {
      assertEquals("error: the server is shutting down\r\n", client.readToEnd());
    }
  }

  @Test
  void maxConnectionsHoldsOverBothLoops() throws Exception {
    int port = deploy(new JsonObject().put("maxConnections", 10));
    try (ClientsAtTheLimit clients = ClientsAtTheLimit.connect(port, 11)) {
      assertEquals("error: too many connections (maxConnections 10)", clients.awaitRefused());
      Await.until(() -> sum(verticle.connectionsByLoop()) == 10, "ten clients are admitted");
      assertEquals(2, verticle.connectionsByLoop().size(), "the 10 places are taken on both loops: "
          + verticle.connectionsByLoop());
      assertEquals(Collections.nCopies(10, "nice flat in the 11e"), clients.askTheOthers("classified?\r\n", false));
    }
  }

  @Test
  void aSubscriberThatDoesNotReadIsDroppedWhileTheOthersOnBothLoopsHearEverything() throws Exception {
    String longAd = "a long ad " + "x".repeat(4000);
    int port = deploy(new JsonObject().put("slowReaderTimeoutSeconds", 1));
    try (LineClient slow = LineClient.withReceiveBuffer(port, 4096, 60_000)) {
      List<LineClient> readers = new ArrayList<>();
      // Connections alternate between the loops: the slow one and two readers on one, two on the other.
      for (int i = 0; i < 4; i++) {
        readers.add(subscriber(port));
      }
      Files.writeString(ads, longAd + "\n", StandardOpenOption.APPEND);
      for (LineClient reader : readers) {
        assertEquals("notif: classified", reader.readLine());
      }
      // Answers of 4 kB it does not read fill its socket; then its notifications can only wait.
      slow.send("notif\r\n" + "classified?\r\n".repeat(2000));
      Await.until(() -> sum(verticle.subscribersByLoop()) == 5, "the slow client is subscribed");
      Map<String, Integer> byLoop = verticle.connectionsByLoop();
      assertTrue(byLoop.size() == 2 && byLoop.values().stream().allMatch(n -> n >= 2),
          "readers on the slow client's loop too: " + byLoop);
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int rounds = 0;
      // Dropping it unsubscribes it at once; its last line then waits behind what it left unread.
      while (sum(verticle.subscribersByLoop()) > 4) {
        assertTrue(System.nanoTime() < giveUp, "the slow client was never dropped");
        List<String> lines = publish(100);
        for (LineClient reader : readers) {
          assertEquals(lines, read(reader, lines.size()), "round " + rounds);
        }
        rounds++;
      }
      Future<String> lastOfSlow = opened.threads().submit(() -> {
        BufferedReader in = new BufferedReader(new InputStreamReader(slow.socket().getInputStream(), StandardCharsets.US_ASCII));
        String last = null;
        for (String line; (line = in.readLine()) != null; ) {
          last = line;
        }
        return last;
      });
      List<String> lines = publish(100);
      for (LineClient reader : readers) {
        assertEquals(lines, read(reader, lines.size()), "after the drop");
      }
      assertEquals(List.of(2, 2), List.copyOf(verticle.subscribersByLoop().values()),
          "the readers are still served on both loops: " + verticle.subscribersByLoop());
      assertEquals("error: too far behind on notifications, closing", lastOfSlow.get(30, TimeUnit.SECONDS));
    }
  }
}
