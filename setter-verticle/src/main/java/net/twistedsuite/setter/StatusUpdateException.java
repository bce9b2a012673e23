package net.twistedsuite.setter;

/**
 * Why an update was not applied. The message is one line for the client; {@link #detail()} is
 * what the operator needs in the log.
 */
public final class StatusUpdateException extends RuntimeException {

  /** Whose problem it is. */
  public enum Kind {
    /** The update itself was refused (the client's problem). */
    REFUSED,
    /** Nobody took the update, or not in time (nothing was changed, as far as the setter knows). */
    UNAVAILABLE,
    /** The receiver failed to apply it. */
    FAILED
  }

  private final Kind kind;
  private final String detail;

  public StatusUpdateException(Kind kind, String clientMessage, String detail) {
    super(clientMessage, null, false, false);
    this.kind = kind;
    this.detail = detail;
  }

  public Kind kind() {
    return kind;
  }

  public String detail() {
    return detail;
  }
}
