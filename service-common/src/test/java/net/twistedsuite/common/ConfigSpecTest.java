package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSpecTest {

  private final ConfigSpec spec = new ConfigSpec("proxy", "PROXY",
      ConfigKey.string("host", "0.0.0.0", "address"),
      ConfigKey.port("port", 7779, "port"),
      ConfigKey.string("upstream.host", "127.0.0.1", "upstream address"),
      ConfigKey.port("upstream.port", 1079, "upstream port"),
      ConfigKey.integer("usersFileRefreshSeconds", 30, 1, 86400, "refresh"),
      ConfigKey.bool("allowList", true, "listing"),
      ConfigKey.object("users", new JsonObject(), "users"));

  @Test
  void aListeningServiceStartsWithHostAndPort() {
    ConfigSpec listening = ConfigSpec.listening("echo", "ECHO", 8000, ConfigKey.bool("verbose", false, "talk"));
    assertEquals(List.of("host", "port", "verbose"),
        listening.keys().stream().map(ConfigKey::path).toList());
    JsonObject resolved = listening.resolve(new JsonObject());
    assertEquals("0.0.0.0", resolved.getString("host"));
    assertEquals(8000, resolved.getInteger("port"));
  }

  @Test
  void defaultsFillWhatIsMissing() {
    JsonObject resolved = spec.resolve(new JsonObject().put("port", 1))
        ;
    assertEquals(1, resolved.getInteger("port"));
    assertEquals("0.0.0.0", resolved.getString("host"));
    assertEquals(1079, resolved.getJsonObject("upstream").getInteger("port"));
    assertEquals(30, resolved.getInteger("usersFileRefreshSeconds"));
  }

  @Test
  void badValuesNameTheirKey() {
    assertEquals("port: must be between 0 and 65535, got 70000",
        assertThrows(ConfigException.class, () -> spec.resolve(new JsonObject().put("port", 70000))).getMessage());
    assertEquals("port: must be a whole number, got \"x\"",
        assertThrows(ConfigException.class, () -> spec.resolve(new JsonObject().put("port", "x"))).getMessage());
    assertEquals("upstream.port: must be a whole number, got 1.5", assertThrows(ConfigException.class,
        () -> spec.resolve(new JsonObject().put("upstream", new JsonObject().put("port", 1.5)))).getMessage());
    assertEquals("allowList: must be true or false, got \"yes\"", assertThrows(ConfigException.class,
        () -> spec.resolve(new JsonObject().put("allowList", "yes"))).getMessage());
  }

  @Test
  void unknownKeysAreRefusedEvenNested() {
    assertTrue(assertThrows(ConfigException.class, () -> spec.resolve(new JsonObject().put("prot", 1)))
        .getMessage().startsWith("prot: unknown key"));
    assertTrue(assertThrows(ConfigException.class,
        () -> spec.resolve(new JsonObject().put("upstream", new JsonObject().put("hots", "x"))))
        .getMessage().startsWith("upstream.hots: unknown key"));
  }

  @Test
  void environmentVariablesOverrideSingleKeys() {
    assertEquals("PROXY_UPSTREAM_HOST", ConfigKey.string("upstream.host", null, "").envName("PROXY"));
    assertEquals("PROXY_USERS_FILE_REFRESH_SECONDS",
        ConfigKey.string("usersFileRefreshSeconds", null, "").envName("PROXY"));
    JsonObject file = new JsonObject().put("port", 1).put("upstream", new JsonObject().put("host", "a"));
    JsonObject resolved = spec.resolve(spec.withEnvironment(file, Map.of(
        "PROXY_UPSTREAM_PORT", "2079", "PROXY_ALLOW_LIST", "false", "PROXY_USERS", "{\"a\":\"b\"}")));
    assertEquals(1, resolved.getInteger("port"));
    assertEquals("a", resolved.getJsonObject("upstream").getString("host"));
    assertEquals(2079, resolved.getJsonObject("upstream").getInteger("port"));
    assertEquals(false, resolved.getBoolean("allowList"));
    assertEquals("b", resolved.getJsonObject("users").getString("a"));
    assertEquals("upstream.port: must be a whole number, got \"x\" (from environment variable PROXY_UPSTREAM_PORT)",
        assertThrows(ConfigException.class,
            () -> spec.withEnvironment(file, Map.of("PROXY_UPSTREAM_PORT", "x"))).getMessage());
  }
}
