package net.twistedsuite.finger;

import io.vertx.core.json.JsonArray;
import java.util.Comparator;

/**
 * The version of a status update, {@code [millis, counter, "node"]} on the bus and on disk; see
 * {@link StatusBus}. Greater versions win.
 */
record StatusVersion(long millis, long counter, String node) implements Comparable<StatusVersion> {

  private static final Comparator<StatusVersion> ORDER = Comparator.comparingLong(StatusVersion::millis)
      .thenComparingLong(StatusVersion::counter)
      .thenComparing(StatusVersion::node);

  StatusVersion {
    if (millis < 0 || counter < 0 || node == null || node.isEmpty()) {
      throw new IllegalArgumentException("invalid version");
    }
  }

  /**
   * Reads a version from its JSON form.
   *
   * @throws IllegalArgumentException if it is not {@code [millis, counter, "node"]}
   */
  static StatusVersion fromJson(Object json) {
    if (json instanceof JsonArray a && a.size() == 3 && a.getValue(0) instanceof Number millis
        && a.getValue(1) instanceof Number counter && a.getValue(2) instanceof String node) {
      return new StatusVersion(millis.longValue(), counter.longValue(), node);
    }
    throw new IllegalArgumentException("version must be [millis, counter, \"node\"]");
  }

  JsonArray toJson() {
    return new JsonArray().add(millis).add(counter).add(node);
  }

  boolean isNewerThan(StatusVersion other) {
    return other == null || compareTo(other) > 0;
  }

  @Override
  public int compareTo(StatusVersion other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
