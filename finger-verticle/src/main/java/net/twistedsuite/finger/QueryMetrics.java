package net.twistedsuite.finger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finger queries by outcome, with their time from accept to close:
 * {@code finger_queries_seconds_count{outcome="no_such_user"}}, its {@code _sum}, {@code _max} and
 * a few {@code _bucket}s for latency objectives. The outcome is the only label: never a user
 * name or a client address.
 */
public final class QueryMetrics implements FingerProtocol.Listener {

  private final Map<FingerProtocol.Outcome, Timer> timers = new EnumMap<>(FingerProtocol.Outcome.class);

  /** @param service the name the meters start with: {@code finger}, or {@code proxy} for the proxy's clients */
  public QueryMetrics(MeterRegistry registry, String service) {
    for (FingerProtocol.Outcome outcome : FingerProtocol.Outcome.values()) {
      timers.put(outcome, Timer.builder(service + ".queries")
          .description("finger queries by outcome, from accept to close")
          .tag("outcome", outcome.label())
          .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
              Duration.ofSeconds(10))
          .register(registry));
    }
  }

  @Override
  public void finished(FingerProtocol.Outcome outcome, long nanos) {
    timers.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
  }
}
