package net.twistedsuite.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusRulesTest {

  @Test
  void aStatusOf512CharactersIsAcceptedAnd513IsNot() {
    assertEquals(Optional.empty(), StatusText.check("x".repeat(512)));
    StatusText.Problem problem = StatusText.check("x".repeat(513)).orElseThrow();
    assertEquals(StatusText.Kind.TOO_LONG, problem.kind());
    assertEquals("the status is longer than 512 characters", problem.message());
  }

  @Test
  void lineAndParagraphSeparatorsAreRefusedWithTheirPosition() {
    assertEquals("the status contains a line separator (U+2028) at position 5",
        StatusText.check("next\u2028line").orElseThrow().message());
    assertEquals("the status contains a line separator (U+2029) at position 1",
        StatusText.check("\u2029").orElseThrow().message());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u009f"})
  void controlCharactersAreRefused(String c) {
    StatusText.Problem problem = StatusText.check("At" + c + "lunch").orElseThrow();
    assertEquals(StatusText.Kind.CONTROL_CHARACTER, problem.kind());
    assertEquals(String.format("the status contains a control character (0x%02X) at position 3", (int) c.charAt(0)),
        problem.message());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "At lunch", "Au caf\u00e9, na\u00efve \u2603", "\ud83c\udf55 time", "~!@#$%^&*()"})
  void otherTextIsAccepted(String status) {
    assertEquals(Optional.empty(), StatusText.check(status));
  }

  @ParameterizedTest
  @ValueSource(strings = {"moshez", "a", "_", ".profile", "first.last", "a-b_c.9",
      "x2345678901234567890123456789012"})
  void userNames(String name) {
    assertTrue(UserName.isValid(name), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-rf", "a b", "x23456789012345678901234567890123", "caf\u00e9", "a/b",
      "a\n", "root@host", "~"})
  void notUserNames(String name) {
    assertFalse(UserName.isValid(name), name);
  }

  @Test
  void nullIsNoUserName() {
    assertFalse(UserName.isValid(null));
  }

  @Test
  void aStatusSetIsCheckedOnConstructionWithOneLineReasons() {
    assertEquals("empty user name",
        assertThrows(IllegalArgumentException.class, () -> new StatusSet("", "hi")).getMessage());
    assertEquals("malformed user name: use 1 to 32 letters, digits, '.', '_' or '-', not starting with '-'",
        assertThrows(IllegalArgumentException.class, () -> new StatusSet("-x", "hi")).getMessage());
    assertEquals("the status is longer than 512 characters",
        assertThrows(IllegalArgumentException.class, () -> new StatusSet("moshez", "x".repeat(513))).getMessage());
    assertEquals("the status contains a control character (0x1B) at position 4",
        assertThrows(IllegalArgumentException.class, () -> new StatusSet("moshez", "At \u001b[5m")).getMessage());
  }

  @Test
  void aStatusSetTravelsAsTheBodyFingerReads() {
    assertEquals(new JsonObject("{\"user\":\"moshez\",\"status\":\"At lunch\"}"),
        new StatusSet("moshez", "At lunch").toJson());
    assertTrue(new StatusSet("moshez", "").clears());
    assertFalse(new StatusSet("moshez", "x").clears());
  }
}
