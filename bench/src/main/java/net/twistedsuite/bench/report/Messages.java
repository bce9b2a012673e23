package net.twistedsuite.bench.report;

/** Messages that stay on one line. */
public final class Messages {

  private Messages() {
  }

  public static String oneLine(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** At most {@code max} characters, for a table cell; the whole message goes to the progress output. */
  public static String cell(String message, int max) {
    return message.length() <= max ? message : message.substring(0, max - 3) + "...";
  }
}
