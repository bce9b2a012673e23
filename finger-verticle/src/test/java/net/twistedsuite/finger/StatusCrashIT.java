package net.twistedsuite.finger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} right after an acknowledged update, then a restart from the fat jar: the update is there. */
class StatusCrashIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void anAcknowledgedUpdateSurvivesKillDashNine() throws Exception {
    Path data = dir.resolve("data");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process setter = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SetUntilKilled.class.getName(), data.toString()).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    int acknowledged = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(setter.getInputStream(),
        StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      String line;
      while (acknowledged < 10 && (line = in.readLine()) != null && System.nanoTime() < deadline) {
        output.add(line);
        if (line.startsWith("ACK ")) {
          acknowledged = Integer.parseInt(line.substring(4));
        }
      }
      // SIGKILL through the handle: Process.destroyForcibly would also close the pipe being read.
      setter.toHandle().destroyForcibly();
      assertTrue(setter.waitFor(10, TimeUnit.SECONDS));
      // Acknowledgements printed between the last one read and the kill count too.
      while ((line = in.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged = Integer.parseInt(line.substring(4));
        }
      }
    } finally {
      setter.destroyForcibly();
    }
    assertTrue(acknowledged >= 10, "setter output:\n" + String.join("\n", output));

    int port = ServiceProcess.freePort();
    String conf = "{\"host\": \"127.0.0.1\", \"port\": " + port + ", \"dataDir\": \"" + data + "\"}";
    try (ServiceProcess finger = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf)) {
      finger.awaitListening("finger", TIMEOUT);
      String answer = LineClient.exchange(port, "moshez\r\n");
      assertTrue(answer.matches("update \\d+\r\n"), answer);
      int kept = Integer.parseInt(answer.substring(7).strip());
      assertTrue(kept >= acknowledged, "acknowledged " + acknowledged + " but kept " + kept);
    }
  }
}
