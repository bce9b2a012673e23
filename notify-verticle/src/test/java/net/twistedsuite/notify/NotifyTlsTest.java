package net.twistedsuite.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests and notifications over TLS, with Vert.x's client. */
class NotifyTlsTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    Await.result(vertx.close());
  }

  @Test
  void answersAndNotifiesOverTls() throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "notify.test");
    Path ads = Files.writeString(dir.resolve("classifieds.txt"), "nice flat in the 11e\n");
    NotifyVerticle notify = new NotifyVerticle();
    Await.result(vertx.deployVerticle(notify, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("classifiedsFile", ads.toString())
        .put("classifiedsPollMs", 20).put("randomIntervalMs", 0)
        .put("tls", new JsonObject(certs.tlsConfig(false))))));
    try (TlsClient client = TlsClient.connect(vertx, notify.tlsPort(), certs.currentCert())) {
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
