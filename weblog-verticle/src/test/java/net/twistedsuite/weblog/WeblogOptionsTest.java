package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import net.twistedsuite.common.ConfigException;
import org.junit.jupiter.api.Test;

class WeblogOptionsTest {

  @Test
  void defaultsFollowTheSeed() {
    WeblogOptions options = WeblogOptions.fromConfig(new JsonObject());
    assertEquals(8888, options.port());
    assertEquals("logs/access.log", options.logFile());
    assertEquals(5000, options.pushIntervalMs());
    assertEquals(100, options.historySize());
    assertEquals(0, options.replay());
  }

  @Test
  void environmentVariablesAreNamedForTheKeys() {
    JsonObject config = WeblogOptions.SPEC.withEnvironment(new JsonObject(),
        Map.of("WEBLOG_LOG_FILE", "/var/log/nginx/access.log", "WEBLOG_PUSH_INTERVAL_MS", "0"));
    WeblogOptions options = WeblogOptions.fromConfig(config);
    assertEquals("/var/log/nginx/access.log", options.logFile());
    assertEquals(0, options.pushIntervalMs());
  }

  @Test
  void replayCannotExceedWhatIsKept() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> WeblogOptions.fromConfig(new JsonObject().put("historySize", 10).put("replay", 11)));
    assertEquals("replay: must not exceed historySize (10), got 11", e.getMessage());
  }

  @Test
  void anEmptyLogFileNameIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> WeblogOptions.fromConfig(new JsonObject().put("logFile", " ")));
    assertEquals("logFile", e.key());
  }
}
