package net.twistedsuite.setter;

import static net.twistedsuite.common.Deployments.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.ClientsAtTheLimit;
import net.twistedsuite.common.Deployments;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The setter on two event loops: updates from clients of both, one connection limit for both. */
@ExtendWith(VertxExtension.class)
class SetterEventLoopsTest {

  private static JsonObject onTwoLoops() {
    return Deployments.loopback().put("eventLoops", 2);
  }

  @Test
  void manyClientsAtOnceOverTwoLoopsEachHaveTheirUpdateSentOnceAndConfirmed(Vertx vertx) throws Exception {
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = deploy(vertx, new SetterVerticle(), onTwoLoops()).actualPort();
    int clients = 20;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try (LogCapture log = new LogCapture(SetterConnection.class)) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String user = "user" + i;
        answers.add(pool.submit(() -> {
          try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
            return client.send(user + "\r\nbusy on loop duty\r\n").shutdownOutput().readToEnd();
          }
        }));
      }
      for (Future<String> answer : answers) {
        assertEquals("OK\r\n", answer.get(60, TimeUnit.SECONDS));
      }
      Set<String> users = new HashSet<>();
      for (int i = 0; i < clients; i++) {
        JsonObject update = finger.nextBody();
        assertTrue(users.add(update.getString("user")), "sent twice: " + update);
        assertEquals("busy on loop duty", update.getString("status"), update.encode());
      }
      assertEquals(clients, users.size());
      Set<String> loops = log.awaitThreadsLogging(" set the status of user", clients);
      assertEquals(2, loops.size(), "answered on two event loops: " + loops);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theLimitCountsTheClientsOfBothLoops(Vertx vertx) throws Exception {
    ContractFinger.applying(vertx);
    int port = deploy(vertx, new SetterVerticle(), onTwoLoops().put("maxConnections", 4)
        .put("maxConnectionsPerAddress", 4)).actualPort();
    try (LogCapture log = new LogCapture(SetterConnection.class);
        ClientsAtTheLimit clients = ClientsAtTheLimit.connect(port, 5)) {
      assertEquals("ERROR too many connections, try again later", clients.awaitRefused());
      assertEquals(Collections.nCopies(4, "OK"), clients.askTheOthers("glyph\r\nat the limit\r\n", true));
      Set<String> loops = log.awaitThreadsLogging(" set the status of glyph", 4);
      assertEquals(2, loops.size(), "the four served on two event loops: " + loops);
    }
  }
}
