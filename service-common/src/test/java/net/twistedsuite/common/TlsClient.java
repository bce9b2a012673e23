package net.twistedsuite.common;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * Vert.x's TLS client as a service's users would configure it: it trusts the given certificate
 * only and checks that it names 127.0.0.1. Collects what arrives, for tests to wait on.
 */
public final class TlsClient implements AutoCloseable {

  private final NetClient client;
  private final NetSocket socket;
  private final Transcript received = new Transcript();
  private volatile boolean closed;

  private TlsClient(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.handler(data -> received.append(data.getBytes(), data.length()));
    socket.closeHandler(v -> closed = true);
  }

  /** Connects to 127.0.0.1:{@code port} and completes the handshake, trusting {@code trusted} only. */
  public static TlsClient connect(Vertx vertx, int port, Path... trusted) throws Exception {
    PemTrustOptions trust = new PemTrustOptions();
    for (Path cert : trusted) {
      trust.addCertPath(cert.toString());
    }
    NetClient client = vertx.createNetClient(new NetClientOptions().setSsl(true)
        .setHostnameVerificationAlgorithm("HTTPS").setTrustOptions(trust));
    try {
      return new TlsClient(client, Await.result(client.connect(port, "127.0.0.1")));
    } catch (Exception e) {
      client.close();
      throw e;
    }
  }

  public TlsClient send(String text) throws Exception {
    Await.result(socket.write(text));
    return this;
  }

  /** What arrived so far. */
  public String received() {
    return received.text();
  }

  /** Waits until what arrived contains {@code text}; returns all of it. */
  public String awaitReceived(String text) throws Exception {
    return received.awaitContaining(text, "the TLS client receives");
  }

  /** Waits until the server closes the connection; returns all that arrived. */
  public String awaitClosed() throws Exception {
    return received.awaitUntil(() -> closed, "the server closes the TLS connection");
  }

  /** The subject of the certificate the server showed, {@code CN=...}. */
  public String peerSubject() throws Exception {
    return ((X509Certificate) socket.peerCertificates().get(0)).getSubjectX500Principal().getName();
  }

  public NetSocket socket() {
    return socket;
  }

  @Override
  public void close() throws Exception {
    Await.result(client.close());
  }
}
