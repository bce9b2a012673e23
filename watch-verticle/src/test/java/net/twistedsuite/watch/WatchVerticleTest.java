package net.twistedsuite.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.twistedsuite.common.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The verticle against a real HTTP server and a real SMTP server, both on loopback. */
class WatchVerticleTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @RegisterExtension
  final TestPages pages = new TestPages();
  private SmtpSink smtp;

  @Test
  void theFirstSightingIsRecordedNotMailedAndAChangeIsMailedOnce() throws Exception {
    smtp = SmtpSink.start(pages.vertx(), 0);
    String url = pages.url("/changing");
    WatchVerticle watch = deploy(config(List.of(url), smtp.port()));
    await(watch, url, s -> "Moshe joins the project".equals(s.headline()));
    int seenAt = pages.changingRequests.get();
    awaitRequests(seenAt + 2);
    assertEquals(List.of(), smtp.mails(), "a first sighting is not mailed");
    assertTrue(Files.readString(dir.resolve("data").resolve(StateStore.STATE_FILE)).contains("Moshe joins the project"),
        "the headline is on disk");

    pages.headline = "Glyph <b>ships</b> Twisted &amp; more";
    SmtpSink.Mail mail = smtp.await(1, WAIT).get(0);
    assertEquals("watch@test.example", mail.from());
    assertEquals(List.of("admin@test.example"), mail.to());
    assertEquals("New first article on " + url + ": Glyph ships Twisted & more", mail.header("Subject"));
    assertTrue(mail.body().contains("Now:    Glyph ships Twisted & more\r\n"), mail.body());
    assertTrue(mail.body().contains("Before: Moshe joins the project\r\n"), mail.body());

    awaitRequests(pages.changingRequests.get() + 3);
    assertEquals(1, smtp.mails().size(), "an unchanged headline is not mailed again");
    assertEquals(0, watch.status(url).toCompletionStage().toCompletableFuture().get().queuedMails());
  }

  @Test
  void pagesThatHangDripAreHugeGarbageOrLoopFailAloneAndBrokenHtmlStillReads() throws Exception {
    smtp = SmtpSink.start(pages.vertx(), 0);
    String good = pages.url("/changing");
    JsonObject conf = config(List.of(pages.url("/hang"), pages.url("/huge"), pages.url("/garbage"),
        pages.url("/loop"), pages.url("/missing"), pages.url("/bad"), pages.url("/latin1"), good), smtp.port())
        .put("timeoutMs", 120_000).put("maxBodyBytes", 65_536).put("maxRedirects", 3);
    WatchVerticle watch = deploy(conf);

    await(watch, pages.url("/huge"), s -> s.failures() > 0);
    assertEquals("page larger than maxBodyBytes (65536 bytes); not read further", problem(watch, "/huge"));
    // Reading stopped at the cap: the server could send little more than the sockets' buffers.
    Thread.sleep(1000);
    assertTrue(pages.hugeBytesSent.get() < TestPages.HUGE_BYTES / 8, pages.hugeBytesSent + " bytes sent");
    await(watch, pages.url("/garbage"), s -> s.failures() > 0);
    assertTrue(problem(watch, "/garbage").startsWith("not an HTML page (Content-Type: application/octet-stream"),
        problem(watch, "/garbage"));
    await(watch, pages.url("/loop"), s -> s.failures() > 0);
    assertEquals("more than 3 redirects (last: 302 to /loop)", problem(watch, "/loop"));
    await(watch, pages.url("/missing"), s -> s.failures() > 0);
    assertEquals("HTTP status 404", problem(watch, "/missing"));
    await(watch, pages.url("/bad"), s -> "Broken markup still reads".equals(s.headline()));
    await(watch, pages.url("/latin1"), s -> "Caf\u00e9 cr\u00e8me".equals(s.headline()));

    // The hanging page is still waited for (its timeout is two minutes) while the good page
    // is checked round after round, its change noticed and mailed.
    await(watch, good, s -> s.headline() != null);
    pages.headline = "Second article";
    smtp.await(1, WAIT);
    assertTrue(pages.hanging.get() >= 1, "the hanging request is still open");
    assertEquals(1, pages.hangRequests.get(), "a page still being fetched is not requested again");
    WatchVerticle.PageStatus hang = watch.status(pages.url("/hang")).toCompletionStage().toCompletableFuture().get();
    assertEquals(0, hang.failures());
    assertNull(hang.headline());
    assertEquals(1, smtp.mails().size(), "only the changed page is mailed about");
  }

  @Test
  void aPageThatHangsOrDripsFailsAtItsTimeoutAndIsTriedAgain() throws Exception {
    smtp = SmtpSink.start(pages.vertx(), 0);
    WatchVerticle watch = deploy(config(List.of(pages.url("/hang"), pages.url("/drip"), pages.url("/huge")),
        smtp.port()).put("timeoutMs", 500).put("maxBodyBytes", 65_536));
    await(watch, pages.url("/hang"), s -> s.failures() >= 2);
    assertEquals("no complete page within 500 ms", problem(watch, "/hang"));
    await(watch, pages.url("/drip"), s -> s.failures() >= 2);
    assertEquals("no complete page within 500 ms", problem(watch, "/drip"));
    Await.until(pages.dripCutOff::get, WAIT, "the dripping page's connection is closed");
    Await.until(() -> pages.hanging.get() == 0, WAIT, "the hanging connections are closed");
    await(watch, pages.url("/huge"), s -> s.failures() >= 2);
    Await.until(pages.hugeCutOff::get, WAIT, "the huge page's connection is closed before its end");
    assertTrue(pages.hugeBytesSent.get() < TestPages.HUGE_BYTES / 8, pages.hugeBytesSent + " bytes sent");
  }

  @Test
  void aMailThatCannotBeSentIsRetriedUntilTheServerIsBackAndDeliveredOnce() throws Exception {
    int smtpPort = freePort();
    String url = pages.url("/changing");
    WatchVerticle watch = deploy(config(List.of(url), smtpPort));
    await(watch, url, s -> s.headline() != null);
    pages.headline = "Mail server down";
    await(watch, url, s -> "Mail server down".equals(s.headline()) && s.queuedMails() == 1);
    // Several failed attempts while nothing listens; the mail stays queued, on disk too.
    Thread.sleep(2500);
    assertEquals(1, watch.status(url).toCompletionStage().toCompletableFuture().get().queuedMails());
    WatchState onDisk = WatchState.decode(Files.readAllBytes(dir.resolve("data").resolve(StateStore.STATE_FILE)));
    assertEquals("Mail server down", onDisk.nextMail().latest());

    smtp = SmtpSink.start(pages.vertx(), smtpPort);
    List<SmtpSink.Mail> mails = smtp.await(1, WAIT);
    assertEquals("New first article on " + url + ": Mail server down", mails.get(0).header("Subject"));
    await(watch, url, s -> s.queuedMails() == 0);
    Thread.sleep(3000);
    assertEquals(1, smtp.mails().size(), "delivered exactly once");
    onDisk = WatchState.decode(Files.readAllBytes(dir.resolve("data").resolve(StateStore.STATE_FILE)));
    assertNull(onDisk.nextMail(), "the outbox on disk is empty once the mail went out");
  }

  @Test
  void changesWhileTheMailServerIsDownGoOutAsOneMailListingEachHeadline() throws Exception {
    int smtpPort = freePort();
    String url = pages.url("/changing");
    WatchVerticle watch = deploy(config(List.of(url), smtpPort).put("mail", mail(smtpPort).put("retrySeconds", 3).put("retryMaxSeconds", 3)));
    await(watch, url, s -> s.headline() != null);
    for (String headline : List.of("First", "Second", "Third")) {
      pages.headline = headline;
      await(watch, url, s -> headline.equals(s.headline()));
    }
    assertEquals(1, watch.status(url).toCompletionStage().toCompletableFuture().get().queuedMails());
    smtp = SmtpSink.start(pages.vertx(), smtpPort);
    SmtpSink.Mail mail = smtp.await(1, WAIT).get(0);
    String body = mail.body();
    assertTrue(body.contains("Now:    Third\r\nThen:   Second\r\nThen:   First\r\nBefore: Moshe joins the project"), body);
    Thread.sleep(2000);
    assertEquals(1, smtp.mails().size());
  }

  @Test
  void everyOneOfManyPagesIsRecordedOnDisk() throws Exception {
    smtp = SmtpSink.start(pages.vertx(), 0);
    List<String> urls = new java.util.ArrayList<>();
    for (int i = 0; i < 150; i++) {
      urls.add(pages.url("/changing?n=" + i));
    }
    WatchVerticle watch = deploy(config(urls, smtp.port()).put("intervalSeconds", 2));
    for (String url : urls) {
      await(watch, url, s -> s.headline() != null);
    }
    Await.until(() -> {
      try {
        WatchState onDisk = WatchState.decode(Files.readAllBytes(dir.resolve("data").resolve(StateStore.STATE_FILE)));
        return urls.stream().allMatch(url -> onDisk.headline(url) != null);
      } catch (Exception e) {
        return false;
      }
    }, "all 150 headlines in the state file");
    assertEquals(List.of(), smtp.mails());
  }

  @Test
  void noPagesMeansAnIdleServiceThatStillStartsAndStops() throws Exception {
    WatchVerticle watch = deploy(config(List.of(), 25));
    WatchVerticle.PageStatus status = watch.status("http://example.com/").toCompletionStage().toCompletableFuture().get();
    assertEquals(0, status.queuedMails());
    assertFalse(Files.exists(dir.resolve("data").resolve(StateStore.STATE_FILE)), "nothing to save yet");
  }

  @Test
  void aSecondServiceOnTheSameDataDirectoryIsRefused() throws Exception {
    deploy(config(List.of(), 25));
    Throwable refused = pages.vertx().deployVerticle(new WatchVerticle(), new DeploymentOptions().setConfig(config(List.of(), 25)))
        .toCompletionStage().toCompletableFuture().handle((ok, e) -> e).get(30, TimeUnit.SECONDS);
    assertTrue(refused != null && String.valueOf(refused.getMessage()).contains("is in use by another watch service"),
        String.valueOf(refused));
  }

  private JsonObject config(List<String> urls, int smtpPort) {
    return new JsonObject()
        .put("pages", new JsonArray(List.copyOf(urls)))
        .put("intervalSeconds", 1)
        .put("timeoutMs", 10_000)
        .put("dataDir", dir.resolve("data").toString())
        .put("mail", mail(smtpPort));
  }

  private static JsonObject mail(int port) {
    return new JsonObject().put("host", "127.0.0.1").put("port", port).put("from", "watch@test.example")
        .put("to", "admin@test.example").put("retrySeconds", 1).put("retryMaxSeconds", 1);
  }

  private WatchVerticle deploy(JsonObject config) throws Exception {
    WatchVerticle verticle = new WatchVerticle();
    pages.vertx().deployVerticle(verticle, new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return verticle;
  }

  private String problem(WatchVerticle watch, String path) throws Exception {
    return watch.status(pages.url(path)).toCompletionStage().toCompletableFuture().get().lastProblem();
  }

  private static void await(WatchVerticle watch, String url, Predicate<WatchVerticle.PageStatus> condition)
      throws Exception {
    Await.until(() -> get(watch.status(url)), condition, WAIT,
        status -> url + ": condition not met; last status " + status);
  }

  private void awaitRequests(int count) throws Exception {
    Await.until(() -> pages.changingRequests.get() >= count, WAIT, count + " requests of the changing page");
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
