package net.twistedsuite.weblog;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ServiceConf;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** weblog's admin server: its meters follow real log lines, real clients and a real rotation. */
@SuppressWarnings("try") // ServiceProcess.close() may throw InterruptedException; that is fine in a test
class WeblogAdminIT {

  /** Enough output to fill a client's queue and the sockets' buffers many times over. */
  private static final int FLOOD = 20_000;

  @RegisterExtension
  final ServiceConf weblog = WeblogConf.following("\"maxQueuedBytes\": 4096, \"replay\": 0");

  @Test
  void countsLinesHitsRotationsAndTheClientsItDrops() throws Exception {
    AccessLog log = WeblogConf.log(weblog);
    int port = weblog.port();
    try (ServiceProcess service = weblog.startListening()) {
      AdminClient admin = AdminClient.of(service, "weblog", WAIT);
      assertEquals(200, admin.get("/health/ready").statusCode());
      assertEquals(200, admin.get("/health/live").statusCode());
      try (HitStream client = HitStream.connect(port)) {
        assertEquals(1.0, admin.awaitAtLeast("weblog_clients", "", 1));
        log.hits("/a", "/b");
        assertEquals(List.of("/a", "/b"), client.nextResources(2));
        assertEquals(2.0, admin.awaitAtLeast("weblog_lines_read_total", "", 2));
        assertEquals(2.0, admin.awaitAtLeast("weblog_hits_sent_total", "", 2));

        // Rotation by truncation (logrotate's copytruncate), seen, then a new hit.
        log.truncate();
        assertEquals(1.0, admin.awaitAtLeast("weblog_rotations_total", "", 1));
        log.hits("/c");
        assertEquals(List.of("/c"), client.nextResources(1));
        assertEquals(3.0, admin.awaitAtLeast("weblog_hits_sent_total", "", 3));
        String scrape = admin.scrape();
        assertEquals(3.0, AdminClient.value(scrape, "weblog_lines_read_total"), scrape);
        assertEquals(1.0, AdminClient.value(scrape, "weblog_rotations_total"), scrape);
        assertEquals(0.0, AdminClient.value(scrape, "weblog_clients_dropped_total"), scrape);
      }
      assertEquals(0.0, awaitAtMost(admin, "weblog_clients", 0));

      // A client that never reads is dropped once it leaves more than maxQueuedBytes unread.
      try (Socket stuck = new Socket()) {
        stuck.setReceiveBufferSize(4096);
        stuck.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        admin.awaitAtLeast("weblog_clients", "", 1);
        String[] flood = new String[FLOOD];
        java.util.Arrays.fill(flood, "/" + "x".repeat(400));
        log.hits(flood);
        assertEquals(1.0, admin.awaitAtLeast("weblog_clients_dropped_total", "", 1));
      }
      assertEquals(3.0 + FLOOD, admin.awaitAtLeast("weblog_lines_read_total", "", 3 + FLOOD));
      assertFalse(admin.scrape().contains("/a"), "no paths in labels");
      service.stop(WAIT);
    }
  }

  private static double awaitAtMost(AdminClient admin, String name, double max) throws Exception {
    return Await.until(() -> AdminClient.value(admin.scrape(), name), value -> value <= max, Duration.ofSeconds(30),
        value -> name + " is " + value + ", expected at most " + max);
  }
}
