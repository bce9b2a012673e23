package net.twistedsuite.fib;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceConf;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fat jar started the way operators start it: {@code java -jar ... -conf fib.json}. */
class FibServiceIT {

  @RegisterExtension
  final ServiceConf fib = FibConf.reserving(1000);

  @Test
  void servesFromAConfigFileAndContinuesExactlyAfterSigterm() throws Exception {
    try (ServiceProcess process = fib.startListening()) {
      try (LineClient client = LineClient.connect(fib.port())) {
        client.send("\n\r\n\n\n\n");
        for (String expected : new String[] {"2", "3", "5", "8", "13"}) {
          assertEquals(expected, client.readLine());
        }
      }
      process.stop(WAIT);
    }
    FibState stored = SequenceStore.decode(Files.readAllBytes(FibConf.stateFile(fib)));
    assertEquals(7, stored.index(), "the exact position: F(7) = 13 was the last number");
    assertEquals(7, stored.reserved(), "nothing reserved ahead after a clean stop");
    // The same configuration, with the port overridden from the environment.
    int port = ServiceProcess.freePort();
    try (ServiceProcess process = fib.start(Map.of("FIB_PORT", String.valueOf(port)))) {
      assertEquals(port, process.awaitListening("fib", WAIT));
      try (LineClient client = LineClient.connect(port)) {
        assertEquals("21", client.send("\n").readLine());
      }
      process.stop(WAIT);
    }
  }

  @Test
  void aBadSettingStopsStartUpWithOneLineNamingTheKey() throws Exception {
    ServiceProcess.assertRefusesConfig("{\"reserveBlock\": 0}",
        "fib: config error: reserveBlock: must be between 1 and 100000, got 0");
  }

  @Test
  void aDamagedStateFileStopsStartUpInsteadOfRepeatingNumbers() throws Exception {
    Files.createDirectories(FibConf.dataDir(fib));
    Files.writeString(FibConf.stateFile(fib), "fib-state 1\nindex 12\n");
    try (ServiceProcess process = fib.start()) {
      assertEquals(3, process.awaitExit(WAIT));
      process.awaitLine("fib: could not start: state file " + FibConf.stateFile(fib) + " is damaged (truncated)", WAIT);
    }
  }
}
