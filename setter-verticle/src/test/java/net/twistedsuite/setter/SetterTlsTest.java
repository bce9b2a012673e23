package net.twistedsuite.setter;

import static net.twistedsuite.common.Deployments.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setter over TLS, with Vert.x's client, which cannot half-close: the update ends at the
 * second line's line ending, and the answer comes back on the same connection.
 */
@ExtendWith(VertxExtension.class)
class SetterTlsTest {

  @TempDir
  Path dir;

  private TestCertificates certs;
  private int fingerPort;
  private SetterVerticle setter;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    certs = TestCertificates.secretVolume(dir, "setter.test");
    fingerPort = RealFinger.deploy(vertx, dir.resolve("data")).actualPort();
    setter = deploy(vertx, new SetterVerticle(), new JsonObject().put("port", 0).put("tls", certs.tls(false)));
  }

  private String set(Vertx vertx, String request) throws Exception {
    try (TlsClient client = certs.connect(vertx, setter.tlsPort())) {
      assertEquals("CN=setter.test", client.peerSubject());
      return client.send(request).awaitClosed();
    }
  }

  @Test
  void anUpdateEndsAtTheSecondLineAndIsAnsweredOnTheSameConnection(Vertx vertx) throws Exception {
    assertEquals("OK\r\n", set(vertx, "moshez\r\nAt lunch\r\n"));
    assertTrue(LineClient.exchange(fingerPort, "moshez\r\n").contains("At lunch"));
    assertEquals("OK\r\n", set(vertx, "moshez\nBack\n"));
    assertTrue(LineClient.exchange(fingerPort, "moshez\r\n").contains("Back"));
  }

  @Test
  void aBadUpdateIsRefusedAndClosedAtOnce(Vertx vertx) throws Exception {
    assertEquals("ERROR malformed user name: use 1 to 32 letters, digits, '.', '_' or '-', not starting with '-'\r\n",
        set(vertx, "mo shez\nx\n"));
    assertEquals("ERROR line 1 is longer than 1024 bytes\r\n", set(vertx, "x".repeat(2000)));
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
