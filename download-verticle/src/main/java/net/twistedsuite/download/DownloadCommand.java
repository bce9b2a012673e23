package net.twistedsuite.download;

import java.util.Locale;

/**
 * One command line of the download protocol, parsed and nothing else. A line is a command word
 * and, for {@code download}, the rest of the line as the file name (spaces included, surrounding
 * blanks dropped), as the tutorial's {@code cmd.Cmd} reads it. Command words are not case
 * sensitive. An empty line is no command.
 *
 * @param kind what the line asks for
 * @param argument the file name of a download; for an invalid line, one line saying why
 */
public record DownloadCommand(Kind kind, String argument) {

  public enum Kind { DOWNLOAD, HELP, QUIT, EMPTY, INVALID }

  /** The one-line list of commands, for {@code help} and for a mistyped command. */
  public static final String COMMANDS = "download <name>, help, quit";

  private static final int SHOWN_WORD = 40;

  /** Parses one line, its line end already removed. */
  public static DownloadCommand parse(String line) {
    String text = line.strip();
    if (text.isEmpty()) {
      return new DownloadCommand(Kind.EMPTY, "");
    }
    if (!printable(text)) {
      return invalid("control characters are not allowed in a command");
    }
    int space = firstBlank(text);
    String word = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
    String rest = space < 0 ? "" : text.substring(space).strip();
    switch (word) {
      case "download":
        return rest.isEmpty() ? invalid("usage: download <name>") : new DownloadCommand(Kind.DOWNLOAD, rest);
      case "help":
        return new DownloadCommand(Kind.HELP, "");
      case "quit":
        return rest.isEmpty() ? new DownloadCommand(Kind.QUIT, "") : invalid("usage: quit");
      default:
        String shown = word.length() > SHOWN_WORD ? word.substring(0, SHOWN_WORD) + "..." : word;
        return invalid("unknown command \"" + shown + "\" (commands: " + COMMANDS + ")");
    }
  }

  private static DownloadCommand invalid(String why) {
    return new DownloadCommand(Kind.INVALID, why);
  }

  private static int firstBlank(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == ' ' || text.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }

  /** No C0 or C1 control characters (a tab is a blank): names are shown back to terminals. */
  private static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\t' && (c < 0x20 || (c >= 0x7f && c < 0xa0))) {
        return false;
      }
    }
    return true;
  }
}
