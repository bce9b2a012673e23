package net.twistedsuite.finger;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * Hands out {@link StatusVersion}s that are greater than every version this replica has made or
 * seen, and close to wall-clock time. A replica whose clock is behind still orders its new
 * updates after the ones it has received, so "last writer wins" follows what replicas observed.
 */
final class HybridClock {

  private final LongSupplier wallClock;
  private final String node;
  private long millis;
  private long counter;

  HybridClock() {
    this(System::currentTimeMillis, randomNode());
  }

  HybridClock(LongSupplier wallClock, String node) {
    this.wallClock = wallClock;
    this.node = node;
  }

  private static String randomNode() {
    byte[] id = new byte[6];
    new SecureRandom().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  String node() {
    return node;
  }

  synchronized StatusVersion next() {
    long now = wallClock.getAsLong();
    if (now > millis) {
      millis = now;
      counter = 0;
    } else {
      counter++;
    }
    return new StatusVersion(millis, counter, node);
  }

  /** Takes note of a version made elsewhere, so that the next one is greater. */
  synchronized void observe(StatusVersion version) {
    if (version.millis() > millis || (version.millis() == millis && version.counter() > counter)) {
      millis = version.millis();
      counter = version.counter();
    }
  }
}
