package net.twistedsuite.setter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;

/** The fat jar, started as a user starts it, with the shipped configuration file. */
class SetterIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CONF = ServiceProcess.shippedConf("setter").toString();

  @Test
  void withTheShippedConfigItAnswersOverTheWireAndSaysWhenFingerIsMissing() throws Exception {
    try (ServiceProcess setter = ServiceProcess.startShipped("setter")) {
      int port = setter.awaitListening("setter", WAIT);

      try (LineClient client = LineClient.connect(port)) {
        client.send("moshez\r\nAt lunch\r\n").shutdownOutput();
        assertEquals("ERROR finger service unavailable\r\n", client.readToEnd());
      }
      setter.awaitLine("could not set the status of moshez: no finger service consumes finger.status.set", WAIT);

      try (LineClient client = LineClient.connect(port)) {
        client.send("moshez\r\n").shutdownOutput();
        assertEquals("ERROR expected two lines, the user name then the status; got 1\r\n", client.readToEnd());
      }
      setter.awaitLine("refused: expected two lines", WAIT);

      setter.stop(WAIT);
      assertFalse(setter.output().contains("Exception"), setter.output());
    }
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAllowedNetworks() throws Exception {
    try (ServiceProcess setter = ServiceProcess.start(ServiceProcess.fatJar(),
        Map.of("SETTER_HOST", "0.0.0.0"), "-conf", CONF)) {
      assertEquals(2, setter.awaitExit(WAIT));
      assertTrue(setter.output().contains("setter: config error: host: 0.0.0.0 is not a loopback address"),
          setter.output());
    }
  }
}
