package net.twistedsuite.setter;

import static net.twistedsuite.common.Deployments.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The setter and the real finger service in one Vert.x, each on its own port: set, then finger. */
@ExtendWith(VertxExtension.class)
class SetterWithFingerTest {

  @TempDir
  Path dataDir;

  private int fingerPort;
  private int setterPort;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fingerPort = RealFinger.deploy(vertx, dataDir).actualPort();
    setterPort = deploy(vertx, new SetterVerticle(), new JsonObject().put("port", 0)).actualPort();
  }

  private String set(String request) throws Exception {
    try (LineClient client = LineClient.connect(setterPort)) {
      client.send(request.getBytes(StandardCharsets.UTF_8)).shutdownOutput();
      return client.readToEnd();
    }
  }

  private String finger(String user) throws Exception {
    return LineClient.exchange(fingerPort, user + "\r\n");
  }

  @Test
  void aStatusSetThroughTheSetterIsWhatFingerAnswers() throws Exception {
    assertTrue(finger("moshez").contains("Happy and well"), "finger's own source first");
    assertEquals("OK\r\n", set("moshez\r\nAt lunch\r\n"));
    String answer = finger("moshez");
    assertTrue(answer.contains("At lunch"), answer);
  }

  @Test
  void anEmptyStatusGivesTheUserBackToFingersOtherSources() throws Exception {
    assertEquals("OK\r\n", set("moshez\r\nAt lunch\r\n"));
    assertEquals("OK\r\n", set("moshez\r\n\r\n"));
    String answer = finger("moshez");
    assertFalse(answer.contains("At lunch"), answer);
    assertTrue(answer.contains("Happy and well"), answer);
  }

  @Test
  void whatFingerRefusesIsRefusedToTheClientWithFingersReason() throws Exception {
    String answer = set("moshez\r\n" + "x".repeat(1000) + "\r\n");
    assertTrue(answer.startsWith("ERROR ") && answer.endsWith("\r\n") && answer.indexOf('\n') == answer.length() - 1,
        answer);
    assertTrue(finger("moshez").contains("Happy and well"));
  }
}
