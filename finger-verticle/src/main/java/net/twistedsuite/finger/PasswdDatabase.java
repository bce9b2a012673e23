package net.twistedsuite.finger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The text of a password database, as {@code /etc/passwd} or {@code getent passwd} give it:
 * {@code login:password:uid:gid:gecos:home:shell} per line. Only accounts finger may answer for
 * are kept: a user id of at least {@code minUid} and not {@code nobody}'s, a login name that a
 * query can name ({@link FingerQuery#isValidUserName}), and an absolute home directory. As with
 * getpwnam(3), the first line for a login wins. NIS compat lines ({@code +}, {@code -}) are not
 * accounts.
 */
final class PasswdDatabase {

  /** The accounts finger may answer for, by login, and the lines that could not be read. */
  record Parsed(Map<String, Account> accounts, List<String> problems) {
  }

  /**
   * The overflow id 65534 ({@code nobody}, {@code nfsnobody}) and (uid_t) -1 lie above any
   * minUid yet belong to no person.
   */
  private static final Set<Long> NOBODY = Set.of(65_534L, 4_294_967_295L);

  private PasswdDatabase() {
  }

  static Parsed parse(String text, long minUid) {
    Map<String, Account> accounts = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
        continue;
      }
      String[] fields = line.split(":", -1);
      if (fields.length != 7) {
        problems.add("line " + (i + 1) + ": " + fields.length + " fields instead of 7, line skipped");
        continue;
      }
      long uid;
      try {
        uid = Long.parseLong(fields[2]);
      } catch (NumberFormatException e) {
        problems.add("line " + (i + 1) + ": user id " + WireText.forLog(fields[2]) + " is not a number,"
            + " line skipped");
        continue;
      }
      String login = fields[0];
      // A later line never overrides an earlier one, not even a system account's.
      if (!seen.add(login) || uid < minUid || NOBODY.contains(uid) || !FingerQuery.isValidUserName(login)
          || !fields[5].startsWith("/")) {
        continue;
      }
      accounts.put(login, new Account(login, uid, fields[4], fields[5], fields[6]));
    }
    return new Parsed(Collections.unmodifiableMap(accounts), List.copyOf(problems));
  }
}
