package net.twistedsuite.proxy;

import static net.twistedsuite.common.Deployments.deploy;
import static net.twistedsuite.common.Deployments.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.LogCapture;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import net.twistedsuite.finger.FingerVerticle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The proxy over TLS on both sides: its own TLS listener, and finger's TLS listener as its upstream. */
@ExtendWith(VertxExtension.class)
class ProxyTlsTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private TestCertificates fingerCerts;
  private TestCertificates proxyCerts;
  private int fingerTls;

  @BeforeEach
  void deployFinger(Vertx vertx) throws Exception {
    this.vertx = vertx;
    fingerCerts = TestCertificates.secretVolume(dir.resolve("finger"), "finger.test");
    proxyCerts = TestCertificates.secretVolume(dir.resolve("proxy"), "proxy.test");
    fingerTls = deploy(vertx, new FingerVerticle(), loopback().put("http", new JsonObject().put("enabled", false))
        .put("dataDir", dir.resolve("data").toString())
        .put("users", new JsonObject().put("moshez", "Happy and well"))
        .put("tls", fingerCerts.tls(true))).tlsPort();
  }

  private ProxyVerticle deployProxy(JsonObject upstream) throws Exception {
    return deploy(vertx, new ProxyVerticle(), loopback()
        .put("upstream", upstream.put("host", "127.0.0.1").put("port", fingerTls))
        .put("tls", proxyCerts.tls(false)));
  }

  private String askOverTls(ProxyVerticle proxy, String query) throws Exception {
    try (TlsClient client = proxyCerts.connect(vertx, proxy.tlsPort())) {
      assertEquals("CN=proxy.test", client.peerSubject());
      return client.send(query).awaitClosed();
    }
  }

  @Test
  void relaysATlsUpstreamToATlsClient() throws Exception {
    ProxyVerticle proxy = deployProxy(new JsonObject().put("tls", true)
        .put("trustPath", fingerCerts.currentCert().toString()));
    assertEquals("Happy and well\r\n", askOverTls(proxy, "moshez\r\n"));
  }

  @Test
  void anUpstreamCertificateNotTrustedIsAFailedQueryLoggedOnce() throws Exception {
    try (LogCapture log = new LogCapture(UpstreamFingerService.class)) {
      ProxyVerticle proxy = deployProxy(new JsonObject().put("tls", true));
      assertEquals("Could not query remote host: connection failed\r\n", askOverTls(proxy, "moshez\r\n"));
      Await.until(() -> log.linesContaining("query \"moshez\" to 127.0.0.1:" + fingerTls + " failed").size() == 1,
          "the failure is logged: " + log.lines());
    }
  }

  @Test
  void aMissingTrustFileStopsTheStartNamingIt() {
    Set<String> finger = Set.copyOf(vertx.deploymentIDs());
    ExecutionException e = assertThrows(ExecutionException.class, () -> deployProxy(new JsonObject()
        .put("tls", true).put("trustPath", dir.resolve("none.pem").toString())));
    assertEquals(ConfigException.class, e.getCause().getClass());
    assertEquals("upstream.trustPath: cannot read " + dir.resolve("none.pem") + ": no such file",
        e.getCause().getMessage());
    assertEquals(finger, Set.copyOf(vertx.deploymentIDs()), "only finger (and its event loops' servers) stays deployed");
  }
}
