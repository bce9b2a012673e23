package net.twistedsuite.notify.client;

/**
 * The connection ended (or could not be made) before a request was answered. Every request still
 * pending fails with it; {@link #getCause()} holds the underlying error when there was one.
 */
public final class NotifyConnectionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NotifyConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
