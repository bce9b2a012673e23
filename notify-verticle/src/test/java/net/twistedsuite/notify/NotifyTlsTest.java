package net.twistedsuite.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Requests and notifications over TLS, with Vert.x's client. */
@ExtendWith(VertxExtension.class)
class NotifyTlsTest {

  @Test
  void answersAndNotifiesOverTls(Vertx vertx, @TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "notify.test");
    Path ads = NotifyTestServer.classifieds(dir, "nice flat in the 11e");
    NotifyVerticle notify = NotifyTestServer.start(vertx, ads, new JsonObject().put("tls", certs.tls(false)));
    try (TlsClient client = certs.connect(vertx, notify.tlsPort())) {
      assertEquals("CN=notify.test", client.peerSubject());
      client.send("classified?\n").awaitReceived("nice flat in the 11e\r\n");
      client.send("notif\n");
      // notif is not answered: a request after it shows the server has read it.
      client.send("classified?\n").awaitReceived("nice flat in the 11e\r\nnice flat in the 11e\r\n");
      Files.writeString(ads, "bike for sale\n", StandardOpenOption.APPEND);
      assertEquals("nice flat in the 11e\r\nnice flat in the 11e\r\nnotif: classified\r\n",
          client.awaitReceived("notif: classified\r\n"));
    }
  }
}
