package net.twistedsuite.echo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.twistedsuite.common.OutcomeMeters;

/**
 * echo's own meters: {@code echo_bytes_echoed_total}, {@code echo_pauses_total} (reading paused
 * because a client left its echoes unread), and {@code echo_connections_total{outcome}}.
 * The outcome is the only label, never a client address. Open connections are Vert.x's own
 * {@code vertx_net_server_active_connections}.
 */
final class EchoMetrics implements EchoProtocol.Listener {

  /** How a connection ended. */
  enum Outcome implements OutcomeMeters.Labelled {
    /** The client ended its sending side (a half-close, or a close) and had everything echoed. */
    FINISHED,
    /** Nothing received or sent for idleTimeoutSeconds. */
    IDLE,
    /** Closed otherwise: reset by the client, or closed by the server stopping. */
    CLOSED,
    /** Turned away at once: too many connections, from everyone or from its address. */
    REFUSED
  }

  private final Counter bytes;
  private final Counter pauses;
  private final OutcomeMeters<Outcome, Counter> connections;

  EchoMetrics(MeterRegistry registry) {
    bytes = Counter.builder("echo.bytes.echoed").description("bytes echoed").register(registry);
    pauses = Counter.builder("echo.pauses")
        .description("times reading paused because a client left its echoes unread").register(registry);
    connections = OutcomeMeters.counters(registry, "echo.connections", "connections ended, by outcome",
        Outcome.class);
  }

  @Override
  public void echoed(int count) {
    bytes.increment(count);
  }

  @Override
  public void paused() {
    pauses.increment();
  }

  void ended(Outcome outcome) {
    connections.of(outcome).increment();
  }
}
