package net.twistedsuite.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The suite's logging, set up in code (logback finds it through {@code ServiceLoader}). Done in
 * XML, the same set-up loads logback's Joran configurator and the JDK's XML parser: 280 classes
 * of the 4,500 a service loads before its first answer, and a tenth of its start-up.
 *
 * <p>Lines go to standard output through a queue ({@link BatchedAsyncAppender}: the event loop
 * hands a line over and a logging thread writes what has queued every 50 ms, so a slow terminal
 * or pipe never stalls a service; if the queue is ever full, lines are dropped and the count is
 * logged) and a buffered console ({@link BufferedConsoleAppender}). One line per event, for
 * operators: a message's line breaks become spaces and an exception is named at the end of the
 * line ({@link OneLineThrowable}); text by default, one JSON object per line with
 * {@code LOG_FORMAT=json} ({@link LogFormatEncoder}). {@code LOG_LEVEL} sets the suite's own
 * level (INFO), {@code CLUSTER_LOG_LEVEL} Hazelcast's; each may also be given as a system
 * property. {@code -Dlogback.configurationFile=FILE}, or a {@code logback-test.xml} on the class
 * path, replaces all of this with logback's own configuration.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - "
      + "%replace(%msg){'\\s*[\\r\\n]+\\s*', ' '}%oneLineEx%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Map<String, Supplier<DynamicConverter<?>>> rules = new HashMap<>();
    rules.put("oneLineEx", OneLineThrowable::new);
    context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);

    LogFormatEncoder encoder = new LogFormatEncoder();
    encoder.setContext(context);
    encoder.setFormat(variable("LOG_FORMAT", "text"));
    encoder.setPattern(PATTERN);
    encoder.start();
    BufferedConsoleAppender<ILoggingEvent> console = new BufferedConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setEncoder(encoder);
    console.start();
    BatchedAsyncAppender async = new BatchedAsyncAppender();
    async.setContext(context);
    async.setName("ASYNC");
    async.setQueueSize(8192);
    async.setLingerMillis(50);
    async.addAppender(console);
    async.start();

    String suite = variable("LOG_LEVEL", "INFO");
    String cluster = System.getenv("CLUSTER_LOG_LEVEL") == null
        ? System.getProperty("CLUSTER_LOG_LEVEL") : System.getenv("CLUSTER_LOG_LEVEL");
    level(context, "net.twistedsuite", suite, Level.INFO);
    level(context, "io.netty", "WARN", Level.WARN);
    level(context, "com.hazelcast", cluster, Level.WARN);
    // The suite uses no CP data structures; the warning that CP is off is noise.
    level(context, "com.hazelcast.cp", "ERROR", Level.ERROR);
    // A member that stops or dies is one line, "cluster: member ... left; N members" (the
    // launcher's membership listener). What Hazelcast reports about it, each with a warning or a
    // stack trace (the connection reset, refused reconnections, partition migrations and
    // operations that failed with the member, the suspicion that preceded it), is routine and
    // shown at CLUSTER_LOG_LEVEL=DEBUG.
    for (String routine : new String[] {"com.hazelcast.internal.server.tcp",
        "com.hazelcast.internal.partition.impl.MigrationManager",
        "com.hazelcast.internal.cluster.impl.MembershipManager", "com.hazelcast.internal.partition",
        "com.hazelcast.spi.impl.operationservice"}) {
      level(context, routine, cluster, Level.ERROR);
    }
    level(context, "io.vertx", "WARN", Level.WARN);
    // Without the address label (MetricsSetup) every event-bus handler registers the same
    // vertx.eventbus.handlers gauge; vertx-micrometer-metrics sums them itself, and Micrometer's
    // warning about the repeated registration is noise.
    level(context, "io.micrometer.core.instrument.MeterRegistry", "ERROR", Level.ERROR);

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(async);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** A system property, else the environment variable of that name, else {@code otherwise}. */
  private static String variable(String name, String otherwise) {
    String value = System.getProperty(name, System.getenv(name));
    return value == null || value.isBlank() ? otherwise : value;
  }

  private static void level(LoggerContext context, String logger, String name, Level otherwise) {
    context.getLogger(logger).setLevel(Level.toLevel(name == null ? null : name.trim(), otherwise));
  }
}
