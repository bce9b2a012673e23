package net.twistedsuite.finger;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin server of the finger fat jar: health, and metrics that follow real queries. */
class FingerAdminIT {

  private static final String QUERIES = "finger_queries_seconds_count";

  @TempDir
  Path dir;

  @Test
  void countsEachOutcomeOfRealQueriesAndSaysItIsReady() throws Exception {
    int port = ServiceProcess.freePort();
    String conf = "{\"host\": \"127.0.0.1\", \"port\": " + port + ", \"maxLineLength\": 64,"
        + " \"idleTimeoutSeconds\": 1, \"users\": {\"moshez\": \"Happy and well\"},"
        + " \"dataDir\": \"" + dir.resolve("data") + "\"}";
    try (ServiceProcess finger = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf)) {
      finger.awaitListening("finger", WAIT);
      AdminClient admin = AdminClient.of(finger, "finger", WAIT);
      HttpResponse<String> ready = admin.get("/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      JsonObject checks = new JsonObject(ready.body());
      assertEquals("UP", checks.getString("outcome", checks.getString("status")), ready.body());
      for (String check : new String[] {"\"id\":\"listening\",\"status\":\"UP\"", "\"id\":\"store\",\"status\":\"UP\""}) {
        assertTrue(ready.body().contains(check), check + " in " + ready.body());
      }
      HttpResponse<String> live = admin.get("/health/live");
      assertEquals(200, live.statusCode(), live.body());
      assertFalse(live.body().contains("store"), "liveness depends on nothing but the process: " + live.body());

      String before = admin.scrape();
      for (String outcome : new String[] {"answered", "no_such_user", "refused", "bad_query", "timed_out",
          "internal_error"}) {
        assertEquals(0.0, AdminClient.value(before, QUERIES, "outcome=\"" + outcome + "\""), before);
      }

      assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("No such user\r\n", LineClient.exchange(port, "nobody\r\n"));
      assertEquals("Finger forwarding service denied\r\n", LineClient.exchange(port, "moshez@elsewhere\r\n"));
      assertTrue(LineClient.exchange(port, "x".repeat(100) + "\r\n").startsWith("Query line too long"));
      assertTrue(LineClient.exchange(port, "mos\u0001hez\r\n").startsWith("Invalid"));
      try (LineClient silent = LineClient.connect(port)) {
        assertEquals("Timed out waiting for a query\r\n", silent.readToEnd());
      }

      assertEquals(2.0, admin.awaitAtLeast(QUERIES, "outcome=\"answered\"", 2));
      assertEquals(1.0, admin.awaitAtLeast(QUERIES, "outcome=\"no_such_user\"", 1));
      assertEquals(1.0, admin.awaitAtLeast(QUERIES, "outcome=\"refused\"", 1));
      assertEquals(2.0, admin.awaitAtLeast(QUERIES, "outcome=\"bad_query\"", 2));
      assertEquals(1.0, admin.awaitAtLeast(QUERIES, "outcome=\"timed_out\"", 1));
      String after = admin.scrape();
      assertEquals(0.0, AdminClient.value(after, QUERIES, "outcome=\"internal_error\""), after);
      assertTrue(AdminClient.value(after, "finger_queries_seconds_sum", "outcome=\"answered\"") > 0, after);
      assertEquals(2.0, AdminClient.value(after, "finger_queries_seconds_bucket",
          "outcome=\"answered\",le=\"+Inf\""), after);
      // Vert.x's own meters of the finger port, and the JVM's.
      assertTrue(AdminClient.value(after, "vertx_net_server_bytes_written_total") > 0, after);
      assertTrue(after.contains("jvm_memory_used_bytes{"), after);
      assertTrue(after.contains("process_cpu_usage"), after);
      assertFalse(after.contains("moshez"), "no user names in labels");
      assertFalse(after.contains("127.0.0.1"), "no client addresses in labels");
      finger.stop(WAIT);
    }
  }

  @Test
  void adminEnabledFalseServesNothing() throws Exception {
    AdminClient.assertDisabled("finger", Map.of("FINGER_HOST", "127.0.0.1",
        "FINGER_PORT", String.valueOf(ServiceProcess.freePort()), "FINGER_DATA_DIR", dir.resolve("data").toString()));
  }
}
