package net.twistedsuite.fib;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceConf;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** fib's admin server: numbers, position and reservations, and readiness that follows the store. */
class FibAdminIT {

  @RegisterExtension
  final ServiceConf fib = FibConf.reserving(2);

  @Test
  void countsNumbersPositionAndReservationsAndIsNotReadyWhileItCannotSave() throws Exception {
    try (ServiceProcess process = fib.startListening()) {
      int port = fib.port();
      AdminClient admin = AdminClient.of(process, "fib", WAIT);
      assertEquals(200, admin.get("/health/ready").statusCode());
      String before = admin.scrape();
      assertEquals(0.0, AdminClient.value(before, "fib_numbers_total"), before);
      assertEquals(2.0, AdminClient.value(before, "fib_position"), "F(2) = 1 precedes the first answer");
      double reservedBefore = AdminClient.value(before, "fib_reservations_total");
      assertTrue(reservedBefore >= 1, before);
      try (LineClient client = LineClient.connect(port)) {
        client.send("\n\n\n\n\n\n");
        for (String expected : new String[] {"2", "3", "5", "8", "13", "21"}) {
          assertEquals(expected, client.readLine());
        }
      }
      assertEquals(6.0, admin.awaitAtLeast("fib_numbers_total", "", 6));
      String after = admin.scrape();
      assertEquals(8.0, AdminClient.value(after, "fib_position"), after);
      // Blocks of two: six answers cannot come from fewer than two more reservations.
      assertTrue(AdminClient.value(after, "fib_reservations_total") >= reservedBefore + 2, after);

      // The data directory goes away: the position cannot be saved, so no number may be handed
      // out, and the service says it is not ready (while staying alive).
      Path data = FibConf.dataDir(fib);
      Path moved = Files.move(data, data.resolveSibling("data-away"));
      try (LineClient client = LineClient.connect(port)) {
        client.send("\n\n\n\n");
        for (int i = 0; i < 4 && client.readLine() != null; i++) {
          // the numbers still reserved, then the error
        }
      }
      assertTrue(admin.awaitStatus("/health/ready", 503).body().contains("\"id\":\"state\",\"status\":\"DOWN\""));
      assertEquals(200, admin.get("/health/live").statusCode(), "a store problem is no reason to restart");

      Files.move(moved, data);
      try (LineClient client = LineClient.connect(port)) {
        client.send("\n");
        client.readLine();
      }
      admin.awaitStatus("/health/ready", 200);
      process.stop(WAIT);
    }
  }
}
