package net.twistedsuite.exec;

import static net.twistedsuite.common.Deployments.deploy;
import static net.twistedsuite.common.Deployments.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.util.Collections;
import java.util.Set;
import net.twistedsuite.common.ClientsAtTheLimit;
import net.twistedsuite.common.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** exec on two event loops: programs for clients of both, one limit on the programs of both. */
@ExtendWith(VertxExtension.class)
class ExecEventLoopsTest {

  @Test
  void programsRunForClientsOfTwoLoopsAndTheLimitCountsThePrograms(Vertx vertx) throws Exception {
    try (LogCapture log = new LogCapture(ExecConnection.class)) {
      ExecVerticle exec = deploy(vertx, new ExecVerticle(), loopback().put("command", new JsonArray().add("cat"))
          .put("eventLoops", 2).put("maxConnections", 4).put("maxConnectionsPerAddress", 4));
      try (ClientsAtTheLimit clients = ClientsAtTheLimit.connect(exec.actualPort(), 5)) {
        assertEquals("! too many programs running, try again later", clients.awaitRefused());
        assertEquals(Collections.nCopies(4, "through cat"), clients.askTheOthers("through cat\n", true));
        assertEquals(Collections.nCopies(4, ""), clients.restUntilClosed(),
            "closed once cat has ended and its output is sent");
      }
      Set<String> loops = log.awaitThreadsLogging("cat pid ", 4);
      assertEquals(2, loops.size(), "each program's end on its client's loop, two loops: " + loops);
      assertTrue(loops.stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")), loops.toString());
      assertTrue(log.linesContaining("cat pid ").stream().allMatch(l -> l.contains("exited with status 0")),
          log.lines().toString());
    }
  }
}
