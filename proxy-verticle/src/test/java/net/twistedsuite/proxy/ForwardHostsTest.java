package net.twistedsuite.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.util.Optional;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.proxy.ForwardHosts.Target;
import org.junit.jupiter.api.Test;

class ForwardHostsTest {

  private static ForwardHosts parse(Object... entries) {
    return ForwardHosts.parse("forwardHosts", new JsonArray(java.util.List.of(entries)));
  }

  @Test
  void aBareHostMeansTheFingerPort() {
    assertEquals(Optional.of(new Target("finger.example.com", 79)),
        parse("finger.example.com").lookup("finger.example.com"));
  }

  @Test
  void theOperatorChoosesThePort() {
    ForwardHosts hosts = parse("10.0.0.5:1079", "[fd00::5]:7079", "::1");
    assertEquals(Optional.of(new Target("10.0.0.5", 1079)), hosts.lookup("10.0.0.5"));
    assertEquals(Optional.of(new Target("fd00::5", 7079)), hosts.lookup("fd00::5"));
    assertEquals(Optional.of(new Target("::1", 79)), hosts.lookup("::1"));
    assertEquals(Optional.of(new Target("fd00::5", 7079)), hosts.lookup("[FD00::5]"));
  }

  @Test
  void hostNamesMatchWithoutRegardToCaseButOtherwiseExactly() {
    ForwardHosts hosts = parse("Finger.Example.COM");
    assertTrue(hosts.lookup("finger.example.com").isPresent());
    assertTrue(hosts.lookup("finger.example.com:79").isEmpty());
    assertTrue(hosts.lookup("evil.example.com").isEmpty());
    assertTrue(hosts.lookup("finger.example.com@evil.example.com").isEmpty());
    assertTrue(parse().isEmpty());
  }

  @Test
  void malformedEntriesAreConfigErrorsNamingTheKey() {
    assertEquals("forwardHosts: bad port in \"host:http\" (1-65535)",
        assertThrows(ConfigException.class, () -> parse("host:http")).getMessage());
    assertEquals("forwardHosts: bad port in \"host:0\" (1-65535)",
        assertThrows(ConfigException.class, () -> parse("host:0")).getMessage());
    assertEquals("forwardHosts: entry 0 must be \"host\" or \"host:port\", got 7",
        assertThrows(ConfigException.class, () -> parse(7)).getMessage());
    assertEquals("forwardHosts: \"a b\" does not name a host",
        assertThrows(ConfigException.class, () -> parse("a b")).getMessage());
    assertEquals("forwardHosts: malformed IPv6 entry \"[::1\" (use \"[addr]:port\")",
        assertThrows(ConfigException.class, () -> parse("[::1")).getMessage());
  }
}
