package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientNetworksTest {

  private final ClientNetworks networks = ClientNetworks.parse(
      List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "172.16.0.0/12"));

  @ParameterizedTest(name = "{0}: {1} allowed {2}")
  @CsvSource({
      "an IPv4 address matches its block,       10.200.3.4,            true",
      "an IPv4 address matches its block,       172.31.255.255,        true",
      "an IPv4 address matches its block,       172.32.0.1,            false",
      "an IPv4 address matches its block,       11.0.0.1,              false",
      "a bare address is a single host,         192.168.1.7,           true",
      "a bare address is a single host,         192.168.1.8,           false",
      "an IPv6 address matches its block,       2001:db8:0:0:0:0:0:1,  true",
      "an IPv6 address matches its block,       2001:DB8:ffff::1,      true",
      "an IPv6 address matches its block,       2001:db9::1,           false",
      "an IPv4-mapped IPv6 client is IPv4,      ::ffff:10.1.2.3,       true",
      "an IPv4-mapped IPv6 client is IPv4,      ::ffff:11.1.2.3,       false",
  })
  void addressesMatchTheirBlocks(String rule, String address, boolean allowed) {
    assertEquals(allowed, networks.allows(address));
  }

  @Test
  void loopbackIsAlwaysAllowedAndNothingElseWhenEmpty() {
    ClientNetworks none = ClientNetworks.parse(List.of());
    assertTrue(none.isEmpty());
    assertTrue(none.allows("127.0.0.1"));
    assertTrue(none.allows("127.8.9.10"));
    assertTrue(none.allows("0:0:0:0:0:0:0:1"));
    assertFalse(none.allows("10.0.0.1"));
    assertFalse(none.allows("::2"));
  }

  @Test
  void zeroPrefixMatchesItsWholeFamily() {
    ClientNetworks any4 = ClientNetworks.parse(List.of("0.0.0.0/0"));
    assertTrue(any4.allows("203.0.113.9"));
    assertFalse(any4.allows("2001:db8::1"));
  }

  @Test
  void namesAreNeverLookedUp() {
    assertFalse(networks.allows("example.com"));
    assertThrows(IllegalArgumentException.class, () -> ClientNetworks.parse(List.of("localhost/8")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/33    | \"10.0.0.0/33\" has a bad prefix length (0 to 32 for an IPv4 network)",
      "10.0.0.0/      | \"10.0.0.0/\" has a bad prefix length (0 to 32 for an IPv4 network)",
      "2001:db8::/129 | \"2001:db8::/129\" has a bad prefix length (0 to 128 for an IPv6 network)",
      "10.1.2.3/8     | \"10.1.2.3/8\" has bits set after its prefix; did you mean 10.0.0.0/8?",
      "ten/8          | \"ten/8\" is not an IPv4 or IPv6 network (write it as 10.0.0.0/8 or 2001:db8::/32)",
      "300.0.0.0/8    | \"300.0.0.0/8\" is not an IPv4 or IPv6 network (write it as 10.0.0.0/8 or 2001:db8::/32)",
  })
  void badBlocksAreRefusedWithAReason(String block, String reason) {
    assertEquals(reason,
        assertThrows(IllegalArgumentException.class, () -> ClientNetworks.parse(List.of(block))).getMessage());
  }
}
