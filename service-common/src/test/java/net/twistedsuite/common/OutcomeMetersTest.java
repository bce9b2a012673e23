package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutcomeMetersTest {

  private enum Ending implements OutcomeMeters.Labelled { CLOSED_BY_CLIENT, TIMED_OUT }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void everyOutcomeHasACounterFromTheStartLabelledInLowerCase() {
    OutcomeMeters<Ending, Counter> endings = OutcomeMeters.counters(registry, "test.endings", "endings", Ending.class);
    endings.of(Ending.TIMED_OUT).increment();

    assertEquals(0, registry.get("test.endings").tag("outcome", "closed_by_client").counter().count());
    assertEquals(1, registry.get("test.endings").tag("outcome", "timed_out").counter().count());
    assertEquals(2, registry.get("test.endings").counters().size(), "the outcome is the only label");
    assertEquals("timed_out", Ending.TIMED_OUT.label());
  }

  @Test
  void timersTheSame() {
    OutcomeMeters<Ending, Timer> endings = OutcomeMeters.timers(registry, "test.waits", "waits", Ending.class);
    endings.of(Ending.CLOSED_BY_CLIENT).record(5, TimeUnit.MILLISECONDS);

    assertEquals(1, registry.get("test.waits").tag("outcome", "closed_by_client").timer().count());
    assertEquals(0, registry.get("test.waits").tag("outcome", "timed_out").timer().count());
  }
}
