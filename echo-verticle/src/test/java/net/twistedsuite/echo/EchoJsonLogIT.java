package net.twistedsuite.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import net.twistedsuite.common.JsonLog;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;

/** LOG_FORMAT=json: each connection's outcome line carries its fields. */
class EchoJsonLogIT {

  @Test
  void aConnectionEndsInOneJsonLineWithItsOutcome() throws Exception {
    int port = ServiceProcess.freePort();
    String conf = "{\"host\": \"127.0.0.1\", \"port\": " + port + "}";
    try (ServiceProcess echo = ServiceProcess.start(ServiceProcess.fatJar(), JsonLog.ENV, "-conf", conf)) {
      echo.awaitListening("echo", Duration.ofSeconds(30));
      try (LineClient client = LineClient.connect(port)) {
        assertEquals("hello\n", client.send("hello\n").shutdownOutput().readToEnd());
      }
      JsonObject line = JsonLog.clientOutcome(echo, "echo", "connection", "finished");
      assertEquals(6, line.getInteger("bytes"), line.encode());
    }
  }
}
