package net.twistedsuite.setter;

import static net.twistedsuite.common.Deployments.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connection limits at the setter's door, over real sockets from two loopback addresses. */
@ExtendWith(VertxExtension.class)
class SetterConnectionLimitsTest {

  /**
   * On one event loop, which accepts clients in the order they connect: a holder that has sent a
   * line but heard nothing is then surely admitted before the next client is. The limits across
   * loops are SetterEventLoopsTest's.
   */
  private static int start(Vertx vertx, JsonObject config) throws Exception {
    return deploy(vertx, new SetterVerticle(), config.put("port", 0).put("eventLoops", 1)).actualPort();
  }

  @Test
  void oneAddressBeyondItsShareIsRefusedWhileAnotherStillGetsIn(Vertx vertx) throws Exception {
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = start(vertx, new JsonObject().put("maxConnectionsPerAddress", 1));
    try (LogCapture log = new LogCapture(SetterVerticle.class);
        LineClient holder = LineClient.connectFrom("127.0.0.1", port)) {
      holder.send("moshez\r\n");
      try (LineClient second = LineClient.connectFrom("127.0.0.1", port)) {
        assertEquals("ERROR too many connections from your address, try again later\r\n", second.readToEnd());
      }
      try (LineClient other = LineClient.connectFrom("127.0.0.2", port)) {
        assertEquals("OK\r\n", other.send("bob\r\nback\r\n").shutdownOutput().readToEnd());
      }
      assertEquals("bob", finger.nextBody().getString("user"));
      Await.until(() -> !log.linesContaining("maxConnectionsPerAddress 1").isEmpty(), "the refusal is logged");
      assertTrue(log.lines().get(0).matches("WARN 127\\.0\\.0\\.1:\\d+ refused: too many connections from one"
          + " address \\(maxConnectionsPerAddress 1\\)"), log.lines().toString());
      assertEquals("OK\r\n", holder.send("At lunch\r\n").shutdownOutput().readToEnd());
    }
  }

  private static int summarised(LogCapture log) {
    int total = 0;
    for (String line : log.linesContaining("more connections in the last")) {
      total += Integer.parseInt(line.split(" ")[2]);
    }
    return total;
  }

  @Test
  void aFloodOfRefusalsIsSummarisedNotLoggedOneLineEach(Vertx vertx) throws Exception {
    ContractFinger.applying(vertx);
    int port = start(vertx, new JsonObject().put("maxConnections", 1));
    int refused = 300;
    try (LogCapture log = new LogCapture(SetterVerticle.class);
        LineClient holder = LineClient.connect(port)) {
      holder.send("moshez\r\n");
      for (int i = 0; i < refused; i++) {
        String source = i % 3 == 0 ? "127.0.0.2" : "127.0.0.1";
        try (LineClient client = LineClient.connectFrom(source, port)) {
          assertEquals("ERROR too many connections, try again later\r\n", client.readToEnd());
        }
      }
      Await.until(() -> summarised(log) == refused - 1, "every refusal after the first is summarised");
      List<String> lines = log.lines();
      // One line at the first refusal, then one per 10 s while they go on: the loop above takes
      // a second or two, so two lines, or three on a machine slow enough to span an interval.
      assertTrue(lines.size() == 2 || lines.size() == 3, lines.toString());
      assertTrue(lines.get(0).matches("WARN 127\\.0\\.0\\.2:\\d+ refused: too many connections \\(maxConnections 1\\)"),
          lines.get(0));
      if (lines.size() == 2) {
        assertEquals("WARN refused 299 more connections in the last 10 s: 299 too many connections"
            + " (maxConnections 1); most refused: 127.0.0.1 200, 127.0.0.2 99", lines.get(1));
      }
    }
  }
}
