package net.twistedsuite.setter;

import static net.twistedsuite.setter.SetterVerticleTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import net.twistedsuite.finger.FingerVerticle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setter over TLS, with Vert.x's client, which cannot half-close: the update ends at the
 * second line's line ending, and the answer comes back on the same connection.
 */
class SetterTlsTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private TestCertificates certs;
  private int fingerPort;
  private SetterVerticle setter;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    certs = TestCertificates.secretVolume(dir, "setter.test");
    FingerVerticle finger = new FingerVerticle();
    await(vertx.deployVerticle(finger, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("http", new JsonObject().put("enabled", false))
        .put("dataDir", dir.resolve("data").toString())
        .put("users", new JsonObject().put("moshez", "Happy and well")))));
    fingerPort = finger.actualPort();
    setter = new SetterVerticle();
    await(vertx.deployVerticle(setter, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
        .put("tls", new JsonObject(certs.tlsConfig(false))))));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private String set(String request) throws Exception {
    try (TlsClient client = TlsClient.connect(vertx, setter.tlsPort(), certs.currentCert())) {
      assertEquals("CN=setter.test", client.peerSubject());
      return client.send(request).awaitClosed();
    }
  }

  @Test
  void anUpdateEndsAtTheSecondLineAndIsAnsweredOnTheSameConnection() throws Exception {
    assertEquals("OK\r\n", set("moshez\r\nAt lunch\r\n"));
    assertTrue(LineClient.exchange(fingerPort, "moshez\r\n").contains("At lunch"));
    assertEquals("OK\r\n", set("moshez\nBack\n"));
    assertTrue(LineClient.exchange(fingerPort, "moshez\r\n").contains("Back"));
  }

  @Test
  void aBadUpdateIsRefusedAndClosedAtOnce() throws Exception {
    assertEquals("ERROR malformed user name: use 1 to 32 letters, digits, '.', '_' or '-', not starting with '-'\r\n",
        set("mo shez\nx\n"));
    assertEquals("ERROR line 1 is longer than 1024 bytes\r\n", set("x".repeat(2000)));
  }

  @Test
  void thePlainListenerKeepsTheHalfCloseRuleBesideIt() throws Exception {
    try (LineClient client = LineClient.connect(setter.actualPort())) {
      client.send("moshez\nAt tea\n").shutdownOutput();
      assertEquals("OK\r\n", client.readToEnd());
    }
    try (LineClient client = LineClient.connect(setter.actualPort())) {
      client.send("moshez\nAt tea\n\n").shutdownOutput();
      assertEquals("ERROR more than two lines: send the user name, then the status, then close\r\n",
          client.readToEnd());
    }
  }
}
