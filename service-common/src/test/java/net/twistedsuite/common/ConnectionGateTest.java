package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The gate in front of a bare server, over real sockets from two loopback addresses. */
class ConnectionGateTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    Await.result(vertx.close());
  }

  /** A server that answers "in" to an admitted client and keeps it open, or the refusal and closes. */
  private int serve(ClientLimits limits, long summaryMillis) throws Exception {
    NetServer server = vertx.createNetServer();
    server.connectHandler(socket -> {
      ConnectionGate gate = gate(limits, summaryMillis);
      ConnectionGate.Admission admission = gate.admit(socket);
      if (admission == ConnectionGate.Admission.ADMITTED) {
        socket.closeHandler(v -> gate.release(socket));
        socket.write("in\n");
      } else {
        socket.end(Buffer.buffer(admission + "\n"));
      }
    });
    return Await.result(server.listen(0, "127.0.0.1")).actualPort();
  }

  private ConnectionGate gate;

  private ConnectionGate gate(ClientLimits limits, long summaryMillis) {
    if (gate == null) {
      gate = new ConnectionGate(limits,
          new RefusalLog(vertx, LoggerFactory.getLogger(ConnectionGateTest.class), summaryMillis));
    }
    return gate;
  }

  @Test
  void oneAddressIsHeldToItsShareAndTheServerToItsTotal() throws Exception {
    int port = serve(new ClientLimits(0, 0, 3, 2), 60_000);
    try (LineClient a1 = LineClient.connectFrom("127.0.0.1", port);
        LineClient a2 = LineClient.connectFrom("127.0.0.1", port)) {
      assertEquals("in", a1.readLine());
      assertEquals("in", a2.readLine());
      try (LineClient a3 = LineClient.connectFrom("127.0.0.1", port)) {
        assertEquals("ADDRESS_FULL", a3.readLine());
      }
      try (LineClient b1 = LineClient.connectFrom("127.0.0.2", port)) {
        assertEquals("in", b1.readLine());
        try (LineClient b2 = LineClient.connectFrom("127.0.0.2", port)) {
          assertEquals("SERVER_FULL", b2.readLine());
        }
      }
      Await.until(() -> gate.open() == 2, "the place of the client that left is given back");
      try (LineClient b3 = LineClient.connectFrom("127.0.0.2", port)) {
        assertEquals("in", b3.readLine());
      }
    }
    Await.until(() -> gate.open() == 0, "every place is given back");
  }

  @Test
  void aFloodOfRefusalsIsLoggedOnceThenSummarisedPerInterval() throws Exception {
    int port = serve(new ClientLimits(0, 0, 1, 1), 1_000);
    try (LogCapture log = new LogCapture(ConnectionGateTest.class);
        LineClient holder = LineClient.connectFrom("127.0.0.1", port)) {
      assertEquals("in", holder.readLine());
      for (int i = 0; i < 200; i++) {
        try (LineClient refused = LineClient.connectFrom(i % 4 == 0 ? "127.0.0.2" : "127.0.0.3", port)) {
          assertEquals("SERVER_FULL", refused.readLine());
        }
      }
      Await.until(() -> log.lines().stream().filter(l -> l.contains(" more connection"))
          .mapToInt(l -> Integer.parseInt(l.split(" ")[2])).sum() == 199, "every refusal is counted");
      List<String> lines = log.lines();
      assertTrue(lines.size() < 20, "far fewer lines than refusals: " + lines);
      assertTrue(lines.get(0).matches("WARN 127\\.0\\.0\\.2:\\d+ refused: too many connections \\(maxConnections 1\\)"),
          lines.get(0));
      assertTrue(lines.get(1).matches("WARN refused \\d+ more connections? in the last 1 s: \\d+ too many connections"
          + " \\(maxConnections 1\\); most refused: 127\\.0\\.0\\.\\d \\d+(, 127\\.0\\.0\\.\\d \\d+)?"), lines.get(1));
    }
  }
}
