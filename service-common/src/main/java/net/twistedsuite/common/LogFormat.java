package net.twistedsuite.common;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.vertx.core.json.JsonObject;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * How the logs are written: {@code text}, one line for a person at a terminal (the default), or
 * {@code json}, one JSON object per line for a log collector. The environment variable
 * {@value #ENV} chooses from the first line on; the key {@code logFormat} chooses from the moment
 * the configuration is read.
 */
public final class LogFormat {

  public static final String ENV = "LOG_FORMAT";

  /** The {@code logFormat} key every service takes. */
  public static final ConfigKey KEY = ConfigKey.string("logFormat", "",
      "text (one line for a person) or json (one JSON object per line); empty: as the environment"
          + " variable " + ENV + " says, else text");

  private LogFormat() {
  }

  /**
   * The format {@code config} asks for, or {@value #ENV}'s, or text.
   *
   * @throws ConfigException when either names no format
   */
  static String chosen(JsonObject config) {
    String given = config.getString(KEY.path(), "");
    if (!given.isBlank()) {
      return check(given, KEY.path());
    }
    String env = System.getenv(ENV);
    return env == null || env.isBlank() ? "text" : check(env, "environment variable " + ENV);
  }

  private static String check(String format, String where) {
    String f = format.trim().toLowerCase(Locale.ROOT);
    if (!f.equals("text") && !f.equals("json")) {
      throw new ConfigException(where, "must be text or json, got \"" + format + "\"");
    }
    return f;
  }

  /** Switches every {@link LogFormatEncoder} of the logging set-up to {@code format}, naming {@code service}. */
  static void apply(String format, String service) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders(), format, service);
    }
  }

  private static void apply(Iterator<Appender<ILoggingEvent>> appenders, String format, String service) {
    while (appenders.hasNext()) {
      Appender<ILoggingEvent> appender = appenders.next();
      if (appender instanceof OutputStreamAppender<ILoggingEvent> out
          && out.getEncoder() instanceof LogFormatEncoder encoder) {
        encoder.use(format, service);
      }
      if (appender instanceof AppenderAttachable<?> parent) {
        @SuppressWarnings("unchecked")
        Iterator<Appender<ILoggingEvent>> children =
            ((AppenderAttachable<ILoggingEvent>) parent).iteratorForAppenders();
        apply(children, format, service);
      }
    }
  }

}
