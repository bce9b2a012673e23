package net.twistedsuite.setter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigException;
import org.junit.jupiter.api.Test;

class SetterOptionsTest {

  @Test
  void defaultsAreTheTutorialsLoopbackPort() {
    SetterOptions options = SetterOptions.fromConfig(new JsonObject());
    assertEquals("127.0.0.1", options.host());
    assertEquals(1179, options.port());
    assertTrue(options.allowedNetworks().isEmpty());
    assertEquals(new ClientLimits(1024, 30, 100, 20), options.limits());
    assertEquals(5000, options.fingerTimeoutMs());
  }

  @Test
  void everyLoopbackSpellingNeedsNoNetworks() {
    for (String host : new String[] {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"}) {
      assertEquals(host, SetterOptions.fromConfig(new JsonObject().put("host", host)).host());
    }
  }

  @Test
  void aNonLoopbackHostWithoutNetworksIsRefusedNamingHost() {
    for (String host : new String[] {"0.0.0.0", "::", "10.0.0.5", "setter.example.com"}) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> SetterOptions.fromConfig(new JsonObject().put("host", host)));
      assertEquals("host", e.key());
      assertTrue(e.getMessage().startsWith("host: " + host + " is not a loopback address"), e.getMessage());
    }
  }

  @Test
  void aNonLoopbackHostWithNetworksIsAccepted() {
    SetterOptions options = SetterOptions.fromConfig(new JsonObject().put("host", "0.0.0.0")
        .put("allowedNetworks", new JsonArray().add("10.0.0.0/8").add("fd00::/8")));
    assertTrue(options.allowedNetworks().allows("10.9.8.7"));
    assertTrue(options.allowedNetworks().allows("fd12::1"));
  }

  @Test
  void badNetworksAreRefusedNamingTheKey() {
    ConfigException bad = assertThrows(ConfigException.class, () -> SetterOptions.fromConfig(
        new JsonObject().put("allowedNetworks", new JsonArray().add("10.0.0.0/40"))));
    assertEquals("allowedNetworks: \"10.0.0.0/40\" has a bad prefix length (0 to 32 for an IPv4 network)",
        bad.getMessage());
    ConfigException notString = assertThrows(ConfigException.class, () -> SetterOptions.fromConfig(
        new JsonObject().put("allowedNetworks", new JsonArray().add(10))));
    assertEquals("allowedNetworks", notString.key());
  }

  @Test
  void environmentVariablesSetNetworksAndTimeout() {
    JsonObject config = SetterOptions.SPEC.withEnvironment(new JsonObject(), Map.of(
        "SETTER_HOST", "0.0.0.0",
        "SETTER_ALLOWED_NETWORKS", "[\"192.168.0.0/16\"]",
        "SETTER_FINGER_TIMEOUT_MS", "250"));
    SetterOptions options = SetterOptions.fromConfig(config);
    assertEquals("0.0.0.0", options.host());
    assertTrue(options.allowedNetworks().allows("192.168.3.4"));
    assertEquals(250, options.fingerTimeoutMs());
  }
}
