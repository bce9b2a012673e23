package net.twistedsuite.common;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;

/**
 * Writes each event as a text line ({@code pattern}) or as one JSON object per line, as
 * {@link LogFormat} chooses. The JSON, by logstash-logback-encoder (Jackson escapes every control
 * character and writes UTF-8), holds {@code time}, {@code level}, {@code service}, {@code logger},
 * {@code thread}, {@code message}, a {@code stack_trace} when there is one, and the key-value pairs
 * a line carries: for a connection's outcome {@code event}, {@code client}, {@code outcome},
 * {@code duration_ms} and, for finger, {@code query}.
 */
public final class LogFormatEncoder extends EncoderBase<ILoggingEvent> {

  private String format = "text";
  private String pattern = "%msg%n";
  private volatile Encoder<ILoggingEvent> delegate;

  public void setFormat(String format) {
    this.format = format;
  }

  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public void start() {
    // Anything but json is text here; the launcher refuses a format it does not know, in one line.
    String f = format == null ? "" : format.trim().toLowerCase(java.util.Locale.ROOT);
    delegate = create(f.equals("json") ? "json" : "text", null);
    super.start();
  }

  /** From now on, writes {@code format} ({@code text} or {@code json}) for {@code service}. */
  void use(String format, String service) {
    Encoder<ILoggingEvent> previous = delegate;
    delegate = create(format, service);
    if (previous != null) {
      previous.stop();
    }
  }

  private Encoder<ILoggingEvent> create(String format, String service) {
    Encoder<ILoggingEvent> encoder;
    if (format.equals("json")) {
      LogstashEncoder json = new LogstashEncoder();
      LogstashFieldNames names = new LogstashFieldNames();
      names.setTimestamp("time");
      names.setVersion("[ignore]");
      names.setLevelValue("[ignore]");
      names.setLogger("logger");
      names.setThread("thread");
      json.setFieldNames(names);
      if (service != null) {
        json.setCustomFields(new JsonObject().put("service", service).encode());
      }
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(pattern);
      encoder = text;
    }
    encoder.setContext(getContext());
    encoder.start();
    return encoder;
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }

  @Override
  public void stop() {
    delegate.stop();
    super.stop();
  }
}
