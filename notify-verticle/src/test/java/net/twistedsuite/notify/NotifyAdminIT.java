package net.twistedsuite.notify;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notify fat jar's admin server: events, subscribers and notifications counted as real
 * subscribers hear them, and a subscriber that stops reading counted as cut off.
 */
class NotifyAdminIT {

  private static final String PUBLISHED = "notify_events_published_total";

  @TempDir
  Path dir;

  @Test
  void countsEventsSubscribersNotificationsAndSlowClientsCut() throws Exception {
    Path ads = Files.writeString(dir.resolve("classifieds.txt"), "nice flat in the 11e\n");
    Map<String, String> env = Map.of("NOTIFY_HOST", "127.0.0.1", "NOTIFY_PORT", "0",
        "NOTIFY_CLASSIFIEDS_FILE", ads.toString(), "NOTIFY_CLASSIFIEDS_POLL_MS", "50",
        "NOTIFY_RANDOM_INTERVAL_MS", "0", "NOTIFY_SLOW_READER_TIMEOUT_SECONDS", "1");
    try (ServiceProcess notify = ServiceProcess.start(ServiceProcess.fatJar(), env)) {
      AdminClient admin = AdminClient.of(notify, "notify", WAIT);
      int port = notify.awaitListening("notify", WAIT);
      admin.assertReady("listening");
      assertEquals(0.0, AdminClient.value(admin.scrape(), PUBLISHED, "kind=\"classified\""));

      try (LineClient reader = new LineClient("127.0.0.1", port, 30_000)) {
        reader.send("notif\r\n");
        assertEquals(1.0, admin.awaitAtLeast("notify_subscribers", "", 1));
        Files.writeString(ads, "studio near Bastille\nloft in Belleville\nroom in the 5e\n", StandardOpenOption.APPEND);
        for (int i = 0; i < 3; i++) {
          assertEquals("notif: classified", reader.readLine());
        }
        String scrape = admin.scrape();
        assertEquals(3.0, AdminClient.value(scrape, PUBLISHED, "kind=\"classified\""), scrape);
        assertEquals(0.0, AdminClient.value(scrape, PUBLISHED, "kind=\"random\""), scrape);
        assertEquals(3.0, AdminClient.value(scrape, "notify_events_received_total", "kind=\"classified\""), scrape);
        assertEquals(3.0, AdminClient.value(scrape, "notify_notifications_total", "outcome=\"sent\""), scrape);
        assertEquals(0.0, AdminClient.value(scrape, "notify_notifications_total", "outcome=\"coalesced\""), scrape);
        assertFalse(scrape.contains("Bastille") || scrape.contains("127.0.0.1"), "no ad or client in labels");

        // A subscriber that asks and asks but reads nothing: its notifications coalesce, then it is cut off.
        try (Socket lagging = new Socket()) {
          lagging.setReceiveBufferSize(4096);
          lagging.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
          lagging.setSoTimeout(60_000);
          OutputStream out = lagging.getOutputStream();
          out.write("notif\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          assertEquals(2.0, admin.awaitAtLeast("notify_subscribers", "", 2));
          AtomicBoolean done = new AtomicBoolean();
          Thread asking = new Thread(() -> {
            byte[] requests = "random?\r\n".repeat(7000).getBytes(StandardCharsets.US_ASCII);
            try {
              while (!done.get()) {
                out.write(requests);
              }
            } catch (Exception e) {
              // cut off, as expected
            }
          }, "lagging-subscriber");
          asking.setDaemon(true);
          asking.start();
          Thread adding = new Thread(() -> {
            try {
              for (int i = 0; !done.get(); i++) {
                Files.writeString(ads, "ad number " + i + "\n", StandardOpenOption.APPEND);
                Thread.sleep(100);
              }
            } catch (Exception e) {
              // the test is over
            }
          }, "adding-ads");
          adding.setDaemon(true);
          adding.start();
          try {
            admin.awaitAtLeast("notify_notifications_total", "outcome=\"coalesced\"", 1);
            // Cut off: no longer a subscriber, while the reader still is.
            awaitSubscribers(admin, 1);
          } finally {
            done.set(true);
          }
          adding.join(10_000);
          asking.join(10_000);
          // Its last line, once it reads what it left unread, says why.
          String unread = new String(lagging.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
          assertTrue(unread.endsWith("error: too far behind on notifications, closing\r\n"),
              unread.substring(Math.max(0, unread.length() - 200)));
        }
        assertEquals(1.0, admin.awaitAtLeast("notify_connections_total", "outcome=\"slow\"", 1));
      }
      admin.awaitAtLeast("notify_connections_total", "outcome=\"closed\"", 1);
      String after = admin.scrape();
      assertEquals(0.0, AdminClient.value(after, "notify_subscribers"), after);
      assertEquals(AdminClient.value(after, PUBLISHED, "kind=\"classified\""),
          AdminClient.value(after, "notify_events_received_total", "kind=\"classified\""), after);
      notify.stop(WAIT);
    }
  }

  private static void awaitSubscribers(AdminClient admin, double count) throws Exception {
    Await.until(admin::scrape, scrape -> AdminClient.value(scrape, "notify_subscribers") == count, WAIT,
        scrape -> "notify_subscribers never came to " + count + ":\n" + scrape);
  }
}
