package net.twistedsuite.setter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Setter clients by how their update ended: {@code setter_updates_total{outcome="set"}} and so
 * on. The outcome is the only label: never the user, nor the client's address.
 */
final class UpdateMetrics {

  enum Outcome {
    /** A status set, or cleared, and confirmed by finger. */
    SET, CLEARED,
    /** The client's lines were refused, or finger refused the update. */
    REFUSED,
    /** finger did not confirm in time, or no finger was there to take it. */
    UNAVAILABLE,
    /** finger failed to apply it. */
    FAILED,
    /** The client's address is not loopback nor in allowedNetworks. */
    DENIED,
    /** Too many connections, from everywhere or from the client's address. */
    TURNED_AWAY,
    /** The client went quiet, left or was cut off by a stop before finishing its two lines. */
    ABANDONED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

  UpdateMetrics(MeterRegistry registry) {
    for (Outcome outcome : Outcome.values()) {
      counters.put(outcome, Counter.builder("setter.updates")
          .description("setter clients by how their update ended")
          .tag("outcome", outcome.label())
          .register(registry));
    }
  }

  void count(Outcome outcome) {
    counters.get(outcome).increment();
  }
}
