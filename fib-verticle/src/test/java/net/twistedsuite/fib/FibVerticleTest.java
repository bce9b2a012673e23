package net.twistedsuite.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.Deployments;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The service as its clients see it: a deployed verticle, real sockets, bytes in and out. */
@ExtendWith(VertxExtension.class)
class FibVerticleTest {

  @TempDir
  Path dir;

  private Vertx vertx;

  @BeforeEach
  void onVertx(Vertx vertx) {
    this.vertx = vertx;
  }

  @Test
  void eachLineGetsTheNextNumberEndedByCrlf() throws Exception {
    int port = deploy(new JsonObject()).actualPort();
    try (LineClient client = LineClient.connect(port)) {
      client.send("\n");
      assertEquals("2\r\n", read(client, 3));
      client.send("anything at all\r\n\nx\n");
      assertEquals("3\r\n5\r\n8\r\n", read(client, 9));
    }
    try (LineClient other = LineClient.connect(port)) {
      other.send("\r\n");
      assertEquals("13\r\n", read(other, 4));
    }
  }

  @Test
  void aClientThatShutsDownItsSideAfterManyLinesStillGetsEveryAnswer() throws Exception {
    int port = deploy(new JsonObject()).actualPort();
    int lines = 5000; // about 2.6 MB of answers: far more than the socket buffers hold
    // 2.6 MB through a loaded machine can pause for seconds: a read timeout far above that.
    try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
      client.send("\n".repeat(lines)).shutdownOutput(); // as nc -N does at the end of its input
      String[] answers = client.readToEnd().split("\r\n");
      String last = answers[answers.length - 1];
      assertEquals(lines, answers.length,
          "answers before the end of the stream; the last: " + last.substring(0, Math.min(60, last.length())));
      assertEquals(Fibonacci.exact(3 + lines - 1).toString(), answers[lines - 1]);
    }
  }

  @Test
  void concurrentClientsShareOneSequenceWithoutRepeatsOrGaps() throws Exception {
    int port = deploy(new JsonObject().put("reserveBlock", 50)).actualPort();
    int clients = 8;
    int lines = 200;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        results.add(pool.submit(() -> {
          try (LineClient client = LineClient.connect(port)) {
            client.send("\n".repeat(lines));
            BufferedReader in = new BufferedReader(new InputStreamReader(
                client.socket().getInputStream(), StandardCharsets.US_ASCII));
            List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
              indexes.add(Fibonacci.indexOf(in.readLine()));
            }
            return indexes;
          }
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> result : results) {
        List<Long> mine = result.get(30, TimeUnit.SECONDS);
        for (int i = 1; i < mine.size(); i++) {
          assertTrue(mine.get(i) > mine.get(i - 1), "one client's answers come in order");
        }
        all.addAll(mine);
      }
      all.sort(null);
      for (int i = 0; i < all.size(); i++) {
        assertEquals(3 + i, all.get(i), "the answers together are F(3), F(4), ... with none twice");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRestartContinuesWithTheNextNumber() throws Exception {
    FibVerticle first = deploy(new JsonObject());
    try (LineClient client = LineClient.connect(first.actualPort())) {
      client.send("\n\n\n\n\n");
      assertEquals("2\r\n3\r\n5\r\n8\r\n13\r\n", read(client, 16));
    }
    Await.result(vertx.undeploy(first.deploymentID()));
    int port = deploy(new JsonObject()).actualPort();
    try (LineClient client = LineClient.connect(port)) {
      client.send("\n");
      assertEquals("21", client.readLine());
    }
  }

  @Test
  void anOverlongLineIsRefusedWithOneLineAndTheConnectionClosed() throws Exception {
    int port = deploy(new JsonObject().put("maxLineLength", 16)).actualPort();
    try (LineClient client = LineClient.connect(port)) {
      client.send("a line\n" + "x".repeat(100));
      assertEquals("2\r\nerror: line too long (max 16 bytes)\r\n", client.readToEnd());
    }
    try (LineClient client = LineClient.connect(port)) {
      client.send("y".repeat(40) + "\n");
      assertEquals("error: line too long (max 16 bytes)\r\n", client.readToEnd());
    }
    try (LineClient client = LineClient.connect(port)) {
      client.send("x".repeat(16) + "\r\n");
      assertEquals("3", client.readLine(), "a line of exactly the maximum is answered, CRLF or not");
    }
  }

  @Test
  void anIdleClientIsToldAndDisconnected() throws Exception {
    int port = deploy(new JsonObject().put("idleTimeoutSeconds", 1)).actualPort();
    try (LineClient client = LineClient.connect(port)) {
      client.send("\n");
      assertEquals("2", client.readLine());
      assertEquals("error: timed out waiting for a complete line", client.readLine());
      assertTrue(client.closedByServer(), "closed within the client's 10 s read timeout");
    }
  }

  @Test
  void aClientSendingAByteASecondIsCutOffAtTheDeadlineOfItsLine() throws Exception {
    int port = deploy(new JsonObject().put("idleTimeoutSeconds", 3)).actualPort();
    try (LineClient client = LineClient.connect(port)) {
      assertEquals("2", client.send("\n").readLine());
      // A line of 20 bytes, each well within the timeout of the one before: only a deadline for
      // the whole line ends this. Half a second off the deadline's beat, so the answer comes
      // between two bytes.
      Thread.sleep(500);
      int sent = 0;
      while (sent < 20 && client.socket().getInputStream().available() == 0) {
        client.send("x");
        sent++;
        Thread.sleep(1_000);
      }
      assertTrue(sent < 20, "the client sent its whole line, a byte a second, unhindered");
      assertEquals("error: timed out waiting for a complete line", client.readLine());
      assertTrue(client.closedByServer(), "closed after the error line");
    }
  }

  @Test
  void connectionsBeyondTheLimitAreRefused() throws Exception {
    int port = deploy(new JsonObject().put("maxConnections", 2)).actualPort();
    try (LineClient a = LineClient.connect(port); LineClient b = LineClient.connect(port)) {
      assertEquals("2", a.send("\n").readLine());
      assertEquals("3", b.send("\n").readLine());
      try (LineClient c = LineClient.connect(port)) {
        assertEquals("error: too many connections, try again later\r\n", c.readToEnd());
      }
    }
  }

  @Test
  void oneAddressBeyondItsShareIsRefusedWhileAnotherStillGetsIn() throws Exception {
    int port = deploy(new JsonObject().put("maxConnectionsPerAddress", 1)).actualPort();
    try (LineClient a = LineClient.connectFrom("127.0.0.1", port)) {
      assertEquals("2", a.send("\n").readLine());
      try (LineClient b = LineClient.connectFrom("127.0.0.1", port)) {
        assertEquals("error: too many connections from your address, try again later\r\n", b.readToEnd());
      }
      try (LineClient other = LineClient.connectFrom("127.0.0.2", port)) {
        assertEquals("3", other.send("\n").readLine());
      }
      assertEquals("5", a.send("\n").readLine());
    }
  }

  @Test
  void aClientThatSendsWithoutReadingCannotMakeTheServerRunAhead() throws Exception {
    int port = deploy(new JsonObject()).actualPort();
    byte[] newlines = new byte[1 << 20];
    Arrays.fill(newlines, (byte) '\n');
    try (LineClient flooder = LineClient.connect(port); LineClient probe = LineClient.connect(port)) {
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < 16; i++) {
            flooder.send(newlines); // blocks once the server stops reading
          }
        } catch (IOException closedAtTheEnd) {
          // The test closes the socket to stop this thread.
        }
      });
      writer.setDaemon(true);
      writer.start();
      // Each probe takes one number; once two probes in a row are consecutive, the flooder is
      // taking none: the server stopped reading its 16 million lines.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      long position = Fibonacci.indexOf(probe.send("\n").readLine());
      long previous;
      do {
        assertTrue(System.nanoTime() < deadline, "the flooder kept taking numbers, at F(" + position + ")");
        Thread.sleep(200);
        previous = position;
        position = Fibonacci.indexOf(probe.send("\n").readLine());
      } while (position != previous + 1);
      assertTrue(position < 50_000, "the flooder took " + position + " numbers");
    }
  }

  @Test
  void aPortInUseFailsTheStartWithoutSkippingNumbers() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Exception e = assertThrows(Exception.class,
          () -> deploy(new JsonObject().put("port", taken.getLocalPort())));
      assertTrue(String.valueOf(e.getCause()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()),
          String.valueOf(e.getCause()));
    }
    // The failed start released the directory and left the position where it was.
    try (LineClient client = LineClient.connect(deploy(new JsonObject()).actualPort())) {
      assertEquals("2", client.send("\n").readLine());
    }
  }

  @Test
  void aBadConfigurationFailsTheDeploymentNamingTheKey() {
    Exception e = assertThrows(Exception.class,
        () -> deploy(new JsonObject().put("reserveBlock", 0)));
    assertTrue(String.valueOf(e.getCause()).contains("reserveBlock: must be between 1 and 100000, got 0"),
        String.valueOf(e.getCause()));
  }

  private FibVerticle deploy(JsonObject config) throws Exception {
    return Deployments.deploy(vertx, new FibVerticle(),
        Deployments.loopback().put("dataDir", dir.toString()).mergeIn(config));
  }

  private static String read(LineClient client, int bytes) throws IOException {
    return new String(client.socket().getInputStream().readNBytes(bytes), StandardCharsets.US_ASCII);
  }
}
