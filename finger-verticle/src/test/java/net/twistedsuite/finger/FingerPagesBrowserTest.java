package net.twistedsuite.finger;

import static net.twistedsuite.finger.FingerTesting.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import net.twistedsuite.common.Browser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** finger's pages in headless Chromium: what a visitor sees, and that hostile statuses stay text. */
@ExtendWith(VertxExtension.class)
class FingerPagesBrowserTest {

  private static final String HOSTILE = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">";

  @RegisterExtension
  final Browser browser = new Browser();

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) throws Exception {
    FingerVerticle finger = deploy(vertx, dataDir, new JsonObject().put("users", new JsonObject()
        .put("moshez", "Happy and well").put("mallory", HOSTILE)));
    browser.site(finger.webPort());
  }

  @Test
  void theUserListRendersWithHostileStatusesAsText() throws Exception {
    browser.open("/");
    // Read in one script: the page redraws the rows when its event stream opens.
    Object rows = browser.await(d -> {
      Object found = browser.script("return Array.from("
          + "document.querySelectorAll('#users tbody tr'), r => [r.cells[0].textContent, r.cells[1].textContent])");
      return ((List<?>) found).size() == 2 ? found : null;
    });
    assertEquals(List.of(List.of("mallory", HOSTILE), List.of("moshez", "Happy and well")), rows);
    assertEquals(0L, browser.script("return document.querySelectorAll('#users script, #users img').length"));
    assertEquals(Boolean.TRUE, browser.script("return window.pwned === undefined"), "no script from a status ran");
    Path shot = browser.screenshot("finger-users");
    assertTrue(shot.toFile().length() > 0);
  }

  @Test
  void aUserPageShowsTheAnswerAndAnUnknownUserSaysSo() throws Exception {
    browser.open("/users/mallory");
    WebElement answer = browser.await(d -> d.findElement(By.id("answer")));
    assertEquals(HOSTILE, answer.getText());
    assertEquals(Boolean.TRUE, browser.script("return window.pwned === undefined"));
    browser.screenshot("finger-user");
    browser.open("/users/nobody");
    assertEquals("No such user", browser.await(d -> d.findElement(By.id("answer"))).getText());
  }
}
