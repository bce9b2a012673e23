package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A TLS listener echoing lines, its certificates in a volume laid out as a Kubernetes Secret's. */
@ExtendWith(VertxExtension.class)
class TlsListenerTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private final LogCapture log = new LogCapture(TlsListener.class);

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void stopCapturing() {
    log.close();
  }

  private static TlsOptions options(TestCertificates certs) {
    return TlsOptions.fromResolved(new JsonObject().put("tls", new JsonObject(certs.tlsConfig(false))));
  }

  private TlsListener listen(TestCertificates certs) throws Exception {
    return Await.result(TlsListener.listen(vertx, "echo-test", options(certs), "127.0.0.1", new NetServerOptions(),
        socket -> socket.handler(socket::write)));
  }

  /** Connects, echoes one line, and says which certificate the listener showed. */
  private String subjectAt(int port, Path... trusted) throws Exception {
    try (TlsClient client = TlsClient.connect(vertx, port, trusted)) {
      client.send("ping\n");
      assertEquals("ping\n", client.awaitReceived("ping\n"));
      return client.peerSubject();
    }
  }

  @Test
  void echoesOverTlsToVertxAndToOpenssl() throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "first.test");
    TlsListener listener = listen(certs);
    assertEquals("CN=first.test", subjectAt(listener.actualPort(), certs.currentCert()));
    assertEquals(1, log.linesContaining("echo-test listening with TLS on 127.0.0.1:" + listener.actualPort()
        + " (CN=first.test, valid until ").size(), log.lines().toString());

    try (OpensslClient openssl = OpensslClient.connect(listener.actualPort(), certs.currentCert())) {
      openssl.type("hello over tls\n");
      String transcript = openssl.awaitOutput("hello over tls\n");
      assertTrue(transcript.contains("verify return:1"), transcript);
    }
  }

  @Test
  void takesANewPairUnderTrafficWithoutDroppingOpenConnections() throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "first.test");
    Path first = certs.currentCert();
    Path second = certs.generate("second.test").resolve("tls.crt");
    TlsListener listener = listen(certs);
    int port = listener.actualPort();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger served = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread traffic = new Thread(() -> {
      while (running.get()) {
        try {
          subjectAt(port, first, second);
          served.incrementAndGet();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }
    }, "tls-traffic");
    try (TlsClient open = TlsClient.connect(vertx, port, first)) {
      traffic.start();
      open.send("before\n").awaitReceived("before\n");
      certs.use(second.getParent());
      Await.until(() -> subjectAt(port, first, second).equals("CN=second.test"), "new connections get the new pair");
      // The connection made before the reload still works, with the pair it started with.
      assertTrue(open.send("after\n").awaitReceived("before\nafter\n").endsWith("after\n"));
      assertEquals("CN=first.test", open.peerSubject());
    } finally {
      running.set(false);
      traffic.join(Await.TIMEOUT_SECONDS * 1000);
    }
    assertNull(failure.get(), "no connection failed during the reload");
    assertTrue(served.get() > 0, "connections were made during the reload");
    assertEquals(1, log.linesContaining("INFO echo-test TLS certificate reloaded from " + certs.certPath()
        + " (CN=second.test, valid until ").size(), log.lines().toString());
  }

  @Test
  void aBrokenOrMismatchedNewPairKeepsTheOldOneAndSaysSoOnce() throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "first.test");
    Path first = certs.currentCert();
    TlsListener listener = listen(certs);
    int port = listener.actualPort();

    certs.rotateToBroken();
    Await.until(() -> warnings().size() == 1, "the broken pair is refused");
    assertTrue(warnings().get(0).startsWith("WARN echo-test TLS certificate not reloaded, still serving CN=first.test,"
        + " valid until "), warnings().toString());
    assertTrue(warnings().get(0).contains("tls.certPath: " + certs.certPath() + " holds no readable PEM certificate"),
        warnings().toString());
    assertEquals("CN=first.test", subjectAt(port, first));
    // More changes in the directory while the broken pair lies there: no second line.
    Files.writeString(certs.certPath().getParent().resolve("unrelated"), "x");
    Files.delete(certs.certPath().getParent().resolve("unrelated"));
    Thread.sleep(3_000);
    assertEquals(1, warnings().size(), warnings().toString());

    certs.rotateToMismatched("other.test");
    Await.until(() -> warnings().size() == 2, "the mismatched pair is refused");
    assertTrue(warnings().get(1).endsWith("tls.keyPath: the key in " + certs.keyPath()
        + " does not belong to the certificate in " + certs.certPath()), warnings().toString());
    assertEquals("CN=first.test", subjectAt(port, first));

    Path third = certs.rotate("third.test");
    Await.until(() -> subjectAt(port, first, third).equals("CN=third.test"), "a good pair is taken again");
  }

  private List<String> warnings() {
    return log.lines().stream().filter(l -> l.startsWith("WARN ")).toList();
  }

  @Test
  void aMissingOrBrokenFileStopsTheStartNamingKeyAndFile() throws Exception {
    TestCertificates certs = TestCertificates.secretVolume(dir, "first.test");
    TlsOptions missing = new TlsOptions(true, 0, dir.resolve("missing.crt"), certs.keyPath(), false);
    ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(TlsListener.listen(vertx,
        "echo-test", missing, "127.0.0.1", new NetServerOptions(), socket -> { })));
    assertEquals(ConfigException.class, e.getCause().getClass());
    assertTrue(e.getCause().getMessage().startsWith("tls.certPath: cannot read " + dir.resolve("missing.crt")),
        e.getCause().getMessage());

    Path notAKey = Files.writeString(dir.resolve("not.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    TlsOptions broken = new TlsOptions(true, 0, certs.certPath(), notAKey, false);
    e = assertThrows(ExecutionException.class, () -> Await.result(TlsListener.listen(vertx,
        "echo-test", broken, "127.0.0.1", new NetServerOptions(), socket -> { })));
    assertTrue(e.getCause().getMessage().startsWith("tls.keyPath: " + notAKey + " holds no private key that loads: "),
        e.getCause().getMessage());
  }

  @Test
  void theFilesComeInPairsAndTlsOnlyNeedsThem() {
    JsonObject defaults = new JsonObject().put("tls", new JsonObject().put("port", 1).put("certPath", "")
        .put("keyPath", "").put("only", false));
    assertTrue(TlsOptions.fromResolved(defaults).plain());
    assertEquals(false, TlsOptions.fromResolved(defaults).enabled());
    ConfigException e = assertThrows(ConfigException.class, () -> TlsOptions.fromResolved(
        defaults.copy().put("tls", defaults.getJsonObject("tls").copy().put("certPath", "a.crt"))));
    assertEquals("tls.keyPath: must be set together with tls.certPath", e.getMessage());
    e = assertThrows(ConfigException.class, () -> TlsOptions.fromResolved(
        defaults.copy().put("tls", defaults.getJsonObject("tls").copy().put("only", true))));
    assertTrue(e.getMessage().startsWith("tls.only: needs tls.certPath and tls.keyPath"), e.getMessage());
  }
}
