package net.twistedsuite.common;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import org.slf4j.LoggerFactory;

/**
 * A logged exception as the end of its line, {@code (SocketException: Connection reset)}, so
 * every event stays one line, for operators and for line-based log collectors. The stack trace
 * is written, after the line, only when the event's logger is enabled at DEBUG: libraries log
 * expected events (a cluster member that went away) with traces.
 */
public final class OneLineThrowable extends ThrowableHandlingConverter {

  private final ThrowableProxyConverter details = new ThrowableProxyConverter();

  @Override
  public void start() {
    details.setContext(getContext());
    details.start();
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown == null) {
      return "";
    }
    if (LoggerFactory.getLogger(event.getLoggerName()).isDebugEnabled()) {
      return System.lineSeparator() + details.convert(event).stripTrailing();
    }
    String name = thrown.getClassName();
    String message = thrown.getMessage() == null ? "" : ": " + firstLine(thrown.getMessage());
    return " (" + name.substring(name.lastIndexOf('.') + 1) + message + ")";
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).strip();
  }
}
