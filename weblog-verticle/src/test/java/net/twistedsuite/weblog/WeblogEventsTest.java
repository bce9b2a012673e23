package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live page's event stream on the wire: history first, and resumption by Last-Event-ID. */
class WeblogEventsTest {

  /** How long a test waits for an event that must come (a loaded machine can be slow). */
  private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private Vertx vertx;
  private AccessLog log;
  private WeblogVerticle weblog;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    log = new AccessLog(dir.resolve("access.log"));
    weblog = new WeblogVerticle();
    vertx.deployVerticle(weblog, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("logFile", log.path().toString()).put("pollIntervalMs", 20)
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("history", 3))))
        .await(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  /** An SSE client on a plain socket: the request as a browser sends it, events parsed by hand. */
  private final class Stream implements AutoCloseable {
    private final Socket socket = new Socket();
    private final BufferedReader in;

    Stream(String lastEventId) throws Exception {
      socket.connect(new InetSocketAddress("127.0.0.1", weblog.webPort()), 10_000);
      socket.setSoTimeout((int) EVENT_WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
          + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String status = in.readLine();
      assertTrue(status.startsWith("HTTP/1.1 200"), status);
    }

    /**
     * The next event as [type, id, path]; chunk sizes and comments are skipped. The server's
     * heartbeat comments keep the socket's read timeout from firing, so the wait for an event has
     * a deadline of its own.
     */
    List<String> next() throws Exception {
      long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
      String id = null;
      String type = "message";
      while (true) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("no event within " + EVENT_WAIT.toSeconds() + " s");
        }
        String line = in.readLine();
        if (line == null) {
          throw new AssertionError("the stream ended before the next event");
        }
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          JsonObject data = new JsonObject(line.substring(6));
          return List.of(type, String.valueOf(id), String.valueOf(data.getString("path")));
        }
      }
    }

    List<String> paths(int count) throws Exception {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        out.add(next().get(2));
      }
      return out;
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  @Test
  void aNewPageGetsTheKeptHistoryThenLiveHits() throws Exception {
    try (Stream first = new Stream(null)) {
      // The page is registered once its response has begun, so every hit after that reaches it;
      // once it has all four, the server has read them and keeps the last three.
      log.hits("/1", "/2", "/3", "/4");
      assertEquals(List.of("/1", "/2", "/3", "/4"), first.paths(4), "an open page gets every hit");
    }
    try (Stream page = new Stream(null)) {
      assertEquals(List.of("/2", "/3", "/4"), page.paths(3), "history: the last 3 kept");
      log.hits("/5");
      assertEquals(List.of("/5"), page.paths(1));
    }
  }

  @Test
  void lastEventIdResumesAfterThatHitOnly() throws Exception {
    String idOfTwo;
    try (Stream page = new Stream(null)) {
      log.hits("/1", "/2");
      page.next();
      idOfTwo = page.next().get(1);
    }
    log.hits("/3");
    try (Stream again = new Stream(idOfTwo)) {
      log.hits("/4");
      assertEquals(List.of("/3", "/4"), again.paths(2));
    }
  }

  @Test
  void anIdFromAnotherRunResetsThePageAndSendsTheHistory() throws Exception {
    try (Stream page = new Stream(null)) {
      log.hits("/1");
      page.next();
    }
    try (Stream stale = new Stream("previousrun-7")) {
      List<String> reset = stale.next();
      assertEquals("reset", reset.get(0));
      assertEquals(List.of("/1"), stale.paths(1));
    }
  }
}
