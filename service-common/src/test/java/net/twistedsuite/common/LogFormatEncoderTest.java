package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFormatEncoderTest {

  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final LogFormatEncoder encoder = new LogFormatEncoder();
  private final Logger logger = context.getLogger("test");

  private void start(String format) {
    context.setMDCAdapter(new LogbackMDCAdapter());
    encoder.setContext(context);
    encoder.setFormat(format);
    encoder.setPattern("%level %msg%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    logger.addAppender(appender);
  }

  private List<JsonObject> jsonLines() {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(new JsonObject(line)); // throws unless the line is one JSON object
    }
    return lines;
  }

  /** Every character a client can put in a finger query (read as ISO-8859-1), and then some. */
  private static String everyByteAndWorse() {
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < 256; c++) {
      s.append((char) c);
    }
    return s.append("\u2028\u2029\"\\}{").append("\uD800").toString();
  }

  @Test
  void jsonIsOneObjectPerLineWhateverTheQueryHolds() {
    start("json");
    encoder.use("json", "finger");
    String query = everyByteAndWorse();
    logger.atInfo().addKeyValue("event", "query").addKeyValue("client", "127.0.0.1:4000")
        .addKeyValue("outcome", "bad_query").addKeyValue("duration_ms", 3L).addKeyValue("query", query)
        .log("{} {} invalid query", "127.0.0.1:4000", query);
    logger.error("lookup failed\nsecond line", new IllegalStateException("boom\r\nboom"));

    List<JsonObject> lines = jsonLines();
    assertEquals(2, lines.size(), out.toString(StandardCharsets.UTF_8));
    JsonObject first = lines.get(0);
    assertEquals("INFO", first.getString("level"));
    assertEquals("finger", first.getString("service"));
    assertEquals("query", first.getString("event"));
    assertEquals("127.0.0.1:4000", first.getString("client"));
    assertEquals("bad_query", first.getString("outcome"));
    assertEquals(3, first.getInteger("duration_ms"));
    assertTrue(first.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT.*"), first.getString("time"));
    // Everything but the lone surrogate, which has no UTF-8 form, comes back exactly.
    assertEquals(query.substring(0, query.length() - 1), first.getString("query").substring(0, query.length() - 1));
    JsonObject second = lines.get(1);
    assertEquals("ERROR", second.getString("level"));
    assertEquals("lookup failed\nsecond line", second.getString("message"));
    assertTrue(second.getString("stack_trace").startsWith("java.lang.IllegalStateException: boom\r\nboom"));
  }

  @Test
  void textIsThePatternAndIgnoresTheFields() {
    start("text");
    logger.atInfo().addKeyValue("event", "query").log("answered");
    assertEquals("INFO answered\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void switchesFromTextToJsonWhenTheConfigurationSaysSo() {
    start("text");
    logger.info("before");
    encoder.use("json", "fib");
    logger.info("after");
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals("INFO before", lines[0]);
    assertEquals("fib", new JsonObject(lines[1]).getString("service"));
    assertFalse(lines[1].contains("\n"));
  }

  @Test
  void anUnknownFormatIsRefusedNamingWhereItCameFrom() {
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> LogFormat.chosen(new JsonObject().put("logFormat", "xml")));
    assertEquals("logFormat: must be text or json, got \"xml\"", e.getMessage());
    assertEquals("json", LogFormat.chosen(new JsonObject().put("logFormat", "JSON")));
  }
}
