package net.twistedsuite.finger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PasswdDatabaseTest {

  @Test
  void keepsOnlyAccountsAtOrAboveTheMinimumUidWithAValidNameAndAnAbsoluteHome() {
    PasswdDatabase.Parsed parsed = PasswdDatabase.parse(String.join("\n",
        "root:x:0:0:root:/root:/bin/bash",
        "alice:x:1000:1000:Alice Liddell,Room 1,,:/home/alice:/bin/zsh",
        "Bad Name:x:1001:1001::/home/bad:/bin/sh",
        "nohome:x:1002:1002::relative:/bin/sh",
        "+nis",
        "-other",
        "short:x:1003",
        "weird:x:abc:1:::",
        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
        "") + "\n", 1000);
    assertEquals(List.of("alice"), List.copyOf(parsed.accounts().keySet()));
    Account alice = parsed.accounts().get("alice");
    assertEquals(new Account("alice", 1000, "Alice Liddell,Room 1,,", "/home/alice", "/bin/zsh"), alice);
    assertEquals("Alice Liddell", alice.name());
    assertEquals(List.of("line 7: 3 fields instead of 7, line skipped",
        "line 8: user id \"abc\" is not a number, line skipped"), parsed.problems());
  }

  @Test
  void theFirstLineForALoginWinsEvenWhenItIsASystemAccount() {
    PasswdDatabase.Parsed parsed = PasswdDatabase.parse(
        "toor:x:0:0::/root:/bin/sh\ntoor:x:2000:2000::/home/toor:/bin/sh\n"
            + "bob:x:1500:1500:& the &:/home/bob:\nbob:x:1501:1501::/elsewhere:/bin/sh\n", 1000);
    assertEquals(List.of("bob"), List.copyOf(parsed.accounts().keySet()));
    assertEquals("/home/bob", parsed.accounts().get("bob").home());
    assertEquals("Bob the Bob", parsed.accounts().get("bob").name());
  }
}
