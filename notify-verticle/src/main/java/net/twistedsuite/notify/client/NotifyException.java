package net.twistedsuite.notify.client;

/** The server refused a request: its {@code error: ...} line, without the prefix, is the message. */
public class NotifyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NotifyException(String message) {
    super(message, null, false, false);
  }
}
