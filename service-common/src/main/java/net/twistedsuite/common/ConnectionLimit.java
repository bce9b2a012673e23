package net.twistedsuite.common;

/**
 * Counts the open connections of one server (confined to its event loop) against a maximum, so
 * that a flood of clients is refused at the door instead of exhausting memory or descriptors.
 */
public final class ConnectionLimit {

  private final int max;
  private int open;

  public ConnectionLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.max = max;
  }

  /** Takes a place for a new connection; false when the server is full. */
  public boolean tryAcquire() {
    if (open >= max) {
      return false;
    }
    open++;
    return true;
  }

  public void release() {
    if (open > 0) {
      open--;
    }
  }

  public int open() {
    return open;
  }

  public int max() {
    return max;
  }
}
