package net.twistedsuite.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import net.twistedsuite.common.JsonLog;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOG_FORMAT=json: each connection's outcome line carries its fields. */
class NotifyJsonLogIT {

  @TempDir
  Path dir;

  @Test
  void aConnectionEndsInOneJsonLineWithItsOutcome() throws Exception {
    Path ads = Files.writeString(dir.resolve("classifieds.txt"), "nice flat in the 11e\n");
    Map<String, String> env = new HashMap<>(JsonLog.ENV);
    env.putAll(Map.of("NOTIFY_HOST", "127.0.0.1", "NOTIFY_PORT", "0", "NOTIFY_CLASSIFIEDS_FILE", ads.toString()));
    try (ServiceProcess notify = ServiceProcess.start(ServiceProcess.fatJar(), env)) {
      int port = notify.awaitListening("notify", Duration.ofSeconds(30));
      try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
        assertEquals("nice flat in the 11e\r\n", client.send("classified?\r\n").shutdownOutput().readToEnd());
      }
      JsonLog.clientOutcome(notify, "notify", "connection", "closed");
    }
  }
}
