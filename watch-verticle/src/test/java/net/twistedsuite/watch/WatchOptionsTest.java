package net.twistedsuite.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.StartTLSOptions;
import java.nio.file.Path;
import java.util.List;
import net.twistedsuite.common.ConfigException;
import org.junit.jupiter.api.Test;

class WatchOptionsTest {

  private static String refusal(String json) {
    return assertThrows(ConfigException.class, () -> WatchOptions.from(new JsonObject(json))).getMessage();
  }

  @Test
  void theDefaultsWatchNothingAndMailRootOnThisMachine() {
    WatchOptions o = WatchOptions.from(new JsonObject());
    assertEquals(List.of(), o.pages());
    assertEquals("h3", o.selector());
    assertEquals(300, o.intervalSeconds());
    assertEquals(10_000, o.timeoutMs());
    assertEquals(2_097_152, o.maxBodyBytes());
    assertEquals(Path.of("data/watch"), o.dataDir());
    assertEquals(new WatchOptions.Mail("localhost", 25, StartTLSOptions.OPTIONAL, "", "", "watch@localhost",
        "root@localhost", 30, 3600), o.mail());
  }

  @Test
  void everyDocumentedKeyIsTakenAsNamed() {
    WatchOptions o = WatchOptions.from(new JsonObject("{\"pages\": [\"https://planet.debian.net/\"],"
        + " \"selector\": \"h2.title\", \"intervalSeconds\": 60, \"timeoutMs\": 5000, \"maxBodyBytes\": 4096,"
        + " \"dataDir\": \"/var/lib/watch\", \"mail\": {\"host\": \"smtp.example\", \"port\": 587,"
        + " \"from\": \"notifier@m.com\", \"to\": \"admin@m.com\", \"starttls\": \"required\"}}"));
    assertEquals(List.of("https://planet.debian.net/"), o.pages());
    assertEquals("h2.title", o.selector());
    assertEquals(60, o.intervalSeconds());
    assertEquals(5000, o.timeoutMs());
    assertEquals(4096, o.maxBodyBytes());
    assertEquals(Path.of("/var/lib/watch"), o.dataDir());
    assertEquals("smtp.example", o.mail().host());
    assertEquals(587, o.mail().port());
    assertEquals("notifier@m.com", o.mail().from());
    assertEquals("admin@m.com", o.mail().to());
    assertEquals(StartTLSOptions.REQUIRED, o.mail().starttls());
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    assertEquals("pages: only http and https URLs can be watched, got ftp://x/", refusal("{\"pages\": [\"ftp://x/\"]}"));
    assertEquals("pages: no host in http:///path", refusal("{\"pages\": [\"http:///path\"]}"));
    assertEquals("pages: lists http://a/ twice", refusal("{\"pages\": [\"http://a/\", \"http://a/\"]}"));
    assertEquals("pages: must be a list of URLs (strings), got 3", refusal("{\"pages\": [3]}"));
    assertEquals("pages: must be a JSON array, got \"http://a/\"", refusal("{\"pages\": \"http://a/\"}"));
    assertTrue(refusal("{\"selector\": \"h3[\"}").startsWith("selector: not a CSS selector: h3[ ("));
    assertEquals("mail.starttls: must be optional, required or disabled, got \"yes\"",
        refusal("{\"mail\": {\"starttls\": \"yes\"}}"));
    assertEquals("mail.to: must be one mail address like admin@example.com, got \"admin\"",
        refusal("{\"mail\": {\"to\": \"admin\"}}"));
    assertEquals("mail.retryMaxSeconds: must be at least mail.retrySeconds (60), got 10",
        refusal("{\"mail\": {\"retrySeconds\": 60, \"retryMaxSeconds\": 10}}"));
    assertEquals("intervalSeconds: must be between 1 and 86400, got 0", refusal("{\"intervalSeconds\": 0}"));
  }
}
