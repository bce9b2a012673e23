package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Collects what one class logs, as "LEVEL message" lines, for tests about what operators see. */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture(Class<?> source) {
    logger = (Logger) LoggerFactory.getLogger(source);
    appender.start();
    logger.addAppender(appender);
  }

  public List<String> lines() {
    synchronized (appender) {
      return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage())
          .collect(Collectors.toList());
    }
  }

  public List<String> linesContaining(String text) {
    return lines().stream().filter(l -> l.contains(text)).collect(Collectors.toList());
  }

  /** The threads that logged lines containing {@code text}: a service's event loops, say. */
  public Set<String> threadsLogging(String text) {
    synchronized (appender) {
      return appender.list.stream().filter(e -> e.getFormattedMessage().contains(text))
          .map(ILoggingEvent::getThreadName).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * {@link #threadsLogging}, each of which must be a Vert.x event loop: the loops that served the
   * connections the lines are about.
   */
  public Set<String> loopsLogging(String text) {
    Set<String> threads = threadsLogging(text);
    assertTrue(threads.stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")), threads.toString());
    return threads;
  }

  /**
   * Waits until {@code lines} lines contain {@code text}, then returns {@link #threadsLogging} of
   * them: the loops that served the connections the lines are about.
   */
  public Set<String> awaitThreadsLogging(String text, int lines) throws Exception {
    Await.until(() -> linesContaining(text).size() >= lines, lines + " lines containing '" + text + "'");
    return threadsLogging(text);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
