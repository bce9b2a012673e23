package net.twistedsuite.status;

import java.util.regex.Pattern;

/**
 * The user names finger answers for and statuses can be set for: plain login names, safe to show
 * on a terminal and to use as a key in a file.
 */
public final class UserName {

  /** Longest user name, in characters. */
  public static final int MAX_LENGTH = 32;

  /** The rule in words, for refusals. */
  public static final String RULE = "1 to " + MAX_LENGTH
      + " letters, digits, '.', '_' or '-', not starting with '-'";

  private static final Pattern PATTERN =
      Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

  private UserName() {
  }

  /** True when {@code name} is a user name by {@link #RULE}; false for null. */
  public static boolean isValid(String name) {
    return name != null && PATTERN.matcher(name).matches();
  }
}
