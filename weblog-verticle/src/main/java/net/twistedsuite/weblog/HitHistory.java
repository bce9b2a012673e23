package net.twistedsuite.weblog;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every hit read gets the next sequence number; the most recent ones are kept, already in their
 * wire form, for replay to new clients. Thread-safe: the tailer adds on its loop while clients
 * join on theirs, and a client's replay and the number it goes on from are taken together.
 */
final class HitHistory {

  /** Hits numbered from {@code first}, oldest first. */
  record Batch(long first, List<Buffer> hits) {
    /** The number of the hit after the last one. */
    long end() {
      return first + hits.size();
    }
  }

  private final Buffer[] ring;
  private long added;

  HitHistory(int capacity) {
    ring = new Buffer[capacity];
  }

  /** Numbers and keeps {@code hits}; returns them with their numbers. */
  synchronized Batch add(List<Buffer> hits) {
    long first = added;
    for (Buffer hit : hits) {
      ring[(int) (added % ring.length)] = hit;
      added++;
    }
    return new Batch(first, hits);
  }

  /**
   * The hits numbered {@code from} on, as far as they are read; null when some of them are no
   * longer kept.
   */
  synchronized Batch since(long from) {
    long oldest = added - Math.min(ring.length, added);
    if (from < oldest) {
      return null;
    }
    List<Buffer> out = new ArrayList<>((int) Math.max(0, added - from));
    for (long seq = from; seq < added; seq++) {
      out.add(ring[(int) (seq % ring.length)]);
    }
    return new Batch(from, out);
  }

  /** The last {@code count} hits kept (fewer if fewer were kept), oldest first. */
  synchronized Batch last(int count) {
    int n = (int) Math.min(Math.min(count, ring.length), added);
    List<Buffer> out = new ArrayList<>(n);
    for (long seq = added - n; seq < added; seq++) {
      out.add(ring[(int) (seq % ring.length)]);
    }
    return new Batch(added - n, out);
  }
}
