package net.twistedsuite.download;

/** A download that cannot start; the message is one line for the client, after {@code ERROR}. */
public final class DownloadException extends RuntimeException {

  public enum Kind { NOT_FOUND, OUTSIDE, NOT_A_FILE, UNREADABLE }

  private final Kind kind;

  public DownloadException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
