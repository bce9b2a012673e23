package net.twistedsuite.finger;

import java.util.Locale;

/**
 * What finger shows of one entry of the password database (passwd(5)): the login name, the user
 * id that must own the files read from the home directory, the GECOS field, the home directory
 * and the login shell.
 */
record Account(String login, long uid, String gecos, String home, String shell) {

  /**
   * The real name: the GECOS field up to its first comma (the others are office and telephone
   * numbers), with BSD's {@code &} standing for the capitalised login name.
   */
  String name() {
    int comma = gecos.indexOf(',');
    String name = comma < 0 ? gecos : gecos.substring(0, comma);
    if (name.indexOf('&') < 0) {
      return name.strip();
    }
    String capitalised = login.substring(0, 1).toUpperCase(Locale.ROOT) + login.substring(1);
    return name.replace("&", capitalised).strip();
  }
}
