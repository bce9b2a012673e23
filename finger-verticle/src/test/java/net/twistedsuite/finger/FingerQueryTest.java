package net.twistedsuite.finger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.twistedsuite.finger.FingerQuery.InvalidQueryException;
import net.twistedsuite.finger.FingerQuery.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FingerQueryTest {

  @Test
  void aUserNameAsksForThatUser() throws Exception {
    FingerQuery q = FingerQuery.parse("moshez");
    assertEquals(Kind.USER, q.kind());
    assertEquals("moshez", q.user());
    assertFalse(q.verbose());
    assertEquals("", q.host());
    assertEquals("moshez", q.toString());
  }

  @Test
  void aTrailingCarriageReturnAndSurroundingBlanksAreIgnored() throws Exception {
    assertEquals("moshez", FingerQuery.parse("moshez\r").user());
    assertEquals("moshez", FingerQuery.parse("  moshez \t").user());
  }

  @Test
  void slashWAsksForTheVerboseAnswer() throws Exception {
    FingerQuery q = FingerQuery.parse("/W moshez");
    assertEquals(Kind.USER, q.kind());
    assertTrue(q.verbose());
    assertEquals("moshez", q.user());
    assertEquals("/W moshez", q.toString());
    assertTrue(FingerQuery.parse("/w   moshez").verbose());
  }

  @Test
  void anEmptyLineOrSlashWAloneAsksForTheList() throws Exception {
    assertEquals(Kind.LIST, FingerQuery.parse("").kind());
    assertEquals(Kind.LIST, FingerQuery.parse("\r").kind());
    FingerQuery verbose = FingerQuery.parse("/W ");
    assertEquals(Kind.LIST, verbose.kind());
    assertTrue(verbose.verbose());
    assertEquals("", verbose.user());
  }

  @Test
  void anAtSignAsksForForwardingWithEverythingAfterTheFirstAtAsHost() throws Exception {
    FingerQuery q = FingerQuery.parse("a@b@c");
    assertEquals(Kind.FORWARD, q.kind());
    assertEquals("a", q.user());
    assertEquals("b@c", q.host());
    assertEquals("a@b@c", q.toString());
    FingerQuery listThere = FingerQuery.parse("@example.org");
    assertEquals(Kind.FORWARD, listThere.kind());
    assertEquals("", listThere.user());
    assertEquals("example.org", listThere.host());
    assertTrue(FingerQuery.parse("/W moshez@127.0.0.1").verbose());
    assertEquals("[::1]", FingerQuery.parse("moshez@[::1]").host());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-x", "-l", "--help", "a b", "moshez;rm", "$(id)", "a/b", "../etc",
      "abcdefghijklmnopqrstuvwxyz0123456", "/Wmoshez", "/X moshez"})
  void namesThatAreNotPlainLoginNamesAreRefused(String line) {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> FingerQuery.parse(line));
    assertTrue(e.getMessage().startsWith("Invalid user name"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"moshez@", "moshez@a b", "moshez@host;rm", "@"})
  void aForwardWithoutAUsableHostIsRefused(String line) {
    assertEquals("Invalid host name after '@'",
        assertThrows(InvalidQueryException.class, () -> FingerQuery.parse(line)).getMessage());
  }

  @Test
  void controlBytesAndNonAsciiAreRefused() {
    for (String line : new String[] {"mos\u0000hez", "\u001b[2Jmoshez", "mosh\u00e9z", "a\u007f"}) {
      assertEquals("Invalid query: only printable ASCII is allowed",
          assertThrows(InvalidQueryException.class, () -> FingerQuery.parse(line)).getMessage());
    }
  }

  @Test
  void theUserNameRuleAcceptsPlainNamesOnly() {
    assertTrue(FingerQuery.isValidUserName("moshez"));
    assertTrue(FingerQuery.isValidUserName("a.b_c-d"));
    assertTrue(FingerQuery.isValidUserName("_svc"));
    assertTrue(FingerQuery.isValidUserName("x".repeat(32)));
    assertFalse(FingerQuery.isValidUserName("x".repeat(33)));
    assertFalse(FingerQuery.isValidUserName("-x"));
    assertFalse(FingerQuery.isValidUserName(""));
    assertFalse(FingerQuery.isValidUserName(null));
  }

  @Test
  void equalQueriesAreEqual() throws Exception {
    assertEquals(FingerQuery.parse("/W moshez"), FingerQuery.parse("/w moshez\r"));
    assertEquals(FingerQuery.parse("/W moshez").hashCode(), FingerQuery.parse("/w  moshez").hashCode());
  }
}
