package net.twistedsuite.common;

import io.vertx.core.buffer.Buffer;

/**
 * The line ends the line services take: LF, or CRLF as {@code telnet} and most network clients
 * send it. Their parsers split the input at LF, so a record may still end in the CR.
 */
public final class LineEnds {

  private LineEnds() {
  }

  /** The length of {@code record}, a line split off at its LF, without the CR of a CRLF end. */
  public static int contentLength(Buffer record) {
    int length = record.length();
    return length > 0 && record.getByte(length - 1) == '\r' ? length - 1 : length;
  }
}
