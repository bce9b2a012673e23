package net.twistedsuite.setter;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request to set one user's status, checked: the user name is a plain login name and the status
 * holds no control character, so it can be shown on a finger client's terminal as it is. An empty
 * status clears the user's status (finger falls back to its other sources).
 */
public record StatusUpdate(String user, String status) {

  /**
   * The finger service's rule for user names (letters, digits, '.', '_' and '-', at most 32, not
   * starting with '-'), repeated here because the setter shares no code with finger.
   */
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0,31}");

  /**
   * @throws IllegalArgumentException with a one-line reason fit to send back to the client
   */
  public StatusUpdate {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(status, "status");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("empty user name");
    }
    if (!USER_NAME.matcher(user).matches()) {
      throw new IllegalArgumentException("malformed user name: use 1 to 32 letters, digits, '.', '_'"
          + " or '-', not starting with '-'");
    }
    for (int i = 0; i < status.length(); i++) {
      char c = status.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(String.format(
            "the status contains a control character (0x%02X) at position %d", (int) c, i + 1));
      }
    }
  }

  /** True when this update removes the user's status instead of setting one. */
  public boolean clears() {
    return status.isEmpty();
  }
}
