package net.twistedsuite.notify.client;

/**
 * The notify protocol's words, shared by the server and this client. One line each way, CRLF sent,
 * CRLF or LF accepted:
 *
 * <pre>
 *   classified?   answered with the newest classified ad, one line
 *   random?       answered with the current random number, decimal digits
 *   notif         no answer; from then on the server sends "notif: random" and "notif: classified"
 *   stop_notif    no answer; the notifications stop
 *   anything else answered with one "error: ..." line
 * </pre>
 *
 * Requests are answered in the order they were sent, in both modes. An answer never starts with
 * {@value #NOTIFICATION_PREFIX}, so a line that does is always a notification.
 */
public final class NotifyWire {

  public static final String CLASSIFIED = "classified?";
  public static final String RANDOM = "random?";
  public static final String NOTIF = "notif";
  public static final String STOP_NOTIF = "stop_notif";
  /** What every notification line starts with; no answer ever does. */
  public static final String NOTIFICATION_PREFIX = "notif: ";
  /** What a refusal starts with. */
  public static final String ERROR_PREFIX = "error: ";
  /** The requests, as listed in error messages. */
  public static final String REQUESTS = CLASSIFIED + ", " + RANDOM + ", " + NOTIF + ", " + STOP_NOTIF;

  /** What a notification announces. */
  public enum Kind {
    RANDOM("random"),
    CLASSIFIED("classified");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    /** The word after {@code notif: } on the wire. */
    public String word() {
      return word;
    }

    /** The whole notification line, without its line end. */
    public String line() {
      return NOTIFICATION_PREFIX + word;
    }

    /** The kind a word names, or null. */
    public static Kind ofWord(String word) {
      for (Kind kind : values()) {
        if (kind.word.equals(word)) {
          return kind;
        }
      }
      return null;
    }
  }

  private NotifyWire() {
  }
}
