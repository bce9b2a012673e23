package net.twistedsuite.setter;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Updates the setter refuses, each with what it is, the bytes a client sends and the reason it
 * is told: the protocol's tests and the deployed service's tests go through the same list.
 */
final class BadUpdates {

  private BadUpdates() {
  }

  static Stream<Arguments> all() {
    return Stream.of(
        arguments("one line", "moshez\r\n", "expected two lines, the user name then the status; got 1"),
        arguments("nothing", "", "expected two lines, the user name then the status; got 0"),
        arguments("empty user name", "\r\nAt lunch\r\n", "empty user name"),
        arguments("malformed user name", "-rf /\r\nAt lunch\r\n",
            "malformed user name: use 1 to 32 letters, digits, '.', '_' or '-', not starting with '-'"),
        arguments("user name with a space", "mo shez\r\nAt lunch\r\n",
            "malformed user name: use 1 to 32 letters, digits, '.', '_' or '-', not starting with '-'"),
        arguments("escape sequence in the status", "moshez\r\nAt \u001b[5mlunch\r\n",
            "the status contains a control character (0x1B) at position 4"),
        arguments("escape sequence right after a word", "moshez\r\nAt\u001b[2Jlunch\r\n",
            "the status contains a control character (0x1B) at position 3"),
        arguments("CR inside a line", "moshez\nAt\rlunch\n",
            "the status contains a control character (0x0D) at position 3"),
        arguments("more than two lines", "moshez\r\nAt lunch\r\nextra\r\n",
            "more than two lines: send the user name, then the status, then close"));
  }
}
