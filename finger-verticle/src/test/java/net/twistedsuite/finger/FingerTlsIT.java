package net.twistedsuite.finger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.OpensslClient;
import net.twistedsuite.common.ServiceProcess;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** finger's fat jar with TLS on, asked by openssl s_client and by Vert.x's client. */
@ExtendWith(VertxExtension.class)
class FingerTlsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private String conf(TestCertificates certs, boolean only) {
    return "{\"host\": \"127.0.0.1\", \"port\": 0, \"users\": {\"moshez\": \"Happy and well\"},"
        + " \"dataDir\": \"" + dir.resolve("data") + "\", \"tls\": " + certs.tlsConfig(only) + "}";
  }

  @Test
  void answersOverTlsBesideThePlainPort(Vertx vertx) throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "finger.test");
    try (ServiceProcess finger = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf(certs, false))) {
      int plain = finger.awaitListening("finger", TIMEOUT);
      int tls = finger.awaitTlsListening("finger", TIMEOUT);
      assertEquals("Happy and well\r\n", LineClient.exchange(plain, "moshez\r\n"));
      try (TlsClient client = certs.connect(vertx, tls)) {
        assertEquals("CN=finger.test", client.peerSubject());
        assertEquals("Happy and well\r\n", client.send("moshez\r\n").awaitClosed());
      }
      try (OpensslClient openssl = OpensslClient.connect(tls, certs.currentCert())) {
        // As typed into a terminal: the line ends in LF only.
        String transcript = openssl.type("moshez\n").awaitExit();
        assertTrue(transcript.contains("verify return:1"), transcript);
        assertTrue(transcript.endsWith("Happy and well\r\n"), transcript);
      }
      finger.awaitLine("\"moshez\" answered", TIMEOUT);
    }
  }

  @Test
  void tlsOnlyClosesThePlainPort(Vertx vertx) throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "finger.test");
    int plain = ServiceProcess.freePort();
    String conf = conf(certs, true).replaceFirst("\"port\": 0,", "\"port\": " + plain + ",");
    try (ServiceProcess finger = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf)) {
      int tls = finger.awaitTlsListening("finger", TIMEOUT);
      try (TlsClient client = certs.connect(vertx, tls)) {
        assertEquals("Happy and well\r\n", client.send("moshez\r\n").awaitClosed());
      }
      assertThrows(ConnectException.class, () -> LineClient.connect(plain));
      assertTrue(finger.output().lines().noneMatch(l -> l.contains("finger listening on")), finger.output());
    }
  }

  @Test
  void aMissingKeyFileStopsTheStartWithOneLine() throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "finger.test");
    String conf = conf(certs, false).replace(certs.keyPath().toString(), dir.resolve("nokey.pem").toString());
    try (ServiceProcess finger = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf)) {
      assertEquals(2, finger.awaitExit(TIMEOUT));
      assertEquals("finger: config error: tls.keyPath: cannot read " + dir.resolve("nokey.pem") + ": no such file",
          finger.awaitLine("config error", TIMEOUT));
      assertEquals(1, finger.output().lines().filter(l -> l.contains("config error")).count(), finger.output());
      assertTrue(finger.output().lines().noneMatch(l -> l.contains(" listening ")), finger.output());
    }
  }
}
