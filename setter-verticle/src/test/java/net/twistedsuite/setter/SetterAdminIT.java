package net.twistedsuite.setter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;

/** The setter fat jar's admin server: readiness, and updates counted by how they ended. */
class SetterAdminIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String UPDATES = "setter_updates_total";

  @Test
  void countsEachOutcomeOfRealClientsAndSaysItIsReady() throws Exception {
    Map<String, String> env = Map.of("SETTER_PORT", String.valueOf(ServiceProcess.freePort()),
        "SETTER_MAX_CONNECTIONS", "1", "SETTER_MAX_CONNECTIONS_PER_ADDRESS", "1", "SETTER_EVENT_LOOPS", "1");
    try (ServiceProcess setter = ServiceProcess.start(ServiceProcess.fatJar(), env)) {
      int port = setter.awaitListening("setter", WAIT);
      AdminClient admin = AdminClient.of(setter, "setter", WAIT);
      admin.assertReady("listening");
      String before = admin.scrape();
      for (String outcome : new String[] {"set", "cleared", "refused", "unavailable", "failed", "denied",
          "turned_away", "abandoned"}) {
        assertEquals(0.0, AdminClient.value(before, UPDATES, "outcome=\"" + outcome + "\""), before);
      }

      // No finger in this test: the update is unavailable, twice.
      for (int i = 0; i < 2; i++) {
        try (LineClient client = LineClient.connect(port)) {
          assertEquals("ERROR finger service unavailable\r\n",
              client.send("moshez\r\nAt lunch\r\n").shutdownOutput().readToEnd());
        }
      }
      try (LineClient client = LineClient.connect(port)) {
        assertTrue(client.send("moshez\r\n").shutdownOutput().readToEnd().startsWith("ERROR expected two lines"));
      }
      assertEquals(2.0, admin.awaitAtLeast(UPDATES, "outcome=\"unavailable\"", 2));
      assertEquals(1.0, admin.awaitAtLeast(UPDATES, "outcome=\"refused\"", 1));
      try (LineClient holder = LineClient.connect(port)) {
        // The one place is taken (connections are accepted in order, on one event loop): the
        // next client is turned away.
        String reply = LineClient.exchange(port, "");
        assertTrue(reply.startsWith("ERROR too many connections"), reply);
      }
      // The holder left without a byte (a port check, say).
      assertEquals(1.0, admin.awaitAtLeast(UPDATES, "outcome=\"abandoned\"", 1));
      String after = admin.scrape();
      assertEquals(1.0, AdminClient.value(after, UPDATES, "outcome=\"refused\""), after);
      assertEquals(1.0, AdminClient.value(after, UPDATES, "outcome=\"turned_away\""), after);
      assertEquals(0.0, AdminClient.value(after, UPDATES, "outcome=\"set\""), after);
      assertFalse(after.contains("moshez"), "no user names in labels");
      assertFalse(after.contains("127.0.0.1"), "no client addresses in labels");
      setter.stop(WAIT);
    }
  }
}
