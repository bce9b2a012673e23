package net.twistedsuite.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar started the way operators start it: {@code java -jar ... -conf fib.json}. */
class FibServiceIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void servesFromAConfigFileAndContinuesExactlyAfterSigterm() throws Exception {
    Path conf = FibConf.write(dir, ServiceProcess.freePort(), 1000);
    try (ServiceProcess fib = FibConf.start(conf)) {
      int port = fib.awaitListening("fib", TIMEOUT);
      try (LineClient client = LineClient.connect(port)) {
        client.send("\n\r\n\n\n\n");
        for (String expected : new String[] {"2", "3", "5", "8", "13"}) {
          assertEquals(expected, client.readLine());
        }
      }
      fib.stop(TIMEOUT);
    }
    FibState stored = SequenceStore.decode(Files.readAllBytes(dir.resolve("data").resolve(SequenceStore.STATE_FILE)));
    assertEquals(7, stored.index(), "the exact position: F(7) = 13 was the last number");
    assertEquals(7, stored.reserved(), "nothing reserved ahead after a clean stop");
    // The same configuration, with the port overridden from the environment.
    int port = ServiceProcess.freePort();
    try (ServiceProcess fib = FibConf.start(conf, Map.of("FIB_PORT", String.valueOf(port)))) {
      assertEquals(port, fib.awaitListening("fib", TIMEOUT));
      try (LineClient client = LineClient.connect(port)) {
        assertEquals("21", client.send("\n").readLine());
      }
      fib.stop(TIMEOUT);
    }
  }

  @Test
  void aBadSettingStopsStartUpWithOneLineNamingTheKey() throws Exception {
    try (ServiceProcess fib = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(),
        "-conf", "{\"reserveBlock\": 0}")) {
      assertEquals(2, fib.awaitExit(TIMEOUT));
      String line = "fib: config error: reserveBlock: must be between 1 and 100000, got 0";
      fib.awaitLine(line, TIMEOUT);
      assertEquals(line, fib.output().strip(), "one line, nothing else");
    }
  }

  @Test
  void aDamagedStateFileStopsStartUpInsteadOfRepeatingNumbers() throws Exception {
    Path conf = FibConf.write(dir, ServiceProcess.freePort(), 1000);
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve(SequenceStore.STATE_FILE), "fib-state 1\nindex 12\n");
    try (ServiceProcess fib = FibConf.start(conf)) {
      assertEquals(3, fib.awaitExit(TIMEOUT));
      fib.awaitLine("fib: could not start: state file " + data.resolve(SequenceStore.STATE_FILE)
          + " is damaged (truncated)", TIMEOUT);
    }
  }
}
