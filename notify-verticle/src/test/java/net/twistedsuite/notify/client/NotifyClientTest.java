package net.twistedsuite.notify.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.Await;
import net.twistedsuite.notify.NotifyTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client library against the real service (and, for broken servers, a server of the test's). */
class NotifyClientTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private Path ads;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    ads = NotifyTestServer.classifieds(dir, "nice flat in the 11e");
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private NotifyClient connect(int port) throws Exception {
    return NotifyClient.connect(vertx, "127.0.0.1", port).await(20, TimeUnit.SECONDS);
  }

  @Test
  void manyRequestsInFlightGetEachItsOwnAnswerInOrder() throws Exception {
    int port = NotifyTestServer.deploy(vertx, ads, new JsonObject());
    NotifyClient client = connect(port);
    List<Future<?>> answers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      answers.add(i % 2 == 0 ? client.classified() : client.random());
    }
    Long first = (Long) Await.result(answers.get(1));
    for (int i = 0; i < 300; i++) {
      assertEquals(i % 2 == 0 ? "nice flat in the 11e" : first, Await.result(answers.get(i)), "answer " + i);
    }
    Await.result(client.close());
  }

  @Test
  void notificationsCallTheHandlersAndTheTalksMyClientWorks() throws Exception {
    int port = NotifyTestServer.deploy(vertx, ads, new JsonObject().put("randomIntervalMs", 100));
    NotifyClient client = connect(port);
    CopyOnWriteArrayList<Object> printed = new CopyOnWriteArrayList<>();
    CompletableFuture<String> newAd = new CompletableFuture<>();
    client.randomAvailable(v -> client.stopNotifications()
        .compose(x -> client.random())
        .onSuccess(printed::add)
        .compose(n -> client.startNotifications()));
    client.classifiedAvailable(v -> client.classified().onSuccess(newAd::complete));
    Await.result(client.startNotifications());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.TIMEOUT_SECONDS);
    while (printed.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(printed.size() >= 3, "random numbers printed: " + printed);
    printed.forEach(n -> assertInstanceOf(Long.class, n));
    // An ad appended while the random cycle stops and starts notifications may fall in the gap;
    // the talk's client accepts that. Append until one is announced.
    for (int i = 0; !newAd.isDone() && System.nanoTime() < deadline; i++) {
      Files.writeString(ads, "ad " + i + "\n", StandardOpenOption.APPEND);
      Thread.sleep(300);
    }
    assertTrue(newAd.get(Await.TIMEOUT_SECONDS, TimeUnit.SECONDS).startsWith("ad "));
    Await.result(client.close());
  }

  @Test
  void aRefusalFailsOnlyItsOwnRequest() throws Exception {
    Files.delete(ads);
    int port = NotifyTestServer.deploy(vertx, ads, new JsonObject());
    NotifyClient client = connect(port);
    Future<String> none = client.classified();
    Future<Long> number = client.random();
    ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(none));
    assertInstanceOf(NotifyException.class, e.getCause());
    assertEquals("no classified ad yet", e.getCause().getMessage());
    assertTrue(Await.result(number) >= 0);
  }

  @Test
  void aLostConnectionFailsEveryPendingRequestWithItsCause() throws Exception {
    // A server that reads three requests, answers one, and hangs up.
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      StringBuilder seen = new StringBuilder();
      socket.handler(buffer -> {
        seen.append(buffer.toString());
        if (seen.chars().filter(c -> c == '\n').count() >= 3) {
          socket.write("nice flat in the 11e\r\n").onComplete(ar -> socket.close());
        }
      });
    });
    int port = server.listen(0, "127.0.0.1").await(20, TimeUnit.SECONDS).actualPort();
    NotifyClient client = connect(port);
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    client.closeHandler(closed::complete);
    Future<String> first = client.classified();
    Future<Long> second = client.random();
    Future<String> third = client.classified();
    assertEquals("nice flat in the 11e", Await.result(first));
    for (Future<?> pending : List.of(second, third)) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(pending));
      assertInstanceOf(NotifyConnectionException.class, e.getCause());
      assertEquals("connection to 127.0.0.1:" + port + " closed with 2 request(s) unanswered",
          e.getCause().getMessage());
    }
    assertInstanceOf(NotifyConnectionException.class, closed.get(20, TimeUnit.SECONDS));
    ExecutionException after = assertThrows(ExecutionException.class, () -> Await.result(client.random()));
    assertInstanceOf(NotifyConnectionException.class, after.getCause(), "a request after the loss fails at once");
  }

  @Test
  void aServerThatNeverAnswersTimesTheRequestsOut() throws Exception {
    NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(b -> { }));
    int port = server.listen(0, "127.0.0.1").await(20, TimeUnit.SECONDS).actualPort();
    NotifyClient client = NotifyClient.connect(vertx, new NotifyClientOptions().setHost("127.0.0.1").setPort(port)
        .setRequestTimeoutMs(300)).await(20, TimeUnit.SECONDS);
    ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(client.random()));
    assertEquals("no answer to 'random?' from 127.0.0.1:" + port + " within 300 ms with 1 request(s) unanswered",
        e.getCause().getMessage());
  }

  @Test
  void anUnreachableServerIsNamed() throws Exception {
    int port = vertx.createNetServer().connectHandler(s -> { }).listen(0, "127.0.0.1")
        .await(20, TimeUnit.SECONDS).actualPort();
    vertx.close().await(20, TimeUnit.SECONDS);
    vertx = Vertx.vertx();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> Await.result(NotifyClient.connect(vertx, "127.0.0.1", port)));
    assertInstanceOf(NotifyConnectionException.class, e.getCause());
    assertTrue(e.getCause().getMessage().startsWith("cannot connect to 127.0.0.1:" + port + ": "),
        e.getCause().getMessage());
  }

  @Test
  void theBlockingClientServesASequentialProgram() throws Exception {
    int port = NotifyTestServer.deploy(vertx, ads, new JsonObject().put("randomIntervalMs", 100));
    try (BlockingNotifyClient client = BlockingNotifyClient.connect(
        new NotifyClientOptions().setHost("127.0.0.1").setPort(port))) {
      long number = client.random();
      assertTrue(number >= 0 && number < 100_000);
      assertEquals("nice flat in the 11e", client.classified());
      client.startNotifications();
      assertEquals(NotifyWire.Kind.RANDOM, client.nextNotification(Duration.ofSeconds(20)));
      client.stopNotifications();
      assertEquals("nice flat in the 11e", client.classified());
    }
  }

  @Test
  void theBlockingClientThrowsTheRefusal() throws Exception {
    Files.delete(ads);
    int port = NotifyTestServer.deploy(vertx, ads, new JsonObject());
    try (BlockingNotifyClient client = BlockingNotifyClient.connect(vertx,
        new NotifyClientOptions().setHost("127.0.0.1").setPort(port))) {
      NotifyException e = assertThrows(NotifyException.class, client::classified);
      assertEquals("no classified ad yet", e.getMessage());
    }
  }

}
