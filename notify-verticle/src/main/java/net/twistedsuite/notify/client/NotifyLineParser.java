package net.twistedsuite.notify.client;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads what a notify server sends: cuts the bytes into lines (LF, with or without CR) however
 * they are split into buffers, and tells each line apart as an answer or a notification. It only
 * speaks the wire: what to do with a line is up to its {@link Listener}. Feed it from one thread.
 */
public final class NotifyLineParser implements Handler<Buffer> {

  /** What the parser finds in the stream. */
  public interface Listener {

    /** A line that answers the oldest unanswered request ({@code error: ...} lines included). */
    void answer(String line);

    /** A {@code notif: ...} line; {@code kind} is null for a kind this client does not know. */
    void notification(NotifyWire.Kind kind, String line);

    /** A line longer than the limit: the stream cannot be trusted any more. */
    void tooLong(int maxLineLength);
  }

  private final Listener listener;
  private final int maxLineLength;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean failed;

  /** {@code maxLineLength}: the longest line accepted, in bytes, line end not counted. */
  public NotifyLineParser(int maxLineLength, Listener listener) {
    if (maxLineLength < 1) {
      throw new IllegalArgumentException("maxLineLength must be at least 1");
    }
    this.maxLineLength = maxLineLength;
    this.listener = listener;
  }

  @Override
  public void handle(Buffer buffer) {
    if (failed) {
      return;
    }
    byte[] bytes = buffer.getBytes();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line.write(bytes, start, i - start);
        start = i + 1;
        if (!emit()) {
          return;
        }
      }
    }
    line.write(bytes, start, bytes.length - start);
    if (line.size() > maxLineLength + 1) { // + 1: the CR of a CRLF may already be here
      fail();
    }
  }

  private boolean emit() {
    byte[] raw = line.toByteArray();
    line.reset();
    int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
    if (length > maxLineLength) {
      fail();
      return false;
    }
    String text = new String(raw, 0, length, StandardCharsets.UTF_8);
    if (text.startsWith(NotifyWire.NOTIFICATION_PREFIX)) {
      listener.notification(NotifyWire.Kind.ofWord(text.substring(NotifyWire.NOTIFICATION_PREFIX.length()).strip()),
          text);
    } else {
      listener.answer(text);
    }
    return !failed;
  }

  private void fail() {
    failed = true;
    line.reset();
    listener.tooLong(maxLineLength);
  }
}
