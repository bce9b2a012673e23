package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service deployed for real: a log file on disk, clients on real sockets. */
class WeblogVerticleTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private AccessLog log;
  private String deployment;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    log = new AccessLog(dir.resolve("logs").resolve("access.log"));
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Deploys with quick reads and immediate pushes, plus {@code overrides}; returns the port. */
  private int deploy(JsonObject overrides) throws Exception {
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1").put("port", 0)
        .put("logFile", log.path().toString())
        .put("pollIntervalMs", 20).put("pushIntervalMs", 0)
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .mergeIn(overrides);
    WeblogVerticle verticle = new WeblogVerticle();
    deployment = vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config))
        .await(10, TimeUnit.SECONDS);
    return verticle.actualPort();
  }

  private int deploy() throws Exception {
    return deploy(new JsonObject());
  }

  @Test
  void linesAppendedAfterStartArriveAtEveryClientInOrder() throws Exception {
    log.hits("/before-start");
    int port = deploy();
    try (HitStream a = HitStream.connect(port); HitStream b = HitStream.connect(port)) {
      log.hits("/one", "/two");
      log.hits("/three");
      assertEquals(List.of("/one", "/two", "/three"), a.nextResources(3));
      assertEquals(List.of("/one", "/two", "/three"), b.nextResources(3));
    }
  }

  @Test
  void everyFieldOfTheCombinedFormatIsAnAttribute() throws Exception {
    int port = deploy();
    try (HitStream client = HitStream.connect(port)) {
      log.append("2001:db8::1 - - [10/Oct/2000:13:55:36 -0700] \"POST /form?a=1&b=<2> HTTP/2.0\" 404 - "
          + "\"-\" \"curl/8.5.0\"\n");
      HitStream.Element hit = client.next();
      assertEquals("hit", hit.name());
      assertEquals("2001:db8::1", hit.attr("client"));
      assertEquals("2000-10-10T13:55:36-07:00", hit.attr("time"));
      assertEquals("POST", hit.attr("method"));
      assertEquals("/form?a=1&b=<2>", hit.attr("resource"));
      assertEquals("HTTP/2.0", hit.attr("protocol"));
      assertEquals("404", hit.attr("status"));
      assertEquals("curl/8.5.0", hit.attr("agent"));
      assertNull(hit.attr("bytes"), "'-' bytes are left out");
      assertNull(hit.attr("referrer"), "'-' referrer is left out");
      assertNull(hit.attr("user"));
    }
  }

  @Test
  void aLineFromTheClientGetsTheHitsItHasNotSeenOrNone() throws Exception {
    int port = deploy(new JsonObject().put("pushIntervalMs", 3_600_000));
    try (HitStream puller = HitStream.connect(port); HitStream waiter = HitStream.connect(port)) {
      assertEquals("none", puller.send("NEW?\n").next().name());
      log.hits("/a", "/b");
      // Pull until the service has read both lines; each answer is <none/> or the hits so far.
      List<String> seen = new ArrayList<>();
      while (seen.size() < 2) {
        HitStream.Element element = puller.send("\n").next();
        if (element.name().equals("hit")) {
          seen.add(element.attr("resource"));
        }
      }
      assertEquals(List.of("/a", "/b"), seen);
      assertTrue(waiter.nothingWaiting(), "hits wait for the push interval");
      assertEquals(List.of("/a", "/b"), waiter.send("\r\n").nextResources(2));
      assertEquals("none", waiter.send("\n").next().name());
    }
  }

  @Test
  void hitsArePushedInBatchesAtTheInterval() throws Exception {
    int port = deploy(new JsonObject().put("pushIntervalMs", 200));
    try (HitStream client = HitStream.connect(port)) {
      log.hits("/a");
      log.hits("/b");
      assertEquals(List.of("/a", "/b"), client.nextResources(2));
    }
  }

  @Test
  void aNewClientGetsTheRequestedReplayThenLiveHits() throws Exception {
    int port = deploy(new JsonObject().put("historySize", 5).put("replay", 2));
    try (HitStream first = HitStream.connect(port)) {
      log.hits("/1", "/2", "/3");
      assertEquals(List.of("/1", "/2", "/3"), first.nextResources(3));
    }
    try (HitStream late = HitStream.connect(port)) {
      assertEquals(List.of("/2", "/3"), late.nextResources(2));
      log.hits("/4");
      assertEquals(List.of("/4"), late.nextResources(1));
    }
  }

  /** A client of the service deployed with its defaults that has received {@code first}, hits written now. */
  private HitStream clientHaving(String... first) throws Exception {
    HitStream client = HitStream.connect(deploy());
    try {
      log.hits(first);
      assertEquals(List.of(first), client.nextResources(first.length));
      return client;
    } catch (Exception | AssertionError e) {
      client.close();
      throw e;
    }
  }

  @Test
  void followsRenameRotationWithoutLosingOrRepeatingLines() throws Exception {
    try (HitStream client = clientHaving("/1")) {
      Path rotated = dir.resolve("logs").resolve("access.log.1");
      Files.move(log.path(), rotated);
      AccessLog old = new AccessLog(rotated);
      old.hits("/2"); // the server has not reopened its log yet
      log.hits("/3"); // the new file
      old.hits("/4"); // still a late line into the old one
      Set<String> got = new HashSet<>(client.nextResources(3));
      assertEquals(Set.of("/2", "/3", "/4"), got);
      log.hits("/5");
      assertEquals(List.of("/5"), client.nextResources(1), "nothing delivered twice before /5");
    }
  }

  @Test
  void followsCopyTruncateWithoutRepeatingLines() throws Exception {
    try (HitStream client = clientHaving("/1", "/2")) {
      Files.copy(log.path(), dir.resolve("logs").resolve("access.log.1"));
      log.truncate();
      log.hits("/3");
      log.hits("/4");
      assertEquals(List.of("/3", "/4"), client.nextResources(2));
    }
  }

  @Test
  void copyTruncateUnderAFastWriterNeverDeliversALineTwice() throws Exception {
    try (HitStream client = clientHaving("/start")) {
      List<String> received = Collections.synchronizedList(new ArrayList<>());
      Thread reader = new Thread(() -> readUntilEnd(client, received), "reader");
      reader.start();
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger written = new AtomicInteger();
      // A server holding its log open for appending, a batch of 20 lines every 2 ms.
      Thread writer = new Thread(() -> {
        try (FileChannel out = FileChannel.open(log.path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
          while (writing.get()) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 20; i++) {
              batch.append(AccessLog.line("/n/" + written.incrementAndGet())).append('\n');
            }
            out.write(ByteBuffer.wrap(batch.toString().getBytes(StandardCharsets.UTF_8)));
            Thread.sleep(2);
          }
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }, "writer");
      writer.start();
      Path copy = dir.resolve("logs").resolve("access.log.1");
      for (int rotation = 0; rotation < 9; rotation++) {
        Thread.sleep(200);
        Files.copy(log.path(), copy, StandardCopyOption.REPLACE_EXISTING);
        log.truncate();
      }
      Thread.sleep(200);
      writing.set(false);
      writer.join(10_000);
      log.hits("/end");
      reader.join(30_000);
      assertFalse(reader.isAlive(), "/end never arrived; " + received.size() + " hits so far");
      Map<String, Long> counts = received.stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
      List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
          .sorted().limit(20).toList();
      assertEquals(List.of(), twice, "lines delivered more than once (first 20) among " + received.size()
          + " hits of " + written.get() + " lines written");
      assertTrue(received.size() > written.get() / 2, received.size() + " of " + written.get() + " lines arrived");
    }
  }

  @Test
  void aRotatedFileOverwrittenInPlaceIsNeverReadAgain() throws Exception {
    try (HitStream client = clientHaving(resources(1, 100))) {
      Path rotated = dir.resolve("logs").resolve("access.log.1");
      Files.move(log.path(), rotated);
      log.hits(resources(101, 200));
      assertEquals(List.of(resources(101, 200)), client.nextResources(100));
      // A rotation scheme that copies the log over the old .1 in place (same file, truncated and
      // written again), while the old .1 is still held open for late lines.
      try (FileChannel old = FileChannel.open(rotated, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        old.write(ByteBuffer.wrap(Files.readAllBytes(log.path())));
      }
      Thread.sleep(300); // several polls
      log.hits("/end");
      List<String> received = new ArrayList<>();
      readUntilEnd(client, received);
      assertEquals(List.of("/end"), received, "nothing read again from the overwritten old file");
    }
  }

  private static String[] resources(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "/n/" + i).toArray(String[]::new);
  }

  /** Collects the resources of the hits that arrive, up to and including {@code /end}. */
  private static void readUntilEnd(HitStream client, List<String> received) {
    try {
      HitStream.Element element;
      while ((element = client.next()) != null) {
        if (element.name().equals("hit")) {
          received.add(element.attr("resource"));
          if (element.attr("resource").equals("/end")) {
            return;
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aPartlyWrittenLineIsHeldUntilItsNewline() throws Exception {
    int port = deploy();
    try (HitStream client = HitStream.connect(port)) {
      String line = AccessLog.line("/whole");
      log.append(line.substring(0, 40));
      // Give the tailer a few reads of the unfinished line (LogFollowerTest checks this exactly).
      Thread.sleep(100);
      assertEquals("none", client.send("\n").next().name());
      log.append(line.substring(40) + "\n");
      assertEquals(List.of("/whole"), client.nextResources(1));
    }
  }

  @Test
  void aLogThatDoesNotExistYetIsWaitedForAndReadFromItsStart() throws Exception {
    int port = deploy();
    try (HitStream client = HitStream.connect(port)) {
      assertTrue(Files.notExists(log.path().getParent()));
      log.hits("/first", "/second");
      assertEquals(List.of("/first", "/second"), client.nextResources(2));
    }
  }

  @Test
  void hostileContentKeepsTheStreamWellFormed() throws Exception {
    int port = deploy(new JsonObject().put("maxLineLength", 256));
    try (HitStream client = HitStream.connect(port)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.writeBytes(("198.51.100.4 - - [10/Oct/2000:13:55:36 +0000] \"GET /x HTTP/1.1\" 200 5 "
          + "\"http://e.example/?q=\\\"quoted\\\"&x=<y>\" \"agent \\x22nginx\\x22 \\xC3\\xA9 \\x01 \\x1b[31m\"\n")
          .getBytes(StandardCharsets.UTF_8));
      bytes.writeBytes("<script>alert('x')</script> ]]> &amp; \u0000\u0007\r tail\n"
          .getBytes(StandardCharsets.UTF_8));
      bytes.writeBytes(new byte[] {'b', 'a', 'd', ' ', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, '\n'});
      bytes.writeBytes(("x".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8));
      log.append(bytes.toByteArray());
      log.hits("/after");

      List<HitStream.Element> got = client.next(5);
      HitStream.Element hit = got.get(0);
      assertEquals("http://e.example/?q=\"quoted\"&x=<y>", hit.attr("referrer"));
      assertEquals("agent \"nginx\" \u00e9 \\x01 \\x1b[31m", hit.attr("agent"), "control escapes stay escaped");
      assertEquals("unparsed", got.get(1).name());
      assertEquals("<script>alert('x')</script> ]]> &amp; \uFFFD\uFFFD\r tail", got.get(1).text());
      assertEquals("bad \uFFFD\uFFFD\uFFFD", got.get(2).text());
      assertEquals("true", got.get(3).attr("truncated"));
      assertEquals("x".repeat(256), got.get(3).text());
      assertEquals("/after", got.get(4).attr("resource"));
    }
  }

  @Test
  void aClientThatDoesNotReadIsDroppedWhileOthersKeepReceiving() throws Exception {
    int port = deploy(new JsonObject().put("maxQueuedBytes", 256 * 1024).put("maxConnections", 2));
    long written = 0;
    try (HitStream fast = HitStream.connect(port); Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      slow.setSoTimeout(30_000);
      // Twice what the socket buffers of both ends can hold, paced so the fast client keeps up.
      for (int round = 0; round < 40; round++) {
        String[] resources = AccessLog.bulkyResources(round, 50);
        written += AccessLog.length(resources);
        log.hits(resources);
        assertEquals(List.of(resources), fast.nextResources(resources.length));
      }
      // The slow client's place is free again although it has still not read a byte.
      List<String> probes = new ArrayList<>();
      HitStream.Element answer;
      do {
        try (HitStream third = HitStream.connect(port)) {
          probes.add("/probe" + probes.size());
          log.hits(probes.get(probes.size() - 1));
          answer = third.next();
        }
      } while (answer.name().equals("error") && probes.size() < 500);
      assertEquals("hit", answer.name(), "a third client was accepted");
      assertEquals(probes, fast.nextResources(probes.size()));

      long read = HitStream.bytesUntilClosed(slow);
      assertTrue(read < written, "the slow client was cut off: it read " + read + " of " + written);
    }
  }

  @Test
  void shutdownEndsEveryStreamWithTheClosingTag() throws Exception {
    try (HitStream client = clientHaving("/last")) {
      vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
      assertNull(client.next(), "</hits> closes the document");
      assertTrue(client.closedByServer());
    }
  }

  /** The client is sent one error element saying {@code why}, then the end of the stream. */
  private static void assertTurnedAway(HitStream client, String why) throws Exception {
    HitStream.Element error = client.next();
    assertEquals("error", error.name());
    assertEquals(why, error.text());
    assertNull(client.next());
  }

  @Test
  void clientsBeyondMaxConnectionsAreToldWhyAndClosed() throws Exception {
    int port = deploy(new JsonObject().put("maxConnections", 1));
    try (HitStream first = HitStream.connect(port); HitStream second = HitStream.connect(port)) {
      assertTurnedAway(second, "too many clients (maxConnections 1)");
      log.hits("/served");
      assertEquals(List.of("/served"), first.nextResources(1));
    }
  }

  @Test
  void oneAddressBeyondItsShareIsToldWhyWhileAnotherStillGetsIn() throws Exception {
    int port = deploy(new JsonObject().put("maxConnectionsPerAddress", 1));
    try (HitStream first = HitStream.connectFrom("127.0.0.1", port);
        HitStream second = HitStream.connectFrom("127.0.0.1", port);
        HitStream other = HitStream.connectFrom("127.0.0.2", port)) {
      assertTurnedAway(second, "too many clients from your address (maxConnectionsPerAddress 1)");
      log.hits("/served");
      assertEquals(List.of("/served"), first.nextResources(1));
      assertEquals(List.of("/served"), other.nextResources(1));
    }
  }
}
