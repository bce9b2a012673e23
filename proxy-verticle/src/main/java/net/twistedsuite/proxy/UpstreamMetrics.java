package net.twistedsuite.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.proxy.client.FingerClientException;

/**
 * Queries to the upstream finger servers by outcome, with their time including the wait for a
 * free connection: {@code proxy_upstream_seconds_count{outcome="answered"}}, {@code "busy"} when
 * no upstream connection came free in time, else the kind of failure ({@code refused},
 * {@code timeout}, {@code reset}, ...). Never the upstream's address nor the user.
 */
final class UpstreamMetrics {

  static final String ANSWERED = "answered";
  static final String BUSY = "busy";

  private final Map<String, Timer> timers = new HashMap<>();

  UpstreamMetrics(MeterRegistry registry) {
    register(registry, ANSWERED);
    register(registry, BUSY);
    for (FingerClientException.Kind kind : FingerClientException.Kind.values()) {
      register(registry, label(kind));
    }
  }

  private void register(MeterRegistry registry, String outcome) {
    timers.put(outcome, Timer.builder("proxy.upstream")
        .description("queries to the upstream finger servers by outcome")
        .tag("outcome", outcome)
        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(10))
        .register(registry));
  }

  /** Records one query that ended with {@code failure} (null: answered) after {@code nanos}. */
  void record(Throwable failure, long nanos) {
    timers.get(outcomeOf(failure)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The outcome label of a query that failed with {@code failure} (null: it did not). */
  static String outcomeOf(Throwable failure) {
    if (failure == null) {
      return ANSWERED;
    }
    if (failure instanceof AsyncPermits.Busy) {
      return BUSY;
    }
    return label(failure instanceof FingerClientException e ? e.kind() : FingerClientException.Kind.ERROR);
  }

  private static String label(FingerClientException.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
