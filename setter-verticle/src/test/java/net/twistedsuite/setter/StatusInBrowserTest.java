package net.twistedsuite.setter;

import static net.twistedsuite.common.Deployments.deploy;
import static net.twistedsuite.common.Deployments.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.twistedsuite.common.Browser;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** A status set through the setter reaches finger's open web pages without a reload. */
@ExtendWith(VertxExtension.class)
class StatusInBrowserTest {

  @RegisterExtension
  final Browser browser = new Browser();

  private int setterPort;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) throws Exception {
    browser.site(RealFinger.deploy(vertx, dataDir, loopback()).webPort());
    setterPort = deploy(vertx, new SetterVerticle(), new JsonObject().put("port", 0)).actualPort();
  }

  private void set(String user, String status) throws Exception {
    try (LineClient client = LineClient.connect(setterPort)) {
      client.send((user + "\r\n" + status + "\r\n").getBytes(StandardCharsets.UTF_8)).shutdownOutput();
      assertEquals("OK\r\n", client.readToEnd());
    }
  }

  /** The status the open list shows for {@code user}, read in one script (the page redraws rows). */
  private String statusOf(String user) {
    return (String) browser.script("for (const r of "
        + "document.querySelectorAll('#users tbody tr')) { if (r.cells[0].textContent === arguments[0]) "
        + "{ return r.cells[1].textContent; } } return null;", user);
  }

  @Test
  void aStatusSetThroughTheSetterAppearsOnTheOpenListAndUserPage() throws Exception {
    browser.open("/");
    browser.await(d -> "Happy and well".equals(statusOf("moshez")));
    // The stream is open once the page says it is live; a mark shows that the page is not reloaded.
    browser.await(d -> d.findElement(By.id("live")).getText().startsWith("Live"));
    browser.script("window.notReloaded = true");

    set("moshez", "At lunch <b>really</b>");
    browser.await(d -> "At lunch <b>really</b>".equals(statusOf("moshez")));
    set("glyph", "Hacking");
    browser.await(d -> "Hacking".equals(statusOf("glyph")));
    assertEquals(Boolean.TRUE, browser.script("return window.notReloaded === true"));
    browser.screenshot("finger-live-list");

    browser.open("/users/moshez");
    browser.await(d -> d.findElement(By.id("live")).getText().startsWith("Live"));
    browser.script("window.notReloaded = true");
    set("moshez", "Back");
    browser.await(d -> "Back".equals(d.findElement(By.id("answer")).getText()));
    assertEquals(Boolean.TRUE, browser.script("return window.notReloaded === true"));
  }
}
