package net.twistedsuite.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.notify.client.NotifyWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients served on two event loops: one consumer of the events, every event to every subscriber. */
class NotifyEventLoopsTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private Path ads;
  private NotifyVerticle verticle;
  private Context publisher;
  private int published;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  /** Every client and socket a test opens, closed after it. */
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    publisher = vertx.getOrCreateContext();
    ads = dir.resolve("classifieds.txt");
    Files.writeString(ads, "nice flat in the 11e\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable client : opened) {
      client.close();
    }
    threads.shutdownNow();
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private int deploy(JsonObject overrides) throws Exception {
    verticle = NotifyTestServer.start(vertx, ads,
        new JsonObject().put("eventLoops", 2).put("admin", new JsonObject().put("enabled", false)).mergeIn(overrides));
    return verticle.actualPort();
  }

  private LineClient connect(int port) throws Exception {
    LineClient client = LineClient.connect(port);
    opened.add(client);
    return client;
  }

  /** A client in notification mode: it has the answer to a request sent after {@code notif}. */
  private LineClient subscriber(int port) throws Exception {
    LineClient client = connect(port);
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
      heard.add(threads.submit(() -> read(client, 3000)));
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
      clients.add(i % 2 == 0 ? subscriber(port) : connect(port));
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
    List<Callable<LineClient>> connects = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      connects.add(() -> LineClient.connect(port));
    }
    List<LineClient> clients = new ArrayList<>();
    for (Future<LineClient> connected : threads.invokeAll(connects)) {
      clients.add(connected.get());
    }
    opened.addAll(clients);
    // A refused client is told at once; an admitted one hears nothing until it asks.
    List<Future<String>> firstLines = new ArrayList<>();
    for (LineClient client : clients) {
      firstLines.add(threads.submit(client::readLine));
    }
    Await.until(() -> firstLines.stream().filter(Future::isDone).count() >= 1
        && sum(verticle.connectionsByLoop()) == 10, "one client is refused and ten are admitted");
    assertEquals(2, verticle.connectionsByLoop().size(), "the 10 places are taken on both loops: "
        + verticle.connectionsByLoop());
    int refused = 0;
    for (int i = 0; i < clients.size(); i++) {
      if (firstLines.get(i).isDone()) {
        assertEquals("error: too many connections (maxConnections 10)", firstLines.get(i).get());
        refused++;
      } else {
        clients.get(i).send("classified?\r\n");
        assertEquals("nice flat in the 11e", firstLines.get(i).get(30, TimeUnit.SECONDS));
      }
    }
    assertEquals(1, refused);
  }

  @Test
  void aSubscriberThatDoesNotReadIsDroppedWhileTheOthersOnBothLoopsHearEverything() throws Exception {
    String longAd = "a long ad " + "x".repeat(4000);
    int port = deploy(new JsonObject().put("slowReaderTimeoutSeconds", 1));
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      slow.setSoTimeout(60_000);
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
      slow.getOutputStream().write(("notif\r\n" + "classified?\r\n".repeat(2000)).getBytes(StandardCharsets.US_ASCII));
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
      Future<String> lastOfSlow = threads.submit(() -> {
        BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.US_ASCII));
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
