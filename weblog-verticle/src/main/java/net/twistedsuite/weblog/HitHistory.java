package net.twistedsuite.weblog;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** The most recent hits, already in their wire form, for replay to new clients. Event-loop confined. */
final class HitHistory {

  private final Buffer[] ring;
  private long added;

  HitHistory(int capacity) {
    ring = new Buffer[capacity];
  }

  void add(Buffer element) {
    ring[(int) (added % ring.length)] = element;
    added++;
  }

  /** The last {@code count} hits kept (fewer if fewer were kept), oldest first. */
  List<Buffer> last(int count) {
    int n = (int) Math.min(Math.min(count, ring.length), added);
    List<Buffer> out = new ArrayList<>(n);
    for (long seq = added - n; seq < added; seq++) {
      out.add(ring[(int) (seq % ring.length)]);
    }
    return out;
  }
}
