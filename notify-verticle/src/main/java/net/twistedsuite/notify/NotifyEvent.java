package net.twistedsuite.notify;

import io.vertx.core.json.JsonObject;
import net.twistedsuite.notify.client.NotifyWire;

/**
 * One new value, as published on the event bus at {@link #ADDRESS}: a random number drawn or a
 * classified ad read, with the value itself, so that every replica can answer for it.
 */
record NotifyEvent(NotifyWire.Kind kind, String value) {

  /** Where the producers of every replica publish and where every replica listens. */
  static final String ADDRESS = "notify.events";
  /** The longest ad answered, in bytes of UTF-8; a longer line of the classifieds file is refused. */
  static final int MAX_AD_BYTES = 4096;

  NotifyEvent {
    String problem = problem(kind, value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Why {@code value} cannot be a value of {@code kind}, or null. Ads become answers verbatim,
   * so they are one line and never look like a notification or an error.
   */
  static String problem(NotifyWire.Kind kind, String value) {
    if (kind == null || value == null) {
      return "kind and value are required";
    }
    if (kind == NotifyWire.Kind.RANDOM) {
      return value.matches("[0-9]{1,18}") ? null : "a random number is decimal digits, got '" + value + "'";
    }
    if (value.isBlank()) {
      return "an ad is not blank";
    }
    if (value.startsWith("notif:")) {
      return "an ad must not start with 'notif:' (clients would take it for a notification)";
    }
    if (value.startsWith(NotifyWire.ERROR_PREFIX)) {
      return "an ad must not start with 'error: ' (clients would take it for a refusal)";
    }
    if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
      return "an ad holds no control characters";
    }
    if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_AD_BYTES) {
      return "an ad is at most " + MAX_AD_BYTES + " bytes";
    }
    return null;
  }

  JsonObject toJson() {
    return new JsonObject().put("kind", kind.word()).put("value", value);
  }

  /** Reads an event from the bus; throws IllegalArgumentException for one that breaks the rules. */
  static NotifyEvent fromJson(JsonObject json) {
    return new NotifyEvent(NotifyWire.Kind.ofWord(json.getString("kind")), json.getString("value"));
  }
}
