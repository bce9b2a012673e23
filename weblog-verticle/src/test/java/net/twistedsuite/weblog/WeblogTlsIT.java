package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.twistedsuite.common.OpensslClient;
import net.twistedsuite.common.ServiceProcess;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** weblog's fat jar with TLS on: the stream of hits to Vert.x's client and to openssl s_client. */
@ExtendWith(VertxExtension.class)
class WeblogTlsIT {

  private static final Duration START = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void streamsHitsOverTlsToVertxAndToOpenssl(Vertx vertx) throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "weblog.test");
    AccessLog log = new AccessLog(dir.resolve("access.log")).hits("/before-start");
    String conf = "{\"host\": \"127.0.0.1\", \"port\": 0, \"logFile\": \"" + log.path() + "\","
        + " \"pushIntervalMs\": 0, \"pollIntervalMs\": 50, \"tls\": " + certs.tlsConfig(false) + "}";
    try (ServiceProcess weblog = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf)) {
      int tls = weblog.awaitTlsListening("weblog", START);
      weblog.awaitListening("weblog", START);
      try (TlsClient client = certs.connect(vertx, tls);
          OpensslClient openssl = OpensslClient.connect(tls, certs.currentCert())) {
        client.awaitReceived("<hits>");
        openssl.awaitOutput("<hits>");
        log.hits("/over-tls");
        assertTrue(client.awaitReceived("resource=\"/over-tls\"").startsWith("<hits>"), client.received());
        String transcript = openssl.awaitOutput("resource=\"/over-tls\"");
        assertTrue(transcript.contains("verify return:1"), transcript);
      }
    }
  }
}
