package net.twistedsuite.echo;

import static net.twistedsuite.common.Deployments.deploy;
import static net.twistedsuite.common.Deployments.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import net.twistedsuite.common.ClientsAtTheLimit;
import net.twistedsuite.common.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Echo on two event loops: clients served on both, one connection limit for both. */
@ExtendWith(VertxExtension.class)
class EchoEventLoopsTest {

  @Test
  void clientsAreEchoedOnTwoLoopsAndTheLimitCountsTheConnectionsOfBoth(Vertx vertx) throws Exception {
    try (LogCapture log = new LogCapture(EchoVerticle.class)) {
      EchoVerticle echo = deploy(vertx, new EchoVerticle(),
          loopback().put("eventLoops", 2).put("maxConnections", 4).put("maxConnectionsPerAddress", 4));
      try (ClientsAtTheLimit clients = ClientsAtTheLimit.connect(echo.actualPort(), 5)) {
        assertEquals("", clients.awaitRefused(), "the fifth client is closed with nothing echoed");
        assertEquals(Collections.nCopies(4, "hello"), clients.askTheOthers("hello\n", true));
        assertEquals(Collections.nCopies(4, ""), clients.restUntilClosed(), "closed once everything is echoed");
      }
      Set<String> loops = log.awaitThreadsLogging(" echoed 6 bytes", 4);
      assertEquals(2, loops.size(), "served on two event loops: " + loops);
      assertTrue(loops.stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")), loops.toString());
      assertEquals(List.of(), log.linesContaining("echoed 0 bytes"), "the refused client is not served");
    }
  }
}
