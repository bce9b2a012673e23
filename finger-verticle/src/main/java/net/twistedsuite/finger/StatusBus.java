package net.twistedsuite.finger;

/**
 * The event-bus contract of status updates, for the setter and for finger replicas. Bodies are
 * JSON objects.
 *
 * <ul>
 *   <li>{@link #SET} (request/reply, setter to any replica): {@code {"user": "moshez", "status":
 *   "At lunch"}}; an empty status removes the update. Replies {@code {"ok": true}} once the update
 *   is durably written; fails with {@link #INVALID} and a one-line reason for bad input, or with
 *   {@link #STORAGE_FAILED} when it could not be written.</li>
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

  /** Longest status accepted, in characters. */
  public static final int MAX_STATUS_LENGTH = 512;

  /** How long a starting replica waits for another replica's snapshot. */
  public static final long SNAPSHOT_TIMEOUT_MILLIS = 2_000;

  private StatusBus() {
  }
}
