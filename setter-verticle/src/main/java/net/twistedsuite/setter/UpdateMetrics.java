package net.twistedsuite.setter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.twistedsuite.common.OutcomeMeters;

/**
 * Setter clients by how their update ended: {@code setter_updates_total{outcome="set"}} and so
 * on. The outcome is the only label: never the user, nor the client's address.
 */
final class UpdateMetrics {

  enum Outcome implements OutcomeMeters.Labelled {
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
    ABANDONED
  }

  private final OutcomeMeters<Outcome, Counter> counters;

  UpdateMetrics(MeterRegistry registry) {
    counters = OutcomeMeters.counters(registry, "setter.updates", "setter clients by how their update ended",
        Outcome.class);
  }

  void count(Outcome outcome) {
    counters.of(outcome).increment();
  }
}
