package net.twistedsuite.download;

import static net.twistedsuite.common.Deployments.deploy;
import static net.twistedsuite.common.Deployments.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A download over TLS, with Vert.x's client. */
@ExtendWith(VertxExtension.class)
class DownloadTlsTest {

  @Test
  void downloadsOverTls(Vertx vertx, @TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "download.test");
    Path files = Files.createDirectory(dir.resolve("files"));
    Files.writeString(files.resolve("three.txt"), "one\ntwo\nthree\n");
    DownloadVerticle download = deploy(vertx, new DownloadVerticle(), loopback()
        .put("directory", files.toString()).put("lineDelayMs", 0).put("tls", certs.tls(true)));
    assertEquals(-1, download.actualPort(), "tls.only: no plain listener");
    try (TlsClient client = certs.connect(vertx, download.tlsPort())) {
      assertEquals("CN=download.test", client.peerSubject());
      client.send("download three.txt\r\n").awaitReceived(" END three.txt\r\n");
      assertEquals("BEGIN three.txt\r\n... END three.txt\r\n", client.received());
    }
  }
}
