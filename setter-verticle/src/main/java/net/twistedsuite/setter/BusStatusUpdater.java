package net.twistedsuite.setter;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.setter.StatusUpdateException.Kind;
import net.twistedsuite.status.StatusBus;
import net.twistedsuite.status.StatusSet;

/**
 * Sends each update to the finger service over the event bus, locally or across a cluster alike,
 * and waits for finger to confirm it is applied and durable.
 *
 * <p>The contract is {@link StatusBus#SET}: finger answers {@code {"ok": true}}, or fails with
 * {@link StatusBus#INVALID} (refused; the message is one line for the client) or another code
 * (finger could not store it).
 */
public final class BusStatusUpdater implements StatusUpdater {

  private static final String UNAVAILABLE = "finger service unavailable";
  /** Finger's reasons go to the client: keep them to a sensible line. */
  private static final int MAX_REASON_LENGTH = 200;

  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final long timeoutMs;

  public BusStatusUpdater(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  @Override
  public Future<Void> apply(StatusSet update) {
    return bus.request(StatusBus.SET, update.toJson(), delivery).transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(translate(ar.cause()));
      }
      Object reply = ar.result().body();
      if (reply instanceof JsonObject json && Boolean.TRUE.equals(json.getValue(StatusBus.OK))) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(new StatusUpdateException(Kind.FAILED, "finger service gave an unexpected answer",
          "finger answered " + StatusBus.SET + " with " + shorten(String.valueOf(reply)) + " instead of {\"ok\":true}"));
    });
  }

  private StatusUpdateException translate(Throwable cause) {
    if (!(cause instanceof ReplyException e)) {
      return new StatusUpdateException(Kind.FAILED, "could not send the update to finger",
          "sending to " + StatusBus.SET + " failed: " + ServiceLauncher.oneLine(cause));
    }
    switch (e.failureType()) {
      case NO_HANDLERS:
        return new StatusUpdateException(Kind.UNAVAILABLE, UNAVAILABLE,
            "no finger service consumes " + StatusBus.SET);
      case TIMEOUT:
        return new StatusUpdateException(Kind.UNAVAILABLE, UNAVAILABLE,
            "finger service did not answer on " + StatusBus.SET + " within " + timeoutMs + " ms");
      case RECIPIENT_FAILURE:
        String reason = e.getMessage() == null ? "" : shorten(ServiceLauncher.oneLine(e));
        if (e.failureCode() == StatusBus.INVALID) {
          return new StatusUpdateException(Kind.REFUSED, reason.isBlank() ? "update refused by finger" : reason,
              "finger refused the update: " + reason);
        }
        return new StatusUpdateException(Kind.FAILED, "finger service could not store the update",
            "finger failed to apply the update (code " + e.failureCode() + "): " + reason);
      default:
        return new StatusUpdateException(Kind.UNAVAILABLE, UNAVAILABLE,
            "sending to " + StatusBus.SET + " failed: " + ServiceLauncher.oneLine(e));
    }
  }

  /** Control characters out and the length bounded, for text that came from elsewhere. */
  private static String shorten(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
    return clean.length() <= MAX_REASON_LENGTH ? clean : clean.substring(0, MAX_REASON_LENGTH - 3) + "...";
  }
}
