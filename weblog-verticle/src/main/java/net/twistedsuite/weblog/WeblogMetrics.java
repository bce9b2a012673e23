package net.twistedsuite.weblog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import net.twistedsuite.common.LoopGroups;

/**
 * weblog's own meters: {@code weblog_lines_read_total}, {@code weblog_hits_sent_total} (one per
 * hit per client), {@code weblog_clients_dropped_total} (clients cut off for leaving too much
 * unread), {@code weblog_rotations_total} (renames and truncations of the log seen) and
 * {@code weblog_clients} (connected now, on every event loop). No labels at all. Thread-safe: clients
 * count on their own loops.
 */
final class WeblogMetrics {

  private final Counter linesRead;
  private final Counter hitsSent;
  private final Counter clientsDropped;

  WeblogMetrics(MeterRegistry registry, LogFollower follower, LoopGroups<?> clients) {
    linesRead = Counter.builder("weblog.lines.read").description("log lines read").register(registry);
    hitsSent = Counter.builder("weblog.hits.sent").description("hits sent, one per hit per client")
        .register(registry);
    clientsDropped = Counter.builder("weblog.clients.dropped")
        .description("clients disconnected for leaving more than maxQueuedBytes unread").register(registry);
    FunctionCounter.builder("weblog.rotations", follower, LogFollower::rotations)
        .description("rotations of the log seen (renamed or truncated)").register(registry);
    Gauge.builder("weblog.clients", clients, LoopGroups::size).description("clients connected now")
        .register(registry);
  }

  void linesRead(int count) {
    linesRead.increment(count);
  }

  void hitsSent(int count) {
    hitsSent.increment(count);
  }

  void clientDropped() {
    clientsDropped.increment();
  }
}
