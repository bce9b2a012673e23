package net.twistedsuite.weblog;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The live page's recent hits, each already an event in wire form with its id. Ids are
 * {@code <run>-<sequence>}: the run (this process's start) tells a page that reconnects after a
 * restart that the sequence numbers it holds mean nothing any more. Event-loop confined.
 */
final class WebHistory {

  /** The events to send a page, and whether it must first drop what it shows. */
  record Replay(boolean reset, List<Buffer> events) {
  }

  private final String run;
  private final Buffer[] ring;
  private long next;

  WebHistory(int capacity, String run) {
    this.ring = new Buffer[capacity];
    this.run = run;
  }

  /** Keeps {@code data} (one line of JSON) as the next event; returns the event's wire form. */
  Buffer add(String data) {
    String id = run + "-" + next;
    Buffer event = Buffer.buffer(data.length() + id.length() + 16)
        .appendString("id: ").appendString(id).appendString("\ndata: ").appendString(data).appendString("\n\n");
    ring[(int) (next % ring.length)] = event;
    next++;
    return event;
  }

  /**
   * What a page that last got {@code lastEventId} (null: a new page) needs: every kept event
   * after that one, oldest first. An id of another run, or one not understood, gets everything
   * kept after a reset; an id older than what is kept gets everything kept.
   */
  Replay after(String lastEventId) {
    long oldest = Math.max(0, next - ring.length);
    if (lastEventId == null || lastEventId.isEmpty()) {
      return new Replay(false, range(oldest));
    }
    int dash = lastEventId.lastIndexOf('-');
    long seen;
    try {
      seen = dash > 0 && lastEventId.substring(0, dash).equals(run)
          ? Long.parseLong(lastEventId.substring(dash + 1)) : -2;
    } catch (NumberFormatException e) {
      seen = -2;
    }
    if (seen < -1 || seen >= next) {
      return new Replay(true, range(oldest));
    }
    return new Replay(false, range(Math.max(oldest, seen + 1)));
  }

  private List<Buffer> range(long from) {
    List<Buffer> out = new ArrayList<>((int) (next - from));
    for (long seq = from; seq < next; seq++) {
      out.add(ring[(int) (seq % ring.length)]);
    }
    return out;
  }
}
