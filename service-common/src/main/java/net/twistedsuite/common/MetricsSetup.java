package net.twistedsuite.common;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Turns on Vert.x's Micrometer metrics for the process the launcher starts: net servers and
 * clients, the event bus, the admin HTTP server and the JVM, in one Prometheus registry that
 * {@link AdminServer} serves and the services add their own meters to.
 *
 * <p>Labels stay few: never a remote or local address (one series per client would grow without
 * bound), never an HTTP path or event-bus address.
 */
final class MetricsSetup {

  private static volatile PrometheusMeterRegistry registry;

  private MetricsSetup() {
  }

  /** Adds the metrics to a Vert.x about to be built; call once per process. */
  static VertxBuilder enable(VertxBuilder builder, VertxOptions options) {
    PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.EB_SIDE, Label.EB_FAILURE, Label.HTTP_METHOD, Label.HTTP_CODE,
            Label.POOL_TYPE, Label.NAMESPACE))
        // Datagram and pool meters describe nothing the services use.
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
        .addDisabledMetricsCategory(MetricsDomain.NAMED_POOLS);
    options.setMetricsOptions(metrics);
    registry = created;
    return builder.with(options).withMetrics(new MicrometerMetricsFactory(created));
  }

  /** The registry of the launcher's Vert.x; empty in a Vert.x started otherwise (tests). */
  static Optional<PrometheusMeterRegistry> registry() {
    return Optional.ofNullable(registry);
  }

}
