package net.twistedsuite.finger;

import io.vertx.core.json.JsonObject;
import net.twistedsuite.status.StatusBus;
import net.twistedsuite.status.StatusText;

/**
 * A status set over the bus, with its version. An empty status is a removal: it is kept (so that
 * an older update cannot come back from another replica) but answers fall through to the other
 * sources.
 */
record StatusUpdate(String status, StatusVersion version) {

  boolean isRemoval() {
    return status.isEmpty();
  }

  /** Reads {@code {"status": ..., "version": [...]}}; the status is checked by {@link #checkStatus}. */
  static StatusUpdate fromJson(JsonObject json) {
    Object status = json.getValue(StatusBus.STATUS);
    if (!(status instanceof String text)) {
      throw new IllegalArgumentException("status must be a string");
    }
    checkStatus(text);
    return new StatusUpdate(text, StatusVersion.fromJson(json.getValue(StatusBus.VERSION)));
  }

  JsonObject toJson() {
    return new JsonObject().put(StatusBus.STATUS, status).put(StatusBus.VERSION, version.toJson());
  }

  /**
   * The contract's status rule ({@link StatusText}). Other Unicode text is accepted and kept; the
   * wire turns it into ASCII (see {@link WireText#toWire}). Bus peers get one sentence for any
   * refused character: setters check first and give their clients the precise position.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  static void checkStatus(String status) {
    StatusText.check(status).ifPresent(problem -> {
      throw new IllegalArgumentException(problem.kind() == StatusText.Kind.TOO_LONG
          ? problem.message() : "status must be one line without control characters");
    });
  }
}
