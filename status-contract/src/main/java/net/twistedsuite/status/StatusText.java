package net.twistedsuite.status;

import java.util.Optional;

/**
 * What a status may hold: one line of at most {@link #MAX_LENGTH} characters without control
 * characters. Any other Unicode text is accepted; finger turns it into ASCII on its wire. Line and
 * paragraph separators (U+2028, U+2029) are refused with the control characters because they break
 * the line wherever the status is shown as text (logs, JSON consumers, web pages). An empty status
 * removes the one set before.
 */
public final class StatusText {

  /** Longest status, in characters (UTF-16 units, as Java and JSON count them). */
  public static final int MAX_LENGTH = 512;

  /** Why a status is refused. */
  public enum Kind {
    TOO_LONG,
    CONTROL_CHARACTER,
    LINE_SEPARATOR
  }

  /**
   * A refused status: what is wrong, and for a character the character and its 1-based position.
   */
  public record Problem(Kind kind, char character, int position) {

    /** One line fit to send back to whoever sent the status. */
    public String message() {
      return switch (kind) {
        case TOO_LONG -> "the status is longer than " + MAX_LENGTH + " characters";
        case CONTROL_CHARACTER -> String.format(
            "the status contains a control character (0x%02X) at position %d", (int) character, position);
        case LINE_SEPARATOR -> String.format(
            "the status contains a line separator (U+%04X) at position %d", (int) character, position);
      };
    }
  }

  private StatusText() {
  }

  /** Empty when {@code status} is acceptable, else its first problem. */
  public static Optional<Problem> check(String status) {
    if (status.length() > MAX_LENGTH) {
      return Optional.of(new Problem(Kind.TOO_LONG, '\0', 0));
    }
    for (int i = 0; i < status.length(); i++) {
      char c = status.charAt(i);
      if (Character.isISOControl(c)) {
        return Optional.of(new Problem(Kind.CONTROL_CHARACTER, c, i + 1));
      }
      if (c == '\u2028' || c == '\u2029') {
        return Optional.of(new Problem(Kind.LINE_SEPARATOR, c, i + 1));
      }
    }
    return Optional.empty();
  }
}
