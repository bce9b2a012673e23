package net.twistedsuite.common;

import io.vertx.core.buffer.Buffer;

/**
 * What a line service says, in its own protocol, to a client its {@link ConnectionGate} turns
 * away: one line when the server is full, another when the client's address has all its places,
 * so that the client can tell waiting from going elsewhere.
 */
public record RefusalLines(Buffer serverFull, Buffer addressFull) {

  /**
   * The usual pair, {@code "<prefix>too many connections, try again later"} and
   * {@code "<prefix>too many connections from your address, try again later"}, each ending in CRLF.
   */
  public static RefusalLines tooManyConnections(String prefix) {
    return new RefusalLines(Buffer.buffer(prefix + "too many connections, try again later\r\n"),
        Buffer.buffer(prefix + "too many connections from your address, try again later\r\n"));
  }
}
