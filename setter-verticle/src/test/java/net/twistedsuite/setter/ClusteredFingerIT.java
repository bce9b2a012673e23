package net.twistedsuite.setter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several finger replicas and one setter, each its own {@code java -jar ... -cluster} process on
 * 127.0.0.1, as the README's "Run as separate processes" section starts them.
 */
class ClusteredFingerIT {

  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(45);

  @TempDir
  Path dir;

  /** A cluster of its own, so a suite already running on this machine is never joined. */
  private final String clusterName = "it-" + UUID.randomUUID();

  @Test
  void everyReplicaAnswersTheUpdateAndItOutlivesEachOfThem() throws Exception {
    Path fingerJar = Path.of(System.getProperty("finger.fat.jar", "missing"));
    assumeTrue(Files.isRegularFile(fingerJar), "finger fat jar not built: " + fingerJar);

    try (ServiceProcess fingerA = finger(fingerJar, "a");
         ServiceProcess fingerB = finger(fingerJar, "b");
         ServiceProcess setter = ServiceProcess.start(ServiceProcess.fatJar(), env(Map.of(
             "SETTER_PORT", String.valueOf(ServiceProcess.freePort()))), "-cluster")) {
      int portA = fingerA.awaitListening("finger", START);
      int portB = fingerB.awaitListening("finger", START);
      int setterPort = setter.awaitListening("setter", START);

      set(setterPort, "moshez", "At lunch");
      awaitAnswer(portA, "moshez", "At lunch");
      awaitAnswer(portB, "moshez", "At lunch");
      // Each member is ready once it has joined the cluster; the setter counted one update set.
      for (ServiceProcess member : List.of(fingerA, setter)) {
        String service = member == setter ? "setter" : "finger";
        HttpResponse<String> ready = new AdminClient("127.0.0.1", member.awaitAdminPort(service, START))
            .get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"id\":\"cluster\",\"status\":\"UP\""), ready.body());
      }
      AdminClient setterAdmin = new AdminClient("127.0.0.1", setter.awaitAdminPort("setter", START));
      assertEquals(1.0, AdminClient.value(setterAdmin.scrape(), "setter_updates_total", "outcome=\"set\""));

      fingerA.kill();
      assertEquals("At lunch", query(portB, "moshez"));
      set(setterPort, "moshez", "Back at work");
      awaitAnswer(portB, "moshez", "Back at work");

      try (ServiceProcess fingerC = finger(fingerJar, "c")) {
        int portC = fingerC.awaitListening("finger", START);
        // C starts with an empty data directory: its answer can only come from a running replica.
        awaitAnswer(portC, "moshez", "Back at work");
        fingerC.kill();
      }
      fingerB.kill();

      // Every replica is gone; B's own durable copy brings the update back.
      try (ServiceProcess again = finger(fingerJar, "b")) {
        int port = again.awaitListening("finger", START);
        assertEquals("Back at work", query(port, "moshez"));
      }
    }
  }

  private ServiceProcess finger(Path jar, String replica) throws IOException {
    return ServiceProcess.start(jar, env(Map.of(
        "FINGER_PORT", String.valueOf(ServiceProcess.freePort()),
        "FINGER_HOST", "127.0.0.1",
        "FINGER_DATA_DIR", dir.resolve(replica).toString(),
        "FINGER_USERS", "{\"moshez\": \"Happy and well\"}")), "-cluster");
  }

  private Map<String, String> env(Map<String, String> service) {
    Map<String, String> env = new HashMap<>(service);
    env.put("SUITE_CLUSTER_NAME", clusterName);
    return env;
  }

  /** Sets a status through the setter, retrying while the cluster still forms or forgets a member. */
  private static void set(int setterPort, String user, String status) throws Exception {
    Await.until(() -> {
      try (LineClient client = LineClient.connect(setterPort)) {
        return client.send(user + "\r\n" + status + "\r\n").shutdownOutput().readToEnd();
      }
    }, "OK\r\n"::equals, SETTLE, last -> "setter never acknowledged; last reply: " + last);
  }

  private static void awaitAnswer(int port, String user, String expected) throws Exception {
    Await.until(() -> query(port, user), expected::equals, SETTLE,
        last -> "finger on port " + port + " answered " + last + ", not " + expected);
  }

  private static String query(int port, String user) throws IOException {
    return LineClient.exchange(port, user + "\r\n").strip();
  }
}
