package net.twistedsuite.finger;

import io.vertx.core.json.JsonObject;

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
   * Statuses are one line of text without control characters. Other Unicode text is accepted and
   * kept; the wire turns it into ASCII (see {@link WireText#toWire}).
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  static void checkStatus(String status) {
    if (status.length() > StatusBus.MAX_STATUS_LENGTH) {
      throw new IllegalArgumentException("status is longer than " + StatusBus.MAX_STATUS_LENGTH
          + " characters");
    }
    for (int i = 0; i < status.length(); i++) {
      char c = status.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw new IllegalArgumentException("status must be one line without control characters");
      }
    }
  }
}
