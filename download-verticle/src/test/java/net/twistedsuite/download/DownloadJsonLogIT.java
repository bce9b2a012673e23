package net.twistedsuite.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.twistedsuite.common.JsonLog;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOG_FORMAT=json: each connection's outcome line carries its fields. */
class DownloadJsonLogIT {

  @TempDir
  Path dir;

  @Test
  void aConnectionEndsInOneJsonLineWithItsOutcome() throws Exception {
    Files.writeString(dir.resolve("three.txt"), "one\ntwo\nthree\n");
    String conf = "{\"host\": \"127.0.0.1\", \"port\": " + ServiceProcess.freePort() + ", \"directory\": \""
        + dir + "\", \"lineDelayMs\": 1}";
    try (ServiceProcess download = ServiceProcess.start(ServiceProcess.fatJar(), JsonLog.ENV, "-conf", conf)) {
      int port = download.awaitListening("download", Duration.ofSeconds(30));
      try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
        String received = client.send("download three.txt\r\nquit\r\n").readToEnd();
        assertTrue(received.contains(" END three.txt"), received);
      }
      JsonObject line = JsonLog.clientOutcome(download, "download", "connection", "quit");
      assertEquals(1, line.getInteger("finished"), line.encode());
    }
  }
}
