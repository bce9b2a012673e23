package net.twistedsuite.weblog;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts the bytes of a log into lines. A line whose newline has not been written yet is held until
 * it arrives, so a reader never sees half a line. A line longer than the limit is delivered cut at
 * the limit and the rest of it, up to its newline, is skipped: one runaway line cannot take memory.
 *
 * <p>Vert.x's {@code RecordParser} cannot do this: it fails on an over-long record instead of
 * cutting it, and it cannot hand back the line it holds when the log is rotated away.
 */
final class LineBuffer {

  private final int maxLineLength;
  private final ByteArrayOutputStream held = new ByteArrayOutputStream();
  private boolean skipping;

  LineBuffer(int maxLineLength) {
    this.maxLineLength = maxLineLength;
  }

  /** Adds {@code data[from, to)} and passes on every line it completes. */
  void feed(byte[] data, int from, int to, Consumer<RawLine> out) {
    int start = from;
    for (int i = from; i < to; i++) {
      if (data[i] == '\n') {
        hold(data, start, i, out);
        if (!skipping) {
          emit(false, out);
        }
        skipping = false;
        start = i + 1;
      }
    }
    hold(data, start, to, out);
  }

  /**
   * Passes on the line held without its newline, for when no more will be written to this file
   * (it was rotated away or truncated).
   */
  void flush(Consumer<RawLine> out) {
    if (!skipping) {
      emit(false, out);
    }
    skipping = false;
  }

  boolean holding() {
    return held.size() > 0;
  }

  private void hold(byte[] data, int from, int to, Consumer<RawLine> out) {
    if (skipping || from == to) {
      return;
    }
    int room = maxLineLength - held.size();
    if (to - from <= room) {
      held.write(data, from, to - from);
      return;
    }
    held.write(data, from, room);
    emit(true, out);
    skipping = true;
  }

  private void emit(boolean truncated, Consumer<RawLine> out) {
    byte[] line = held.toByteArray();
    held.reset();
    int length = line.length;
    if (!truncated && length > 0 && line[length - 1] == '\r') {
      length--;
    }
    if (length == 0) {
      return; // a blank line carries no hit
    }
    out.accept(new RawLine(length == line.length ? line : Arrays.copyOf(line, length), truncated));
  }
}
