package net.twistedsuite.fib;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * fib's own meters: {@code fib_numbers_total} (numbers handed out by this process),
 * {@code fib_position} (the index n of the last F(n) handed out, across restarts) and
 * {@code fib_reservations_total} (blocks reserved on disk by this process, each a durable write).
 */
final class FibMetrics {

  private final Counter numbers;

  FibMetrics(MeterRegistry registry, FibSequence sequence) {
    numbers = Counter.builder("fib.numbers").description("numbers handed out").register(registry);
    Gauge.builder("fib.position", sequence, FibSequence::position)
        .description("index n of the last Fibonacci number F(n) handed out").register(registry);
    FunctionCounter.builder("fib.reservations", sequence, FibSequence::reservations)
        .description("blocks of numbers reserved on disk").register(registry);
  }

  void handedOut() {
    numbers.increment();
  }
}
