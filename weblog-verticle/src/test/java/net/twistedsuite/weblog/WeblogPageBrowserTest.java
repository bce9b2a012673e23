package net.twistedsuite.weblog;

import static net.twistedsuite.common.Deployments.deploy;
import static net.twistedsuite.common.Deployments.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import net.twistedsuite.common.Browser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** weblog's live page in headless Chromium, fed by a real access log on disk. */
@ExtendWith(VertxExtension.class)
class WeblogPageBrowserTest {

  @RegisterExtension
  final Browser browser = new Browser();

  private AccessLog log;
  private WeblogVerticle weblog;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    log = new AccessLog(dir.resolve("access.log"));
    log.hits("/before-start");
    weblog = deploy(vertx, new WeblogVerticle(), loopback()
        .put("logFile", log.path().toString()).put("pollIntervalMs", 100).put("http", loopback()));
    browser.site(weblog.webPort());
  }

  @SuppressWarnings("unchecked")
  private List<String> ids() {
    return (List<String>) browser.script("return Array.from(document.querySelectorAll('#hits tbody tr'), r => r.dataset.id)");
  }

  @SuppressWarnings("unchecked")
  private List<String> paths() {
    return (List<String>) browser.script("return Array.from(document.querySelectorAll('#hits tbody tr'), r => (r.cells[3] || r.cells[0]).textContent)");
  }

  private void openLive() {
    browser.open("/");
    browser.await(d -> "live".equals(d.findElement(By.id("state")).getText()));
  }

  private void awaitPaths(int count) {
    browser.await(d -> paths().size() == count);
  }

  @Test
  void appendedLinesAppearInTheTableWithoutAReloadAndTheChartCounts() throws Exception {
    openLive();
    assertEquals(List.of(), paths(), "the line present at start-up is not a new hit");
    log.hits("/first");
    // Pushed to the open page; how soon is measured by LivePageLoad, not asserted on a busy machine.
    awaitPaths(1);
    browser.await(d -> "1".equals(d.findElement(By.id("chart")).getAttribute("data-total")));
    log.hits("/second", "/third");
    awaitPaths(3);
    assertEquals(List.of("/third", "/second", "/first"), paths(), "newest first");
    browser.await(d -> "3".equals(d.findElement(By.id("chart")).getAttribute("data-total")));
    assertTrue(((Number) browser.script("return document.querySelectorAll('#chart rect.bar').length")).intValue() >= 1);
    assertEquals("200", browser.driver().findElement(By.cssSelector("#hits tbody tr td.s2")).getText());
    assertTrue(browser.driver().findElement(By.id("top")).getText().contains("/first"));
    browser.screenshot("weblog-live");
  }

  @Test
  void hostileLogLinesShowAsTextAndRunNothing() throws Exception {
    openLive();
    String path = "/<script>window.pwned=1</script>";
    String agent = "<img src=x onerror=\"window.pwned=2\">";
    log.append("198.51.100.7 - - [10/Oct/2000:13:55:36 -0700] \"GET " + path + " HTTP/1.1\" 404 5 \"-\" \""
        + agent.replace("\"", "\\\"") + "\"\n");
    log.append("<svg onload=window.pwned=3> not a log line\n");
    awaitPaths(2);
    assertEquals(path, browser.script("return document.querySelector('#hits tbody tr:nth-child(2)').cells[3].textContent"));
    assertEquals(agent, browser.script("return document.querySelector('#hits tbody tr:nth-child(2)').cells[7].textContent"));
    assertEquals("<svg onload=window.pwned=3> not a log line",
        browser.script("return document.querySelector('#hits tbody tr:nth-child(1)').cells[0].textContent"));
    assertEquals(0L, browser.script("return document.querySelectorAll('#hits script, #hits img, #hits svg').length"));
    assertEquals(Boolean.TRUE, browser.script("return window.pwned === undefined"), "nothing from the log ran");
    browser.screenshot("weblog-hostile");
  }

  @Test
  void aReconnectingPageResumesWithoutDuplicates(Vertx vertx) throws Exception {
    log.hits("/h1", "/h2");
    openLive();
    awaitPaths(2);
    log.hits("/a", "/b", "/c");
    awaitPaths(5);
    vertx.runOnContext(v -> weblog.closeWebStreams());
    browser.await(d -> !"live".equals(d.findElement(By.id("state")).getText()));
    log.hits("/d");
    browser.await(d -> "live".equals(d.findElement(By.id("state")).getText()));
    awaitPaths(6);
    log.hits("/e");
    awaitPaths(7);
    assertEquals(List.of("/e", "/d", "/c", "/b", "/a", "/h2", "/h1"), paths());
    assertEquals(7, new HashSet<>(ids()).size(), "every row a different hit: " + ids());
  }

  @Test
  void aNewPageStartsWithTheRecentHistory() throws Exception {
    openLive();
    log.hits("/one", "/two");
    awaitPaths(2);
    browser.driver().navigate().refresh();
    browser.await(d -> "live".equals(d.findElement(By.id("state")).getText()));
    awaitPaths(2);
    assertEquals(List.of("/two", "/one"), paths());
  }

  @Test
  void pauseHoldsNewRowsAndTheFilterHidesOthers() throws Exception {
    openLive();
    log.hits("/keep", "/other");
    awaitPaths(2);
    browser.driver().findElement(By.id("pause")).click();
    log.hits("/later");
    browser.await(d -> d.findElement(By.id("shown")).getText().contains("1 new while paused"));
    assertEquals(2, paths().size(), "paused: no new rows");
    browser.driver().findElement(By.id("pause")).click();
    awaitPaths(3);
    browser.driver().findElement(By.id("filter")).sendKeys("keep");
    browser.await(d -> ((Number) browser.script("return document.querySelectorAll('#hits tbody tr:not(.hidden)').length"))
        .intValue() == 1);
    assertTrue(browser.driver().findElement(By.id("shown")).getText().startsWith("1 of 3"));
  }
}
