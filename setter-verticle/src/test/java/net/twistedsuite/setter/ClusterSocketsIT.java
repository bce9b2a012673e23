package net.twistedsuite.setter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finger replica and a setter started with {@code -cluster}, as the README starts them: every
 * socket they listen on (the service's, Hazelcast's member port, the event bus) is bound to
 * 127.0.0.1, none to every interface; and when the finger process is killed the setter logs that
 * as one line, without Hazelcast's stack traces.
 */
class ClusterSocketsIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Pattern ONE_EVENT = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* [A-Z]+ +\\S+ - .*");

  @TempDir
  Path dir;

  private final String clusterName = "it-" + UUID.randomUUID();

  @Test
  void clusterSocketsListenOnTheConfiguredAddressOnlyAndAMemberLeavingIsOneLine() throws Exception {
    assumeTrue(ListeningSockets.available(), "needs Linux /proc to list a process's listening sockets");
    Path fingerJar = Path.of(System.getProperty("finger.fat.jar", "missing"));
    assumeTrue(Files.isRegularFile(fingerJar), "finger fat jar not built: " + fingerJar);
    try (ServiceProcess finger = ServiceProcess.start(fingerJar, Map.of(
             "SUITE_CLUSTER_NAME", clusterName,
             "FINGER_PORT", "0", "FINGER_HOST", "127.0.0.1", "FINGER_HTTP_HOST", "127.0.0.1",
             "FINGER_DATA_DIR", dir.resolve("finger").toString()), "-cluster");
         ServiceProcess setter = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(
             "SUITE_CLUSTER_NAME", clusterName, "SETTER_PORT", "0"), "-cluster")) {
      finger.awaitListening("finger", START);
      setter.awaitListening("setter", START);
      setter.awaitLine("joined; 2 members", START);

      for (ServiceProcess service : List.of(finger, setter)) {
        List<InetSocketAddress> listening = ListeningSockets.of(service.process().pid());
        // The service's own port, Hazelcast's member port and the event bus.
        assertTrue(listening.size() >= 3, "expected at least 3 listening sockets: " + listening);
        for (InetSocketAddress socket : listening) {
          assertFalse(socket.getAddress().isAnyLocalAddress(), "listens on every interface: " + socket
              + " (all: " + listening + ")");
          assertTrue(socket.getAddress().isLoopbackAddress()
              || socket.getAddress().getHostAddress().equals("0:0:0:0:0:ffff:7f00:1"),
              "listens beyond 127.0.0.1: " + socket + " (all: " + listening + ")");
        }
      }

      int before = setter.output().split("\n").length;
      finger.kill();
      setter.awaitLine("left; 1 members", START);
      // What Hazelcast reports a few seconds later (migrations, operations that failed) too.
      Thread.sleep(5_000);
      List<String> output = List.of(setter.output().split("\n"));
      List<String> after = output.subList(before, output.size());
      for (String line : after) {
        assertTrue(ONE_EVENT.matcher(line).matches(), "not a one-line event: '" + line + "'; output:\n" + setter.output());
      }
      assertEquals(1, after.size(), "one line for one member leaving; got:\n" + String.join("\n", after));
      assertTrue(after.get(0).contains("INFO  ClusterSetup - cluster: member [127.0.0.1]:"), after.get(0));
    }
  }
}
