package net.twistedsuite.finger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The wire protocol alone, in front of stub services, over real sockets. */
@ExtendWith(VertxExtension.class)
class FingerProtocolTest {

  private final List<FingerQuery> asked = new CopyOnWriteArrayList<>();

  /** Answers "status of USER" (or "list"), remembering each query. */
  private final FingerService echo = query -> {
    asked.add(query);
    return Future.succeededFuture(query.kind() == FingerQuery.Kind.LIST ? "list" : "status of " + query.user());
  };

  private int serve(Vertx vertx, FingerService service) throws Exception {
    return FingerTesting.serve(vertx, service, FingerOptions.LIMITS.defaults());
  }

  @Test
  void answersAQueryEndedByCrlfOrByABareLfAndCloses(Vertx vertx) throws Exception {
    int port = serve(vertx, echo);
    assertEquals("status of moshez\r\n", LineClient.exchange(port, "moshez\r\n"));
    assertEquals("status of moshez\r\n", LineClient.exchange(port, "moshez\n"));
    assertEquals("list\r\n", LineClient.exchange(port, "\r\n"));
    // What telnet sends for a CR it does not pair with an LF.
    assertEquals("status of moshez\r\n", LineClient.exchange(port, "moshez\r\u0000\r\n"));
    assertEquals("moshez", asked.get(0).user());
  }

  @Test
  void readsAQuerySentInPiecesAndIgnoresWhatFollowsIt(Vertx vertx) throws Exception {
    int port = serve(vertx, echo);
    try (LineClient client = LineClient.connect(port)) {
      client.send("mos");
      client.send("hez\r\nsecond line\r\n");
      assertEquals("status of moshez\r\n", client.readToEnd());
    }
    assertEquals(1, asked.size());
  }

  @Test
  void answersAClientThatHalfClosesEvenWhenTheAnswerIsSlow(Vertx vertx) throws Exception {
    FingerService slow = query -> {
      Promise<String> later = Promise.promise();
      vertx.setTimer(300, id -> later.complete("late " + query.user()));
      return later.future();
    };
    int port = serve(vertx, slow);
    try (LineClient client = LineClient.connect(port)) {
      client.send("moshez\r\n").shutdownOutput();
      assertEquals("late moshez\r\n", client.readToEnd());
    }
    try (LineClient client = LineClient.connect(port)) {
      // printf moshez | nc -N: no line ending, but the end of input ends the query.
      client.send("moshez").shutdownOutput();
      assertEquals("late moshez\r\n", client.readToEnd());
    }
  }

  @Test
  void sanitizesAnswersToPrintableAsciiAndTabWithCrlf(Vertx vertx) throws Exception {
    int port = serve(vertx, q -> Future.succeededFuture(
        "caf\u00e9 \u2603\u0007\nline2 \u001b[31mred\r\nx\ty\rlast \ud83d\ude00"));
    String answer = LineClient.exchange(port, "moshez\r\n");
    assertEquals("cafe ??\r\nline2 ?[31mred\r\nx\ty\r\nlast ?\r\n", answer);
    for (char c : answer.toCharArray()) {
      assertTrue(c == '\r' || c == '\n' || c == '\t' || (c >= 0x20 && c <= 0x7e), "not printable ASCII: " + (int) c);
    }
  }

  @Test
  void keepsTabsSoColumnsStayAligned(Vertx vertx) throws Exception {
    // RFC 1288 section 3.3 allows TAB in an answer; netkit fingerd's columns depend on it.
    String columns = "Login: moshez\t\t\tName: Moshe Zadka\r\nDirectory: /home/moshez\tShell: /bin/sh\r\n";
    int port = serve(vertx, q -> Future.succeededFuture(columns));
    assertEquals(columns, LineClient.exchange(port, "moshez\r\n"));
  }

  @Test
  void aFailedLookupAnswersInternalErrorAndTheServerKeepsServing(Vertx vertx) throws Exception {
    int[] calls = {0};
    FingerService flaky = query -> switch (calls[0]++) {
      case 0 -> Future.failedFuture(new IllegalStateException("database down\nsecond line"));
      case 1 -> throw new IllegalStateException("bug in the service");
      case 2 -> null;
      default -> Future.succeededFuture("fine");
    };
    int port = serve(vertx, flaky);
    try (LogCapture log = new LogCapture(FingerProtocol.class)) {
      assertEquals("Internal error in server\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("Internal error in server\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("Internal error in server\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("fine\r\n", LineClient.exchange(port, "moshez\r\n"));
      Await.until(() -> log.lines().size() == 4, "four connections are logged");
      assertTrue(log.lines().get(0).startsWith("WARN "), log.lines().get(0));
      assertTrue(log.lines().get(0).contains("\"moshez\" lookup failed: database down, 26 bytes in "),
          log.lines().get(0));
      assertTrue(log.lines().get(1).contains("lookup failed: bug in the service"), log.lines().get(1));
    }
  }

  @Test
  void anInvalidQueryGetsOneLineAndNeverReachesTheService(Vertx vertx) throws Exception {
    int port = serve(vertx, echo);
    assertEquals("Invalid user name: use 1 to 32 letters, digits, '.', '_' or '-', not starting with '-'\r\n",
        LineClient.exchange(port, "-x\r\n"));
    assertEquals("Invalid query: only printable ASCII is allowed\r\n",
        LineClient.exchange(port, "mos\u0000hez\r\n"));
    assertEquals(0, asked.size());
  }

  @Test
  void aLineOverTheLimitIsRefusedWithOneLineAndAClose(Vertx vertx) throws Exception {
    int port = FingerTesting.serve(vertx, echo, FingerOptions.LIMITS.defaults().withMaxLineLength(16));
    String sixteen = "abcdefghijklmnop";
    assertEquals("status of " + sixteen + "\r\n", LineClient.exchange(port, sixteen + "\r\n"));
    assertEquals("Query line too long (limit 16 bytes)\r\n", LineClient.exchange(port, sixteen + "q\r\n"));
    // Without any line ending, the server stops reading at the limit rather than buffering.
    try (LineClient client = LineClient.connect(port)) {
      client.send("x".repeat(4000));
      assertEquals("Query line too long (limit 16 bytes)", client.readLine());
      assertTrue(client.closedByServer());
    }
    assertEquals(1, asked.size());
  }

  @Test
  void aClientThatSendsNothingIsToldAndDisconnectedAfterTheIdleTimeout(Vertx vertx) throws Exception {
    int port = FingerTesting.serve(vertx, echo, FingerOptions.LIMITS.defaults().withIdleTimeoutSeconds(1));
    try (LogCapture log = new LogCapture(FingerProtocol.class)) {
      try (LineClient silent = LineClient.connect(port)) {
        assertEquals("Timed out waiting for a query\r\n", silent.readToEnd());
      }
      try (LineClient partial = LineClient.connect(port)) {
        partial.send("mosh");
        assertEquals("Timed out waiting for a query\r\n", partial.readToEnd());
      }
      Await.until(() -> log.linesContaining("idle timeout: no query within 1 s").size() == 2, "both logged");
    }
    assertEquals(0, asked.size());
  }

  @Test
  void connectionsOverTheLimitAreRefusedAndAFreedPlaceIsReused(Vertx vertx) throws Exception {
    FingerProtocol protocol = new FingerProtocol(echo, FingerOptions.LIMITS.defaults().withMaxConnections(2, 2));
    int port = Await.result(vertx.createNetServer().connectHandler(protocol).listen(0, "127.0.0.1")).actualPort();
    try (LineClient first = LineClient.connect(port); LineClient second = LineClient.connect(port)) {
      Await.until(() -> protocol.openConnections() == 2, "two connections are open");
      assertEquals("Too many connections\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("status of a\r\n", first.send("a\r\n").readToEnd());
      Await.until(() -> protocol.openConnections() == 1, "the first connection is released");
      assertEquals("status of moshez\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("status of b\r\n", second.send("b\r\n").readToEnd());
    }
    Await.until(() -> protocol.openConnections() == 0, "every connection is released");
  }

  @Test
  void oneAddressBeyondItsShareIsRefusedWhileAnotherStillGetsIn(Vertx vertx) throws Exception {
    FingerProtocol protocol = new FingerProtocol(echo, FingerOptions.LIMITS.defaults().withMaxConnections(10, 2));
    int port = Await.result(vertx.createNetServer().connectHandler(protocol).listen(0, "127.0.0.1")).actualPort();
    try (LogCapture log = new LogCapture(FingerProtocol.class);
        LineClient first = LineClient.connectFrom("127.0.0.1", port);
        LineClient second = LineClient.connectFrom("127.0.0.1", port)) {
      Await.until(() -> protocol.openConnections() == 2, "two connections from 127.0.0.1 are open");
      try (LineClient third = LineClient.connectFrom("127.0.0.1", port)) {
        assertEquals("Too many connections from your address\r\n", third.send("moshez\r\n").readToEnd());
      }
      try (LineClient other = LineClient.connectFrom("127.0.0.2", port)) {
        assertEquals("status of moshez\r\n", other.send("moshez\r\n").readToEnd());
      }
      Await.until(() -> log.linesContaining("refused: too many connections from one address"
          + " (maxConnectionsPerAddress 2)").size() == 1, "the refusal is logged");
      assertTrue(log.lines().get(0).startsWith("WARN 127.0.0.1:"), log.lines().toString());
      assertEquals("status of a\r\n", first.send("a\r\n").readToEnd());
      assertEquals("status of b\r\n", second.send("b\r\n").readToEnd());
    }
  }

  @Test
  void eachOutcomeReachesTheMetricsOnceALookupFailureAndARefusalAtTheDoorIncluded(Vertx vertx) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FingerService failing = query -> query.user().equals("broken")
        ? Future.failedFuture(new IllegalStateException("disk on fire")) : echo.answer(query);
    FingerProtocol protocol = new FingerProtocol(failing, FingerOptions.LIMITS.defaults().withMaxConnections(1, 1),
        new QueryMetrics(registry, "finger"));
    int port = Await.result(vertx.createNetServer().connectHandler(protocol).listen(0, "127.0.0.1")).actualPort();
    assertEquals(FingerProtocol.INTERNAL_ERROR + "\r\n", LineClient.exchange(port, "broken\r\n"));
    Await.until(() -> protocol.openConnections() == 0, "the connection is released");
    try (LineClient holder = LineClient.connect(port)) {
      Await.until(() -> protocol.openConnections() == 1, "the only place is taken");
      assertEquals("Too many connections\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("status of a\r\n", holder.send("a\r\n").readToEnd());
    }
    Await.until(() -> registry.get("finger.queries").tag("outcome", "answered").timer().count() == 1, "answered");
    Await.until(() -> registry.get("finger.queries").tag("outcome", "refused").timer().count() == 1, "refused");
    assertEquals(1, registry.get("finger.queries").tag("outcome", "internal_error").timer().count());
    assertEquals(0, registry.get("finger.queries").tag("outcome", "no_such_user").timer().count());
  }

  @Test
  void logsEachConnectionOnceWithClientQueryOutcomeAndTime(Vertx vertx) throws Exception {
    int port = serve(vertx, echo);
    try (LogCapture log = new LogCapture(FingerProtocol.class)) {
      try (LineClient client = LineClient.connect(port)) {
        int local = client.socket().getLocalPort();
        client.send("/W moshez\r\n").readToEnd();
        Await.until(() -> log.lines().size() == 1, "the connection is logged");
        String line = log.lines().get(0);
        assertTrue(line.matches("INFO 127\\.0\\.0\\.1:" + local + " \"/W moshez\" answered, 18 bytes in \\d+ ms"),
            line);
      }
      LineClient.exchange(port, "\u001b]0;owned\u0007-x\r\n");
      Await.until(() -> log.lines().size() == 2, "the bad query is logged");
      assertTrue(log.lines().get(1).contains("\"\\x1b]0;owned\\x07-x\" invalid query"), log.lines().get(1));
      assertEquals(new String(log.lines().get(1).getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII),
          log.lines().get(1));
    }
  }
}
