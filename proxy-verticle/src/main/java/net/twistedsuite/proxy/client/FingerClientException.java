package net.twistedsuite.proxy.client;

/**
 * Why a finger query failed. The message is one line for logs; {@link #kind()} lets a caller
 * answer its own users without parsing it.
 */
public final class FingerClientException extends RuntimeException {

  /** What went wrong, from the point of view of someone waiting for the answer. */
  public enum Kind {
    /** The host answered the connection attempt with a refusal: nothing listens on the port. */
    REFUSED,
    /** The host name does not resolve. */
    UNKNOWN_HOST,
    /** No route to the host or its network. */
    UNREACHABLE,
    /** The connection was not established within the connect timeout. */
    CONNECT_TIMEOUT,
    /** Connected, but the whole answer did not arrive within the total timeout. */
    TIMEOUT,
    /** The server reset the connection before its answer was complete. */
    RESET,
    /** The answer grew past the size cap. */
    TOO_LARGE,
    /** Any other I/O failure. */
    ERROR
  }

  private final Kind kind;

  public FingerClientException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
