package net.twistedsuite.common;

import io.vertx.core.Vertx;

/**
 * Deadlines of one length for many connections on one event loop, checked by a single periodic
 * timer instead of a Vert.x timer per connection.
 *
 * <p>Setting and cancelling a Vert.x timer costs a scheduled task, a map entry and a priority
 * queue update; a service that opens a connection per query (finger) spent a tenth of its CPU
 * on that. Because every deadline here is the same length, deadlines expire in the order they
 * were armed: they are kept in a linked list, arming appends, cancelling unlinks, and the check
 * only looks at the head. A deadline fires at most {@link #resolutionMillis()} late. The timer
 * runs only while some deadline is armed.
 *
 * <p>Confined to one event loop: create it and call it only on that loop's context, as Vert.x
 * does for a server's connect handler. Timers set there end with the verticle that owns the
 * context.
 */
public final class Deadlines {

  private final Vertx vertx;
  private final long lengthNanos;
  private final long resolutionMillis;
  private final Deadline head = new Deadline(null);
  private long timer = -1;

  /** {@code lengthMillis}: how long after arming a deadline expires (at least 1). */
  public Deadlines(Vertx vertx, long lengthMillis) {
    if (lengthMillis < 1) {
      throw new IllegalArgumentException("deadline length must be at least 1 ms: " + lengthMillis);
    }
    this.vertx = vertx;
    this.lengthNanos = lengthMillis * 1_000_000L;
    // A tenth of the length, at most a second: late by under 10%, and never a busy timer.
    this.resolutionMillis = Math.max(1, Math.min(1_000, lengthMillis / 10));
    head.previous = head;
    head.next = head;
  }

  /** How late a deadline may fire, at most. */
  public long resolutionMillis() {
    return resolutionMillis;
  }

  /** A deadline that runs {@code onExpiry} once it expires, unless cancelled first; not armed yet. */
  public Deadline create(Runnable onExpiry) {
    return new Deadline(onExpiry);
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

  /** One connection's deadline. */
  public final class Deadline {

    private final Runnable onExpiry;
    private Deadline previous;
    private Deadline next;
    private long due;

    private Deadline(Runnable onExpiry) {
      this.onExpiry = onExpiry;
    }

    /** Starts the deadline afresh from now, whether it was armed or not. */
    public void arm() {
      unlink();
      due = System.nanoTime() + lengthNanos;
      previous = head.previous;
      next = head;
      head.previous.next = this;
      head.previous = this;
      if (timer < 0) {
        timer = vertx.setPeriodic(resolutionMillis, id -> expire(System.nanoTime()));
      }
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
