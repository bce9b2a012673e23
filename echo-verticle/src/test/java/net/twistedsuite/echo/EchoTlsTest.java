package net.twistedsuite.echo;

import static net.twistedsuite.common.Deployments.deploy;
import static net.twistedsuite.common.Deployments.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Echo over TLS, beside the plain port and counted against the same connection limit. */
@ExtendWith(VertxExtension.class)
class EchoTlsTest {

  @Test
  void echoesOverTlsAndSharesTheConnectionLimitWithThePlainPort(Vertx vertx, @TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "echo.test");
    EchoVerticle echo = deploy(vertx, new EchoVerticle(),
        loopback().put("maxConnections", 1).put("tls", certs.tls(false)));
    try (TlsClient client = certs.connect(vertx, echo.tlsPort())) {
      assertEquals("CN=echo.test", client.peerSubject());
      assertEquals("hello over tls\n", client.send("hello over tls\n").awaitReceived("hello over tls\n"));
      // The one place is taken over TLS: a plain client is turned away.
      try (LineClient plain = LineClient.connect(echo.actualPort())) {
        assertTrue(plain.closedByServer(), "the plain client is closed at once");
      }
    }
  }
}
