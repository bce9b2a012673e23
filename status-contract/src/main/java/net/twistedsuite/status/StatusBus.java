package net.twistedsuite.status;

/**
 * The event-bus contract of finger statuses, between the services that set statuses and the finger
 * replicas. Bodies are JSON objects, so that replicas and setters of different builds understand
 * each other across a cluster.
 *
 * <ul>
 *   <li>{@link #SET} (request/reply, setter to any replica): a {@link StatusSet}, {@code {"user":
 *   "moshez", "status": "At lunch"}}; an empty status removes the update. Replies {@code {"ok":
 *   true}} once the update is durably written; fails with {@link #INVALID} and a one-line reason
 *   for bad input, or with {@link #STORAGE_FAILED} when it could not be written.</li>
 *   <li>{@link #CHANGED} (publish, replica to every replica): {@code {"user", "status", "version"}}
 *   after a replica accepted a set; each replica applies it if it is newer than what it has.</li>
 *   <li>{@link #SNAPSHOT} (request/reply): a starting replica asks for {@code {"updates": {"user":
 *   {"status": ..., "version": ...}}}}, removals included, and keeps the newest of each.</li>
 * </ul>
 *
 * <p>A version is a JSON array {@code [millis, counter, "node"]} from a hybrid logical clock:
 * wall-clock milliseconds, never behind any version the replica has seen; a counter that orders
 * updates within one millisecond; and the id of the replica that made it, which breaks ties.
 * Versions compare element by element; the greatest wins (last writer wins).
 */
public final class StatusBus {

  public static final String SET = "finger.status.set";
  public static final String CHANGED = "finger.status.changed";
  public static final String SNAPSHOT = "finger.status.snapshot";

  public static final String USER = "user";
  public static final String STATUS = "status";
  public static final String VERSION = "version";
  public static final String UPDATES = "updates";
  public static final String OK = "ok";

  /** Failure code of a set whose user or status is not acceptable. */
  public static final int INVALID = 400;
  /** Failure code of a set that could not be written durably. */
  public static final int STORAGE_FAILED = 500;

  private StatusBus() {
  }
}
