package net.twistedsuite.common;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Deadlines of one length for many connections, checked by a single periodic timer per event
 * loop instead of a Vert.x timer per connection.
 *
 * <p>Setting and cancelling a Vert.x timer costs a scheduled task, a map entry and a priority
 * queue update; a service that opens a connection per query (finger) spent a tenth of its CPU
 * on that. Because every deadline here is the same length, deadlines expire in the order they
 * were armed: they are kept in a linked list, arming appends, cancelling unlinks, and the check
 * only looks at the head. A deadline fires at most {@link #resolutionMillis()} late. The timer
 * runs only while some deadline is armed.
 *
 * <p>One instance may serve a server whose connections are spread over several event loops:
 * each Vert.x context (each loop's share of the server) gets a list and a timer of its own,
 * kept in the context's data, so no lock is taken and nothing crosses threads. A deadline
 * belongs to the context it was {@linkplain #create created} on: arm and cancel it there (as a
 * connection does from its own handlers), and it fires there. Timers set on a context end with
 * the verticle that owns it.
 */
public final class Deadlines {

  private final Vertx vertx;
  private final long lengthNanos;
  private final long resolutionMillis;
  /** The list of callers outside any Vert.x context (tests, start-up code). */
  private Loop outside;

  /** {@code lengthMillis}: how long after arming a deadline expires (at least 1). */
  public Deadlines(Vertx vertx, long lengthMillis) {
    if (lengthMillis < 1) {
      throw new IllegalArgumentException("deadline length must be at least 1 ms: " + lengthMillis);
    }
    this.vertx = vertx;
    this.lengthNanos = lengthMillis * 1_000_000L;
    // A tenth of the length, at most a second: late by under 10%, and never a busy timer.
    this.resolutionMillis = Math.max(1, Math.min(1_000, lengthMillis / 10));
  }

  /** How late a deadline may fire, at most. */
  public long resolutionMillis() {
    return resolutionMillis;
  }

  /**
   * A deadline that runs {@code onExpiry} once it expires, unless cancelled first; not armed
   * yet. It belongs to the calling context.
   */
  public Deadline create(Runnable onExpiry) {
    return new Deadline(loop(), onExpiry);
  }

  private Loop loop() {
    Context context = Vertx.currentContext();
    if (context == null) {
      synchronized (this) {
        if (outside == null) {
          outside = new Loop();
        }
        return outside;
      }
    }
    // A context runs on one thread at a time, so nobody else can put between the get and the put.
    Loop loop = context.get(this);
    if (loop == null) {
      loop = new Loop();
      context.put(this, loop);
    }
    return loop;
  }

  /** The armed deadlines of one context, oldest first, and the timer that checks them. */
  private final class Loop {

    private final Deadline head = new Deadline(this, null);
    private long timer = -1;

    Loop() {
      head.previous = head;
      head.next = head;
    }

    void append(Deadline deadline) {
      deadline.previous = head.previous;
      deadline.next = head;
      head.previous.next = deadline;
      head.previous = deadline;
      if (timer < 0) {
        timer = vertx.setPeriodic(resolutionMillis, id -> expire(System.nanoTime()));
      }
    }

    private void expire(long now) {
      while (head.next != head && head.next.due - now <= 0) {
        Deadline expired = head.next;
        expired.unlink();
        expired.onExpiry.run();
      }
      if (head.next == head) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }

  /** One connection's deadline. */
  public final class Deadline {

    private final Loop loop;
    private final Runnable onExpiry;
    private Deadline previous;
    private Deadline next;
    private long due;

    private Deadline(Loop loop, Runnable onExpiry) {
      this.loop = loop;
      this.onExpiry = onExpiry;
    }

    /** Starts the deadline afresh from now, whether it was armed or not. */
    public void arm() {
      unlink();
      due = System.nanoTime() + lengthNanos;
      loop.append(this);
    }

    /** Stops the deadline; it does nothing if it is not armed. */
    public void cancel() {
      unlink();
    }

    public boolean isArmed() {
      return next != null;
    }

    private void unlink() {
      if (next != null) {
        previous.next = next;
        next.previous = previous;
        previous = null;
        next = null;
      }
    }
  }
}
