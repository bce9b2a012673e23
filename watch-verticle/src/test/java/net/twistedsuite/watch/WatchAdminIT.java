package net.twistedsuite.watch;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.JsonLog;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch fat jar's admin server, its only port: meters that follow real checks of pages on a
 * real HTTP server and real mails to an SMTP server, and readiness that follows its state.
 */
class WatchAdminIT {

  private static final String CHECKS = "watch_checks_seconds_count";
  private static final String MAILS = "watch_mails_total";

  @TempDir
  Path dir;

  @RegisterExtension
  final TestPages pages = new TestPages();

  @Test
  void countsChecksByOutcomeAndMailsAndIsReadyWhileItCanSaveItsState() throws Exception {
    SmtpSink smtp = SmtpSink.start(pages.vertx(), 0);
    Path conf = WatchConf.write(dir, smtp.port(), pages.url("/changing"), pages.url("/missing"));
    Path data = WatchConf.dataDir(dir);
    try (ServiceProcess watch = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf.toString())) {
      AdminClient admin = AdminClient.of(watch, "watch", WAIT);
      admin.assertReady("state");

      assertEquals(1.0, admin.awaitAtLeast(CHECKS, "outcome=\"first_seen\"", 1));
      admin.awaitAtLeast(CHECKS, "outcome=\"failed\"", 1);
      admin.awaitAtLeast(CHECKS, "outcome=\"unchanged\"", 1);
      pages.headline = "Twisted meets Vert.x";
      smtp.await(1, WAIT);
      assertEquals(1.0, admin.awaitAtLeast(MAILS, "outcome=\"sent\"", 1));
      String scrape = admin.scrape();
      assertEquals(1.0, AdminClient.value(scrape, CHECKS, "outcome=\"first_seen\""), scrape);
      assertEquals(1.0, AdminClient.value(scrape, CHECKS, "outcome=\"changed\""), scrape);
      assertEquals(0.0, AdminClient.value(scrape, MAILS, "outcome=\"failed\""), scrape);
      assertEquals(0.0, AdminClient.value(scrape, "watch_mails_queued"), scrape);
      double checksOfChanging = AdminClient.value(scrape, CHECKS, "outcome=\"first_seen\"")
          + AdminClient.value(scrape, CHECKS, "outcome=\"unchanged\"")
          + AdminClient.value(scrape, CHECKS, "outcome=\"changed\"");
      assertTrue(checksOfChanging <= pages.changingRequests.get(), "one check per request at most: " + scrape);
      assertTrue(AdminClient.value(scrape, "watch_checks_seconds_sum", "outcome=\"changed\"") > 0, scrape);
      // Vert.x's meters of its HTTP client, and the JVM's.
      assertTrue(scrape.contains("vertx_http_client_requests_total{"), scrape);
      assertTrue(scrape.contains("jvm_memory_used_bytes{"), scrape);
      assertFalse(scrape.contains("/changing") || scrape.contains("/missing"), "no URL in any label");

      // The state directory goes away: a change cannot be saved, so not ready; back, ready again.
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
      pages.headline = "Nowhere to keep it";
      admin.awaitStatus("/health/ready", 503);
      assertEquals(200, admin.get("/health/live").statusCode());
      Files.createDirectories(data);
      pages.headline = "Kept again";
      admin.awaitStatus("/health/ready", 200);

      // The SMTP server goes away: the attempts fail and the change waits in the outbox.
      smtp.close();
      pages.headline = "Nobody to mail it to";
      admin.awaitAtLeast(MAILS, "outcome=\"failed\"", 1);
      admin.awaitAtLeast("watch_mails_queued", "", 1);
      watch.stop(WAIT);
    }
  }

  /** LOG_FORMAT=json: each page check and each mail ends in a line carrying its fields. */
  @Test
  void checksAndMailsEndInOneJsonLineWithTheirOutcome() throws Exception {
    SmtpSink smtp = SmtpSink.start(pages.vertx(), 0);
    Path conf = WatchConf.write(dir, smtp.port(), pages.url("/changing"), pages.url("/missing"));
    try (ServiceProcess watch = ServiceProcess.start(ServiceProcess.fatJar(), JsonLog.ENV, "-conf", conf.toString())) {
      assertEquals(pages.url("/changing"), JsonLog.outcome(watch, "watch", "check", "first_seen").getString("page"));
      assertEquals(pages.url("/missing"), JsonLog.outcome(watch, "watch", "check", "failed").getString("page"));
      pages.headline = "Twisted meets Vert.x";
      smtp.await(1, WAIT);
      JsonLog.outcome(watch, "watch", "check", "changed");
      assertEquals(pages.url("/changing"), JsonLog.outcome(watch, "watch", "mail", "sent").getString("page"));
    }
  }
}
