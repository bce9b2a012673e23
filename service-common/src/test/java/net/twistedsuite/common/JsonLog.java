package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a service run with LOG_FORMAT=json wrote: every line one JSON object naming the service,
 * and the outcome line of a connection (or a check, a mail) carrying its fields.
 */
public final class JsonLog {

  /** The environment that switches a service to JSON logs. */
  public static final Map<String, String> ENV = Map.of("LOG_FORMAT", "json");

  private JsonLog() {
  }

  /** Every line of the output, each parsed; fails naming the first that is not one JSON object. */
  public static List<JsonObject> lines(ServiceProcess process, String service) {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : process.output().split("\n")) {
      JsonObject parsed;
      try {
        parsed = new JsonObject(line);
      } catch (RuntimeException e) {
        throw new AssertionError("not one JSON object: " + line + "\noutput:\n" + process.output(), e);
      }
      assertEquals(service, parsed.getString("service"), line);
      assertTrue(parsed.containsKey("time") && parsed.containsKey("level") && parsed.containsKey("message"), line);
      lines.add(parsed);
    }
    return lines;
  }

  /**
   * Waits for the line of {@code event} ending as {@code outcome}, then checks every line and
   * returns that one, which has a duration in ms and the human-readable message.
   */
  public static JsonObject outcome(ServiceProcess process, String service, String event, String outcome)
      throws InterruptedException {
    process.awaitLine("\"outcome\":\"" + outcome + "\"", Duration.ofSeconds(30));
    JsonObject line = lines(process, service).stream()
        .filter(l -> event.equals(l.getString("event")) && outcome.equals(l.getString("outcome"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + event + " line with outcome " + outcome + ":\n"
            + process.output()));
    assertNotNull(line.getLong("duration_ms"), line.encode());
    assertTrue(line.getLong("duration_ms") >= 0, line.encode());
    assertTrue(!line.getString("message").isBlank(), line.encode());
    return line;
  }

  /** {@link #outcome}, for a line that also names its client as {@code address:port}. */
  public static JsonObject clientOutcome(ServiceProcess process, String service, String event, String outcome)
      throws InterruptedException {
    JsonObject line = outcome(process, service, event, outcome);
    assertTrue(String.valueOf(line.getString("client")).startsWith("127.0.0.1:"), line.encode());
    return line;
  }
}
