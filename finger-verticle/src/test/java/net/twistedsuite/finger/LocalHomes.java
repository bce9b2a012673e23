package net.twistedsuite.finger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A password file and home directories made by a test. Run as root, the accounts get user ids of
 * their own and every file is given to its account, as on a real host; run as anyone else, the
 * accounts share the test's own user id (files cannot be given away), and what needs a second
 * owner is skipped by the test that needs it.
 */
final class LocalHomes {

  /** Where the test's accounts start when it runs as root; above any real minUid default. */
  private static final long FIRST_TEST_UID = 4242;

  private final Path dir;
  private final boolean root;
  private final long firstUid;
  private final StringBuilder passwd = new StringBuilder();
  private final Map<String, Long> uids = new HashMap<>();
  private long nextUid;

  LocalHomes(Path dir) throws IOException {
    this.dir = dir;
    long own = ((Integer) Files.getAttribute(dir, "unix:uid")) & 0xffffffffL;
    this.root = own == 0;
    this.firstUid = root ? FIRST_TEST_UID : own;
    this.nextUid = firstUid;
  }

  boolean runsAsRoot() {
    return root;
  }

  /** The lowest user id the test's regular accounts have: use it as {@code local.minUid}. */
  long minUid() {
    return firstUid;
  }

  /** A regular account with a home directory. */
  Path user(String login, String gecos) throws IOException {
    long uid = root ? nextUid++ : firstUid;
    return account(login, uid, gecos);
  }

  /** An account below {@link #minUid}, as system accounts are. */
  Path systemAccount(String login) throws IOException {
    return account(login, firstUid - 1, login);
  }

  long uid(String login) {
    return uids.get(login);
  }

  /** Writes a file in the account's home, owned by the account. */
  Path file(String login, String name, byte[] content) throws IOException {
    Path file = home(login).resolve(name);
    Files.write(file, content);
    chown(file, uid(login));
    return file;
  }

  Path file(String login, String name, String content) throws IOException {
    return file(login, name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A symbolic link in the account's home, itself owned by the account. */
  Path link(String login, String name, Path target) throws IOException {
    Path link = Files.createSymbolicLink(home(login).resolve(name), target);
    chown(link, uid(login));
    return link;
  }

  Path home(String login) {
    return dir.resolve("home").resolve(login);
  }

  /** The password file with every account made so far, rewritten. */
  Path passwdFile() throws IOException {
    Path file = dir.resolve("passwd");
    Files.writeString(file, "# made by the test\n" + passwd);
    return file;
  }

  /** Gives {@code file} (a link itself, not its target) to {@code uid}; only root can. */
  static void chown(Path file, long uid) throws IOException {
    if (((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)) != (int) uid) {
      Files.setAttribute(file, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
    }
  }

  private Path account(String login, long uid, String gecos) throws IOException {
    Path home = Files.createDirectories(home(login));
    chown(home, uid);
    uids.put(login, uid);
    passwd.append(login).append(":x:").append(uid).append(':').append(uid).append(':').append(gecos)
        .append(':').append(home).append(":/bin/bash\n");
    return home;
  }
}
