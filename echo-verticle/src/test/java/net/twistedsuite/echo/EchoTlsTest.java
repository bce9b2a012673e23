package net.twistedsuite.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Echo over TLS, beside the plain port and counted against the same connection limit. */
class EchoTlsTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    Await.result(vertx.close());
  }

  @Test
  void echoesOverTlsAndSharesTheConnectionLimitWithThePlainPort() throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "echo.test");
    EchoVerticle echo = new EchoVerticle();
    Await.result(vertx.deployVerticle(echo, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("maxConnections", 1)
        .put("tls", new JsonObject(certs.tlsConfig(false))))));
    try (TlsClient client = TlsClient.connect(vertx, echo.tlsPort(), certs.currentCert())) {
      assertEquals("CN=echo.test", client.peerSubject());
      assertEquals("hello over tls\n", client.send("hello over tls\n").awaitReceived("hello over tls\n"));
      // The one place is taken over TLS: a plain client is turned away.
      try (LineClient plain = LineClient.connect(echo.actualPort())) {
        assertTrue(plain.closedByServer(), "the plain client is closed at once");
      }
    }
  }
}
