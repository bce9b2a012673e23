package net.twistedsuite.finger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.Deployments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** What the finger tests share: deploying, waiting, and watching the log. */
final class FingerTesting {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private FingerTesting() {
  }

  static <T> T await(Future<T> future) throws Exception {
    return Await.result(future);
  }

  /** Deploys a finger verticle on port 0 with its data in {@code dataDir}; returns it, listening. */
  static FingerVerticle deploy(Vertx vertx, Path dataDir, JsonObject config) throws Exception {
    FingerVerticle verticle = new FingerVerticle();
    JsonObject full = config.copy().put("port", 0).put("host", "127.0.0.1")
        .put("dataDir", dataDir.toString())
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0)
            .mergeIn(config.getJsonObject("http", new JsonObject())));
    return Deployments.deploy(vertx, verticle, full);
  }

  /** A bare server speaking the protocol for {@code service}; returns its port. */
  static int serve(Vertx vertx, FingerService service, ClientLimits limits) throws Exception {
    NetServer server = vertx.createNetServer().connectHandler(new FingerProtocol(service, limits));
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  /** Polls until {@code condition} holds, failing after {@link #TIMEOUT}. */
  static void eventually(Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Collects what one class logs, for tests about what operators see. */
  static final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(Class<?> source) {
      logger = (Logger) LoggerFactory.getLogger(source);
      appender.start();
      logger.addAppender(appender);
    }

    List<String> lines() {
      synchronized (appender) {
        return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage())
            .collect(Collectors.toList());
      }
    }

    List<String> linesContaining(String text) {
      return lines().stream().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
    }
  }
}
