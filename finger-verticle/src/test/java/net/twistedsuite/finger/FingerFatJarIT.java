package net.twistedsuite.finger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The finger server as operators run it: {@code java -jar finger-verticle-fat.jar -conf finger.json}. */
class FingerFatJarIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private Path conf(int port) throws Exception {
    Path conf = dir.resolve("finger.json");
    Files.writeString(conf, "{\n"
        + "  // the tutorial's users\n"
        + "  \"port\": " + port + ",\n"
        + "  \"host\": \"127.0.0.1\",\n"
        + "  \"users\": {\"moshez\": \"Happy and well\"},\n"
        + "  \"dataDir\": \"" + dir.resolve("data") + "\"\n"
        + "}\n");
    return conf;
  }

  @Test
  void startsFromAConfFileWithEnvironmentOverridesAnswersAndStopsOnSigterm() throws Exception {
    Path users = dir.resolve("users.txt");
    Files.writeString(users, "glyph: Hacking on Twisted\n");
    int port = ServiceProcess.freePort();
    Path conf = conf(ServiceProcess.freePort());
    Map<String, String> env = Map.of("FINGER_PORT", String.valueOf(port), "FINGER_USERS_FILE", users.toString());
    try (ServiceProcess finger = ServiceProcess.start(ServiceProcess.fatJar(), env, "-conf", conf.toString())) {
      assertEquals(port, finger.awaitListening("finger", TIMEOUT));
      assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("Login: glyph\r\nHacking on Twisted\r\n", LineClient.exchange(port, "/W glyph\r\n"));
      assertEquals("glyph: Hacking on Twisted\r\nmoshez: Happy and well\r\n", LineClient.exchange(port, "\r\n"));
      assertEquals("Finger forwarding service denied\r\n", LineClient.exchange(port, "moshez@elsewhere\r\n"));
      finger.awaitLine("\"moshez@elsewhere\" answered", TIMEOUT);
      // SIGTERM through the handle: Process.destroy (ServiceProcess.stop) also closes the pipe
      // the output is read from, and the lines logged while stopping would be lost.
      finger.process().toHandle().destroy();
      assertEquals(143, finger.awaitExit(TIMEOUT));
      // The output is read by another thread, which may be a line behind the exit.
      Await.until(() -> finger.output().contains("finger stopped"), "the stop is logged");
      assertTrue(Files.exists(dir.resolve("data").resolve("lock")), finger.output());
    }
  }

  @Test
  void helpListsEveryKeyWithItsVariable() throws Exception {
    String text = ServiceProcess.assertHelpListsEveryKey(FingerOptions.SPEC, TIMEOUT);
    assertTrue(text.contains("[default: 9101]"), "the admin port's default in:\n" + text);
  }

  @Test
  void aBadConfigurationStopsWithOneLineNamingTheKey() throws Exception {
    try (ServiceProcess finger = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(),
        "-conf", "{\"filters\": [{\"match\": \"(oops\"}]}")) {
      assertEquals(2, finger.awaitExit(TIMEOUT));
      assertEquals("finger: config error: filters[0].match: not a valid regular expression: Unclosed group"
          + " near index 5", finger.output().strip());
    }
  }

  @Test
  void aTakenPortStopsWithOneLineNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        ServiceProcess finger = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(),
            "-conf", conf(taken.getLocalPort()).toString())) {
      assertEquals(3, finger.awaitExit(TIMEOUT));
      assertTrue(finger.output().contains("finger: could not start: cannot listen on 127.0.0.1:"
          + taken.getLocalPort()), finger.output());
    }
  }
}
