package net.twistedsuite.notify;

import net.twistedsuite.notify.client.NotifyWire;

/** The requests a client may send, one per line. */
enum NotifyRequest {
  CLASSIFIED(NotifyWire.CLASSIFIED),
  RANDOM(NotifyWire.RANDOM),
  NOTIF(NotifyWire.NOTIF),
  STOP_NOTIF(NotifyWire.STOP_NOTIF);

  private final String line;

  NotifyRequest(String line) {
    this.line = line;
  }

  /** The request a line holds (surrounding blanks ignored), or null. */
  static NotifyRequest parse(String line) {
    String text = line.strip();
    for (NotifyRequest request : values()) {
      if (request.line.equals(text)) {
        return request;
      }
    }
    return null;
  }
}
