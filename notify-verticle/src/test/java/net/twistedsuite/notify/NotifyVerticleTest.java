package net.twistedsuite.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The service deployed for real: a classifieds file on disk, clients on real sockets. */
@ExtendWith(VertxExtension.class)
class NotifyVerticleTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private Path ads;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    ads = NotifyTestServer.classifieds(dir, "old ad", "nice flat in the 11e");
  }

  private int deploy(JsonObject overrides) throws Exception {
    return NotifyTestServer.deploy(vertx, ads, overrides);
  }

  private int deploy() throws Exception {
    return deploy(new JsonObject());
  }

  private void append(String text) throws Exception {
    Files.writeString(ads, text, StandardOpenOption.APPEND);
  }

  @Test
  void everyRequestIsAnsweredOnOneCrlfLineAndLfIsAcceptedToo() throws Exception {
    int port = deploy();
    try (LineClient client = LineClient.connect(port)) {
      client.send("classified?\r\n");
      assertEquals("nice flat in the 11e\r\n", readRawLine(client));
      client.send("random?\n");
      assertTrue(readRawLine(client).matches("[0-9]{1,5}\r\n"));
      client.send("what?\r\n");
      assertEquals("error: unknown request 'what?' (requests: classified?, random?, notif, stop_notif)\r\n",
          readRawLine(client));
      client.send("\r\n");
      assertEquals("error: empty request (requests: classified?, random?, notif, stop_notif)", client.readLine());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderAndHalfCloseStillGetsTheAnswers() throws Exception {
    int port = deploy();
    StringBuilder requests = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      requests.append(i % 3 == 0 ? "classified?\r\n" : i % 3 == 1 ? "random?\n" : "nope\r\n");
    }
    try (LineClient client = LineClient.connect(port)) {
      client.send(requests.toString()).shutdownOutput();
      String[] lines = client.readToEnd().split("\r\n");
      assertEquals(500, lines.length);
      String random = lines[1];
      for (int i = 0; i < 500; i++) {
        expected.add(i % 3 == 0 ? "nice flat in the 11e" : i % 3 == 1 ? random
            : "error: unknown request 'nope' (requests: classified?, random?, notif, stop_notif)");
      }
      assertEquals(expected, List.of(lines));
    }
  }

  @Test
  void notificationModeAnnouncesNewAdsAndNumbersAndStillAnswersRequests() throws Exception {
    int port = deploy(new JsonObject().put("randomIntervalMs", 200));
    try (LineClient client = LineClient.connect(port)) {
      client.send("notif\r\n");
      skipTo(client, "notif: random");
      client.send("random?\r\n");
      String number = nextNonNotification(client);
      assertTrue(number.matches("[0-9]+"), number);
      append("studio near Bastille\n");
      skipTo(client, "notif: classified");
      client.send("classified?\r\n");
      assertEquals("studio near Bastille", nextNonNotification(client));
      client.send("stop_notif\r\nclassified?\r\n");
      // A notification sent before stop_notif was read may still come; after the answer, none.
      assertEquals("studio near Bastille", nextNonNotification(client));
      client.socket().setSoTimeout(1000);
      append("an ad nobody is told about\n");
      assertEquals(null, readLineOrNull(client), "no notification after stop_notif");
      client.socket().setSoTimeout(10_000);
      client.send("classified?\r\n");
      assertEquals("an ad nobody is told about", client.readLine());
    }
  }

  @Test
  void everyClientInNotificationModeHearsEveryAdOnlyOnce() throws Exception {
    int port = deploy();
    try (LineClient a = LineClient.connect(port); LineClient b = LineClient.connect(port);
         LineClient quiet = LineClient.connect(port)) {
      a.send("notif\r\n");
      b.send("notif\n");
      a.send("random?\r\n");
      b.send("random?\r\n");
      a.readLine();
      b.readLine(); // both are subscribed once they have their answers
      append("first\n");
      assertEquals("notif: classified", a.readLine());
      assertEquals("notif: classified", b.readLine());
      a.send("classified?\r\n");
      assertEquals("first", a.readLine());
      quiet.send("classified?\r\n");
      assertEquals("first", quiet.readLine(), "a client outside notification mode is only answered");
    }
  }

  @Test
  void anAdThatLooksLikeANotificationOrAnErrorIsRefused() throws Exception {
    int port = deploy();
    try (LineClient client = LineClient.connect(port)) {
      client.send("notif\r\nrandom?\r\n");
      client.readLine();
      append("notif: random\nerror: nothing\n\nreal ad\n");
      assertEquals("notif: classified", client.readLine());
      client.send("classified?\r\n");
      assertEquals("real ad", client.readLine());
    }
  }

  /** A change made to the classifieds file by a test. */
  private interface FileChange {
    void make() throws Exception;
  }

  /** A subscriber hears of {@code change} once, the newest ad is then {@code ad}, and nothing else follows. */
  private void assertAnnouncedOnce(FileChange change, String ad) throws Exception {
    int port = deploy();
    try (LineClient client = subscribed(port)) {
      change.make();
      assertEquals("notif: classified", client.readLine());
      client.send("classified?\r\n");
      assertEquals(ad, client.readLine());
      assertQuietFor(client);
    }
  }

  @Test
  void rotationByRenameAnnouncesOnlyTheNewFilesAds() throws Exception {
    assertAnnouncedOnce(() -> {
      Files.move(ads, dir.resolve("classifieds.txt.1"));
      Files.writeString(ads, "after rotation\n");
    }, "after rotation");
  }

  @Test
  void truncationAnnouncesOnlyWhatIsWrittenAfterIt() throws Exception {
    assertAnnouncedOnce(() -> {
      Files.writeString(ads, "", StandardOpenOption.TRUNCATE_EXISTING);
      append("after truncation\n");
    }, "after truncation");
  }

  @Test
  void anEditorSavingTheFileByRenameDoesNotReplayTheOldAds() throws Exception {
    assertAnnouncedOnce(() -> {
      Path copy = dir.resolve("classifieds.txt~");
      Files.writeString(copy, Files.readString(ads) + "added in an editor\n");
      Files.move(copy, ads, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }, "added in an editor");
  }

  @Test
  void aLineOverTheLimitIsRefusedAndClosed() throws Exception {
    int port = deploy(new JsonObject().put("maxLineLength", 16));
    try (LineClient client = LineClient.connect(port)) {
      client.send("x".repeat(100));
      assertEquals("error: line too long (maxLineLength 16 bytes), closing\r\n", client.readToEnd());
    }
  }

  @Test
  void anIdleClientIsClosedButASubscribedOneIsNot() throws Exception {
    int port = deploy(new JsonObject().put("idleTimeoutSeconds", 1));
    try (LineClient idle = LineClient.connect(port); LineClient listening = LineClient.connect(port)) {
      listening.send("notif\r\n");
      assertEquals("error: idle for 1 s, closing\r\n", idle.readToEnd());
      Thread.sleep(1500);
      listening.send("classified?\r\n");
      assertEquals("nice flat in the 11e", listening.readLine());
    }
  }

  @Test
  void connectionsOverTheLimitAreToldSo() throws Exception {
    int port = deploy(new JsonObject().put("maxConnections", 1));
    LineClient first = LineClient.connect(port);
    first.send("random?\r\n");
    first.readLine();
    try (LineClient second = LineClient.connect(port)) {
      assertEquals("error: too many connections (maxConnections 1)\r\n", second.readToEnd());
    }
    first.close();
    // The place is free once the server has seen the close.
    Await.until(() -> {
      try (LineClient third = LineClient.connect(port)) {
        return third.send("classified?\r\n").readLine();
      }
    }, "nice flat in the 11e"::equals, Duration.ofSeconds(20), last -> "still turned away: " + last);
  }

  @Test
  void aClientThatDoesNotReadIsDroppedWithALineAndTheOthersGoOn() throws Exception {
    String longAd = "a long ad " + "x".repeat(4000);
    Files.writeString(ads, longAd + "\n");
    int port = deploy(new JsonObject().put("randomIntervalMs", 5).put("slowReaderTimeoutSeconds", 1));
    try (LineClient fast = LineClient.connect(port); java.net.Socket slow = new java.net.Socket()) {
      fast.send("notif\r\n");
      slow.setReceiveBufferSize(4096);
      slow.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
      slow.setSoTimeout(60_000);
      // Answers of 4 kB it does not read fill its socket; then its notifications can only wait.
      slow.getOutputStream().write(("notif\r\n" + "classified?\r\n".repeat(2000)).getBytes(StandardCharsets.US_ASCII));
      // Meanwhile the fast reader keeps hearing every draw.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      int heard = 0;
      while (System.nanoTime() < until) {
        if ("notif: random".equals(fast.readLine())) {
          heard++;
        }
      }
      assertTrue(heard > 10, "the fast client heard " + heard + " notifications");
      String last = null;
      int notifications = 0;
      int answers = 0;
      java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(slow.getInputStream(), StandardCharsets.US_ASCII));
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (String line; (line = in.readLine()) != null; last = line) {
        assertTrue(System.nanoTime() < giveUp, "the slow client was never dropped");
        if (line.startsWith("notif: ")) {
          notifications++;
        } else if (line.equals(longAd)) {
          answers++;
        }
      }
      assertEquals("error: too far behind on notifications, closing", last);
      assertTrue(answers > 0 && answers < 2000, answers + " requests were answered before it fell behind");
      assertTrue(notifications < heard, notifications + " notifications reached the slow client, "
          + heard + " the fast one: they were not coalesced");
      fast.send("classified?\r\n");
      assertEquals(longAd, nextNonNotification(fast));
    }
  }

  @ParameterizedTest(name = "keeps sending: {0}")
  @ValueSource(booleans = {false, true})
  void aSubscriberThatNeverReadsIsClosedWhateverItSends(boolean keepsSending) throws Exception {
    Files.writeString(ads, "a long ad " + "x".repeat(4000) + "\n");
    // One place only: the next client gets in once the server has really closed the slow one.
    int port = deploy(new JsonObject().put("randomIntervalMs", 5).put("slowReaderTimeoutSeconds", 1)
        .put("maxConnections", 1));
    try (java.net.Socket slow = new java.net.Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
      java.io.OutputStream out = slow.getOutputStream();
      out.write(("notif\r\n" + "classified?\r\n".repeat(2000)).getBytes(StandardCharsets.US_ASCII));
      Thread sender = new Thread(() -> {
        try {
          while (keepsSending) {
            out.write("random?\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(20);
          }
        } catch (java.io.IOException | InterruptedException e) {
          // Reset by the server, or the test is over.
        }
      });
      sender.start();
      try {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        String answer = null;
        while (!answer(answer) && System.nanoTime() < giveUp) {
          try (LineClient next = LineClient.connect(port)) {
            next.send("random?\r\n");
            answer = next.readLine();
          }
          if (!answer(answer)) {
            Thread.sleep(200);
          }
        }
        assertTrue(answer(answer), "the client that never reads was still connected: " + answer);
      } finally {
        sender.interrupt();
        slow.close();
        sender.join(10_000);
      }
    }
  }

  /** A random number, as a client gets once it is admitted. */
  private static boolean answer(String line) {
    return line != null && line.matches("\\d+");
  }

  @Test
  void aMissingFileIsWaitedForAndItsLinesAreNewAds() throws Exception {
    Files.delete(ads);
    int port = deploy();
    try (LineClient client = LineClient.connect(port)) {
      client.send("classified?\r\n");
      assertEquals("error: no classified ad yet", client.readLine());
      client.send("notif\r\nrandom?\r\n");
      client.readLine(); // answered after notif: the client is subscribed
      Files.writeString(ads, "the first ad\n");
      assertEquals("notif: classified", client.readLine());
      client.send("classified?\r\n");
      assertEquals("the first ad", client.readLine());
    }
  }

  private LineClient subscribed(int port) throws Exception {
    LineClient client = LineClient.connect(port);
    client.send("notif\r\nclassified?\r\n");
    assertEquals("nice flat in the 11e", client.readLine());
    return client;
  }

  /** No notification of an old ad comes after the new one. */
  private static void assertQuietFor(LineClient client) throws Exception {
    client.socket().setSoTimeout(1000);
    String line = readLineOrNull(client);
    assertNotEquals("notif: classified", line, "an old ad was announced again");
    client.socket().setSoTimeout(10_000);
  }

  private static String readLineOrNull(LineClient client) throws Exception {
    try {
      return client.readLine();
    } catch (java.net.SocketTimeoutException e) {
      return null;
    }
  }

  /** Reads up to the line {@code wanted}, past whatever the service sent before it. */
  private static void skipTo(LineClient client, String wanted) throws Exception {
    for (int i = 0; i < 1000; i++) {
      String line = client.readLine();
      if (wanted.equals(line)) {
        return;
      }
      if (line == null) {
        throw new AssertionError("the connection closed before " + wanted);
      }
    }
    throw new AssertionError("never got " + wanted);
  }

  private static String nextNonNotification(LineClient client) throws Exception {
    while (true) {
      String line = client.readLine();
      if (line == null || !line.startsWith("notif: ")) {
        return line;
      }
    }
  }

  /** One line with its line end, to check that CRLF is what is sent. */
  private static String readRawLine(LineClient client) throws Exception {
    StringBuilder out = new StringBuilder();
    int b;
    while ((b = client.socket().getInputStream().read()) >= 0) {
      out.append((char) b);
      if (b == '\n') {
        break;
      }
    }
    return out.toString();
  }
}
