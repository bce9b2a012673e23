package net.twistedsuite.finger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOG_FORMAT=json, and the logFormat key: every line the process writes is one JSON object. */
class FingerJsonLogIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private static List<JsonObject> parseEveryLine(ServiceProcess process) {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : process.output().split("\n")) {
      try {
        lines.add(new JsonObject(line));
      } catch (RuntimeException e) {
        throw new AssertionError("not one JSON object: " + line + "\noutput:\n" + process.output(), e);
      }
    }
    return lines;
  }

  private static JsonObject withOutcome(List<JsonObject> lines, String outcome, ServiceProcess process) {
    return lines.stream().filter(l -> outcome.equals(l.getString("outcome"))).findFirst()
        .orElseThrow(() -> new AssertionError("no line with outcome " + outcome + ":\n" + process.output()));
  }

  private void queriesAreLoggedAsJson(Map<String, String> env) throws Exception {
    int port = ServiceProcess.freePort();
    String conf = "{\"host\": \"127.0.0.1\", \"port\": " + port + ", \"users\": {\"moshez\": \"Happy\"},"
        + " \"dataDir\": \"" + dir.resolve("data") + "\"}";
    // Quotes, a backslash, control characters (an escape sequence among them), DEL, and bytes
    // that are not ASCII nor valid UTF-8.
    byte[] odd = "mo\"s\\h\u0001\u001b[2J\u007f\u00ff\u00c3ez\r\n".getBytes(StandardCharsets.ISO_8859_1);
    try (ServiceProcess finger = ServiceProcess.start(ServiceProcess.fatJar(), env, "-conf", conf)) {
      finger.awaitListening("finger", TIMEOUT);
      assertEquals("Happy\r\n", LineClient.exchange(port, "moshez\r\n"));
      try (LineClient client = LineClient.connect(port)) {
        assertTrue(client.send(odd).readToEnd().startsWith("Invalid query"));
      }
      finger.awaitLine("bad_query", TIMEOUT);
      finger.process().toHandle().destroy();
      assertEquals(143, finger.awaitExit(TIMEOUT));
      Await.until(() -> finger.output().contains("finger stopped"), "the stop is logged");

      List<JsonObject> lines = parseEveryLine(finger);
      JsonObject answered = withOutcome(lines, "answered", finger);
      assertEquals("query", answered.getString("event"));
      assertEquals("moshez", answered.getString("query"));
      assertEquals("finger", answered.getString("service"));
      assertEquals("INFO", answered.getString("level"));
      assertTrue(answered.getString("client").startsWith("127.0.0.1:"), answered.encode());
      assertTrue(answered.getLong("duration_ms") >= 0, answered.encode());
      assertTrue(answered.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT.*"), answered.encode());
      assertTrue(answered.getString("message").contains("answered"), answered.encode());
      JsonObject bad = withOutcome(lines, "bad_query", finger);
      assertEquals(new String(odd, 0, odd.length - 2, StandardCharsets.ISO_8859_1), bad.getString("query"));
      for (JsonObject line : lines) {
        assertEquals("finger", line.getString("service"), line.encode());
        assertTrue(line.containsKey("time") && line.containsKey("level") && line.containsKey("message"),
            line.encode());
      }
    }
  }

  @Test
  void logFormatJsonInTheEnvironmentWritesOneObjectPerLine() throws Exception {
    queriesAreLoggedAsJson(Map.of("LOG_FORMAT", "json"));
  }

  @Test
  void theLogFormatKeyDoesTheSame() throws Exception {
    queriesAreLoggedAsJson(Map.of("FINGER_LOG_FORMAT", "json"));
  }

  @Test
  void anUnknownFormatStopsStartUpWithOneLine() throws Exception {
    try (ServiceProcess finger = ServiceProcess.start(ServiceProcess.fatJar(), Map.of("LOG_FORMAT", "xml"))) {
      assertEquals(2, finger.awaitExit(TIMEOUT));
      assertEquals("finger: config error: environment variable LOG_FORMAT: must be text or json, got \"xml\"",
          finger.output().strip());
    }
  }
}
