package net.twistedsuite.setter;

import static net.twistedsuite.setter.SetterVerticleTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.finger.FingerVerticle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The setter and the real finger service in one Vert.x, each on its own port: set, then finger. */
class SetterWithFingerTest {

  @TempDir
  Path dataDir;

  private Vertx vertx;
  private int fingerPort;
  private int setterPort;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    FingerVerticle finger = new FingerVerticle();
    await(vertx.deployVerticle(finger, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("http", new JsonObject().put("enabled", false))
        .put("dataDir", dataDir.toString())
        .put("users", new JsonObject().put("moshez", "Happy and well")))));
    fingerPort = finger.actualPort();
    SetterVerticle setter = new SetterVerticle();
    await(vertx.deployVerticle(setter, new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
    setterPort = setter.actualPort();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
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
