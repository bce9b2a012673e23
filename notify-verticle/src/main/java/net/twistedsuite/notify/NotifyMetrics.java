package net.twistedsuite.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import net.twistedsuite.common.LoopGroups;
import net.twistedsuite.notify.client.NotifyWire;

/**
 * notify's own meters: {@code notify_events_published_total{kind}} (produced by this replica),
 * {@code notify_events_received_total{kind}} (heard on the event bus from any replica, this one
 * included), {@code notify_subscribers}, {@code notify_notifications_total{outcome}} (sent, or
 * coalesced for a client that lags) and {@code notify_connections_total{outcome}} (how
 * connections ended; {@code slow} is a client cut off for leaving its notifications unread).
 * Labels are kinds and outcomes only, never a client address or an ad. Thread-safe: connections
 * count on their own event loops.
 */
final class NotifyMetrics {

  private final Map<NotifyWire.Kind, Counter> published = new EnumMap<>(NotifyWire.Kind.class);
  private final Map<NotifyWire.Kind, Counter> received = new EnumMap<>(NotifyWire.Kind.class);
  private final Map<NotifyConnection.Delivery, Counter> notifications =
      new EnumMap<>(NotifyConnection.Delivery.class);
  private final Map<NotifyConnection.Ending, Counter> connections = new EnumMap<>(NotifyConnection.Ending.class);
  private final Counter refused;

  NotifyMetrics(MeterRegistry registry, LoopGroups<?> subscribers) {
    for (NotifyWire.Kind kind : NotifyWire.Kind.values()) {
      published.put(kind, Counter.builder("notify.events.published").description("events this replica produced")
          .tag("kind", kind.word()).register(registry));
      received.put(kind, Counter.builder("notify.events.received")
          .description("events heard on the event bus and handed to the subscribers").tag("kind", kind.word())
          .register(registry));
    }
    for (NotifyConnection.Delivery delivery : NotifyConnection.Delivery.values()) {
      notifications.put(delivery, Counter.builder("notify.notifications")
          .description("notifications for subscribers: sent, or coalesced while the client lagged")
          .tag("outcome", label(delivery)).register(registry));
    }
    for (NotifyConnection.Ending ending : NotifyConnection.Ending.values()) {
      connections.put(ending, connections(registry, label(ending)));
    }
    refused = connections(registry, "refused");
    Gauge.builder("notify.subscribers", subscribers, LoopGroups::size)
        .description("clients in notification mode").register(registry);
  }

  private static Counter connections(MeterRegistry registry, String outcome) {
    return Counter.builder("notify.connections").description("connections ended, by outcome")
        .tag("outcome", outcome).register(registry);
  }

  /** An outcome as the metrics and the JSON log name it. */
  static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  void published(NotifyWire.Kind kind) {
    published.get(kind).increment();
  }

  void received(NotifyWire.Kind kind) {
    received.get(kind).increment();
  }

  void delivered(NotifyConnection.Delivery delivery) {
    notifications.get(delivery).increment();
  }

  void ended(NotifyConnection.Ending ending) {
    connections.get(ending).increment();
  }

  void refused() {
    refused.increment();
  }
}
