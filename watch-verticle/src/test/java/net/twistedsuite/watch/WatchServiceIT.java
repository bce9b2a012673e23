package net.twistedsuite.watch;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fat jar started as operators start it, against a real HTTP server and a real SMTP server
 * in this test: what it mails, that a restart mails nothing again, and that a mail queued while
 * the SMTP server is down survives a crash and goes out once the server is back.
 */
class WatchServiceIT {

  @TempDir
  Path dir;

  @RegisterExtension
  final TestPages pages = new TestPages();

  @Test
  void mailsAChangeOnceNotAgainAfterARestartAndKeepsAQueuedMailAcrossACrash() throws Exception {
    SmtpSink smtp = SmtpSink.start(pages.vertx(), 0);
    int smtpPort = smtp.port();
    String url = pages.url("/changing");
    Path conf = WatchConf.write(dir, smtpPort, url);

    try (ServiceProcess watch = start(conf)) {
      watch.awaitLine("first article on " + url + ": Moshe joins the project", WAIT);
      watch.awaitLine(url + ": first sighting recorded, nothing mailed", WAIT);
      pages.headline = "Twisted meets Vert.x";
      List<SmtpSink.Mail> mails = smtp.await(1, WAIT);
      assertEquals("New first article on " + url + ": Twisted meets Vert.x", mails.get(0).header("Subject"));
      assertEquals(List.of("admin@test.example"), mails.get(0).to());
      watch.awaitLine("mailed admin@test.example about " + url + ": Twisted meets Vert.x (0 still queued)", WAIT);
      int status = watch.stop(WAIT);
      assertTrue(status == 0 || status == 143, "exit status after SIGTERM: " + status);
      assertTrue(watch.output().contains("watch stopped; 0 mail(s) queued"), watch.output());
    }

    // A restart sees the same headline: nothing is mailed.
    try (ServiceProcess watch = start(conf)) {
      int requests = pages.changingRequests.get();
      watch.awaitLine("first article on " + url + ": Twisted meets Vert.x", WAIT);
      awaitRequests(requests + 3);
      assertEquals(1, smtp.mails().size(), "a restart mails nothing already mailed");
      assertTrue(!watch.output().contains("first sighting"), watch.output());

      // The SMTP server goes away; a change is queued, then the service is killed.
      smtp.close();
      pages.headline = "Mail while the server is down";
      watch.awaitLine("mail about " + url + " not sent through 127.0.0.1:" + smtpPort, WAIT);
      watch.kill();
    }
    assertTrue(Files.readString(WatchConf.dataDir(dir).resolve(StateStore.STATE_FILE)).contains("Mail while the server is down"));

    // Back up: the queued mail goes out once, after the restart.
    SmtpSink back = SmtpSink.start(pages.vertx(), smtpPort);
    try (ServiceProcess watch = start(conf)) {
      watch.awaitLine("1 mail(s) queued", WAIT);
      List<SmtpSink.Mail> mails = back.await(1, WAIT);
      assertEquals("New first article on " + url + ": Mail while the server is down", mails.get(0).header("Subject"));
      assertTrue(mails.get(0).body().contains("Before: Twisted meets Vert.x"), mails.get(0).body());
      int requests = pages.changingRequests.get();
      awaitRequests(requests + 3);
      assertEquals(1, back.mails().size(), "delivered exactly once");
      watch.stop(WAIT);
    }
  }

  @Test
  void helpListsEveryKeyAndABadSettingStopsStartUpWithOneLine() throws Exception {
    ServiceProcess.assertHelpListsEveryKey(WatchOptions.SPEC, WAIT);
    ServiceProcess.assertRefusesConfig("{\"pages\": [\"ftp://example.com/\"]}",
        "watch: config error: pages: only http and https URLs can be watched, got ftp://example.com/");
  }

  private ServiceProcess start(Path conf) throws Exception {
    ServiceProcess process = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf.toString());
    process.awaitLine("watch started: 1 page(s)", WAIT);
    return process;
  }

  private void awaitRequests(int count) throws Exception {
    Await.until(() -> pages.changingRequests.get() >= count, WAIT, "the page is requested " + count + " times");
  }
}
