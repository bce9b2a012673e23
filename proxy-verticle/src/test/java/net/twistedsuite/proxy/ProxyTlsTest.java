package net.twistedsuite.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.LogCapture;
import net.twistedsuite.common.TestCertificates;
import net.twistedsuite.common.TlsClient;
import net.twistedsuite.finger.FingerVerticle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy over TLS on both sides: its own TLS listener, and finger's TLS listener as its upstream. */
class ProxyTlsTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private TestCertificates fingerCerts;
  private TestCertificates proxyCerts;
  private int fingerTls;

  @BeforeEach
  void deployFinger() throws Exception {
    vertx = Vertx.vertx();
    fingerCerts = TestCertificates.secretVolume(dir.resolve("finger"), "finger.test");
    proxyCerts = TestCertificates.secretVolume(dir.resolve("proxy"), "proxy.test");
    FingerVerticle finger = new FingerVerticle();
    Await.result(vertx.deployVerticle(finger, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("http", new JsonObject().put("enabled", false))
        .put("dataDir", dir.resolve("data").toString())
        .put("users", new JsonObject().put("moshez", "Happy and well"))
        .put("tls", new JsonObject(fingerCerts.tlsConfig(true))))));
    fingerTls = finger.tlsPort();
  }

  @AfterEach
  void close() throws Exception {
    Await.result(vertx.close());
  }

  private ProxyVerticle deployProxy(JsonObject upstream) throws Exception {
    ProxyVerticle proxy = new ProxyVerticle();
    Await.result(vertx.deployVerticle(proxy, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0)
        .put("upstream", upstream.put("host", "127.0.0.1").put("port", fingerTls))
        .put("tls", new JsonObject(proxyCerts.tlsConfig(false))))));
    return proxy;
  }

  private String askOverTls(ProxyVerticle proxy, String query) throws Exception {
    try (TlsClient client = TlsClient.connect(vertx, proxy.tlsPort(), proxyCerts.currentCert())) {
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
    ExecutionException e = assertThrows(ExecutionException.class, () -> deployProxy(new JsonObject()
        .put("tls", true).put("trustPath", dir.resolve("none.pem").toString())));
    assertEquals(ConfigException.class, e.getCause().getClass());
    assertEquals("upstream.trustPath: cannot read " + dir.resolve("none.pem") + ": no such file",
        e.getCause().getMessage());
    assertTrue(vertx.deploymentIDs().size() == 1, "only finger stays deployed");
  }
}
