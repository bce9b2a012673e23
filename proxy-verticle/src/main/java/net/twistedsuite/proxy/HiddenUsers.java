package net.twistedsuite.proxy;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The users the proxy masks. A query for one is answered as if the user did not exist, and any
 * answer line that is about one is dropped: a line is about a user when its first word (after
 * an optional {@code Login:} label, as in long finger output) is that login name. Names compare
 * without regard to case, so that {@code Moshez} cannot get round a hidden {@code moshez}.
 */
final class HiddenUsers {

  private static final Pattern FIRST_WORD =
      Pattern.compile("^[ \\t]*(?:Login:[ \\t]*)?([A-Za-z0-9._-]+)", Pattern.CASE_INSENSITIVE);

  private final Set<String> names;

  /** {@code names} lower-cased. */
  HiddenUsers(Set<String> names) {
    this.names = Set.copyOf(names);
  }

  boolean isHidden(String user) {
    return !user.isEmpty() && names.contains(user.toLowerCase(Locale.ROOT));
  }

  /** {@code answer} without the lines about hidden users; line endings are kept as they were. */
  String removeFrom(String answer) {
    if (names.isEmpty()) {
      return answer;
    }
    StringBuilder out = new StringBuilder(answer.length());
    int start = 0;
    while (start < answer.length()) {
      int newline = answer.indexOf('\n', start);
      int end = newline < 0 ? answer.length() : newline + 1;
      String line = answer.substring(start, end);
      if (!isAbout(line)) {
        out.append(line);
      }
      start = end;
    }
    return out.toString();
  }

  private boolean isAbout(String line) {
    Matcher m = FIRST_WORD.matcher(line);
    return m.find() && isHidden(m.group(1));
  }
}
