package net.twistedsuite.exec;

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

/** LOG_FORMAT=json: the one line of each connection's program carries its fields. */
class ExecJsonLogIT {

  @TempDir
  Path dir;

  @Test
  void aProgramEndsInOneJsonLineWithItsOutcome() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    Map<String, String> env = new HashMap<>(JsonLog.ENV);
    env.putAll(Map.of("EXEC_PORT", "0", "EXEC_COMMAND", "[\"/bin/cat\"]",
        "EXEC_WORKING_DIRECTORY", work.toString()));
    try (ServiceProcess exec = ServiceProcess.start(ServiceProcess.fatJar(), env)) {
      int port = exec.awaitListening("exec", Duration.ofSeconds(30));
      try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
        assertEquals("hello\n", client.send("hello\n").shutdownOutput().readToEnd());
      }
      JsonLog.clientOutcome(exec, "exec", "program", "exited");
    }
  }
}
