package net.twistedsuite.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The echo server as its clients see it: a deployed verticle, real sockets, bytes in and out. */
class EchoVerticleTest {

  private static final int MIB = 1024 * 1024;

  private final Vertx vertx = Vertx.vertx();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void close() throws Exception {
    threads.shutdownNow();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void largeRandomBinaryPayloadsComeBackByteForByteToSeveralClientsAtOnce() throws Exception {
    int port = deploy(new JsonObject());
    List<Future<byte[]>> echoes = new ArrayList<>();
    List<byte[]> sent = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      byte[] payload = random(c, 6 * MIB + c); // every byte value, no line structure
      sent.add(payload);
      echoes.add(threads.submit(() -> {
        try (Socket socket = connect(port)) {
          Future<?> writing = threads.submit(() -> {
            socket.getOutputStream().write(payload);
            socket.shutdownOutput();
            return null;
          });
          byte[] back = socket.getInputStream().readAllBytes();
          writing.get(60, TimeUnit.SECONDS);
          return back;
        }
      }));
    }
    for (int c = 0; c < 3; c++) {
      byte[] back = echoes.get(c).get(120, TimeUnit.SECONDS);
      assertEquals(sent.get(c).length, back.length, "client " + c + " got every byte back");
      assertArrayEquals(sent.get(c), back, "client " + c + " got the same bytes in the same order");
    }
  }

  @Test
  void aClientThatSendsWithoutReadingIsPausedAndThenGetsEverythingBack() throws Exception {
    int port = deploy(new JsonObject());
    long limit = 256L * MIB; // far more than any buffer on the way may hold
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(64 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(60_000);
      AtomicLong written = new AtomicLong();
      Future<?> writer = threads.submit(() -> {
        OutputStream out = socket.getOutputStream();
        Random bytes = new Random(42);
        byte[] chunk = new byte[64 * 1024];
        while (written.get() < limit) {
          bytes.nextBytes(chunk);
          out.write(chunk); // blocks once the server stops reading
          written.addAndGet(chunk.length);
        }
        return null;
      });
      long stalledAt = awaitStall(written, limit);
      // The kernel's socket buffers on both sides hold some megabytes; the server holds one
      // write queue. Unbounded buffering would have taken all 256 MiB by now.
      assertTrue(stalledAt < 48L * MIB, "the client's sending stalled only after " + stalledAt + " bytes");

      // Reading now lets the server read on: everything sent comes back, in order.
      InputStream in = new DataInputStream(socket.getInputStream());
      Random expected = new Random(42);
      byte[] chunk = new byte[64 * 1024];
      byte[] got = new byte[chunk.length];
      long checked = 0;
      long target = stalledAt + 8L * MIB;
      while (checked < target) {
        expected.nextBytes(chunk);
        ((DataInputStream) in).readFully(got);
        assertArrayEquals(chunk, got, "bytes " + checked + " to " + (checked + chunk.length));
        checked += chunk.length;
      }
      assertTrue(written.get() > stalledAt, "the client sends again once it reads");
      writer.cancel(true);
    }
  }

  @Test
  void aHalfClosedClientGetsAllItSentThenTheServerCloses() throws Exception {
    int port = deploy(new JsonObject());
    try (LineClient client = LineClient.connect(port)) {
      client.send("Hello, world!\r\nno line end").shutdownOutput();
      assertEquals("Hello, world!\r\nno line end", client.readToEnd());
    }
  }

  @Test
  void aClientBeyondMaxConnectionsIsClosedAtOnceAndTheOthersAreServed() throws Exception {
    int port = deploy(new JsonObject().put("maxConnections", 2));
    try (LineClient first = LineClient.connect(port); LineClient second = LineClient.connect(port)) {
      assertEquals("a", first.send("a\n").readLine());
      assertEquals("b", second.send("b\n").readLine());
      try (LineClient third = LineClient.connect(port)) {
        assertEquals("", third.readToEnd(), "closed without a byte");
      }
      assertEquals("c", first.send("c\n").readLine());
    }
    // The server sees the two leave a moment after they close: until then it may still be full.
    String echoed = Await.until(() -> {
      try (LineClient again = LineClient.connect(port)) {
        return again.send("d\n").readLine();
      }
    }, Objects::nonNull, Duration.ofSeconds(30), last -> "still turned away");
    assertEquals("d", echoed, "places are given back when clients leave");
  }

  @Test
  void anIdleClientIsDisconnected() throws Exception {
    int port = deploy(new JsonObject().put("idleTimeoutSeconds", 1));
    try (LineClient client = LineClient.connect(port)) {
      assertEquals("x", client.send("x\n").readLine());
      assertTrue(client.closedByServer(), "closed after a second of silence");
    }
  }

  /** Waits until {@code written} has not grown for two seconds; fails if it reaches {@code limit}. */
  private static long awaitStall(AtomicLong written, long limit) throws InterruptedException {
    long last = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      long now = written.get();
      if (now >= limit) {
        throw new AssertionError("the server read " + now + " bytes from a client that reads nothing");
      }
      if (now == last) {
        return now;
      }
      last = now;
      Thread.sleep(2_000);
    }
    throw new AssertionError("the client never stalled");
  }

  private int deploy(JsonObject config) throws Exception {
    EchoVerticle verticle = new EchoVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.copy().put("host", "127.0.0.1").put("port", 0)))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return verticle.actualPort();
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(60_000);
    return socket;
  }

  private static byte[] random(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
