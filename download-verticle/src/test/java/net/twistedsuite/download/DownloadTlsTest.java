package net.twistedsuite.download;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download over TLS, with Vert.x's client. */
class DownloadTlsTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    Await.result(vertx.close());
  }

  @Test
  void downloadsOverTls() throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "download.test");
    Path files = Files.createDirectory(dir.resolve("files"));
    Files.writeString(files.resolve("three.txt"), "one\ntwo\nthree\n");
    DownloadVerticle download = new DownloadVerticle();
    Await.result(vertx.deployVerticle(download, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("directory", files.toString()).put("lineDelayMs", 0)
        .put("tls", new JsonObject(certs.tlsConfig(true))))));
    assertEquals(-1, download.actualPort(), "tls.only: no plain listener");
    try (TlsClient client = TlsClient.connect(vertx, download.tlsPort(), certs.currentCert())) {
      assertEquals("CN=download.test", client.peerSubject());
      client.send("download three.txt\r\n").awaitReceived(" END three.txt\r\n");
      assertEquals("BEGIN three.txt\r\n... END three.txt\r\n", client.received());
    }
  }
}
