package net.twistedsuite.proxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.ByteArrayInputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ServiceLauncher;

/**
 * How the proxy reaches a TLS upstream ({@code upstream.tls}): trusting the certificates of
 * {@code upstream.trustPath}, or the JVM's default CAs, and checking that the upstream's
 * certificate names {@code upstream.host}, as HTTPS clients do.
 */
final class UpstreamTls {

  private UpstreamTls() {
  }

  /**
   * The client's TLS options; {@code null} when the upstream is plain TCP.
   *
   * @return a future failed with a {@link ConfigException} when the trusted file does not load
   */
  static Future<ClientSSLOptions> load(Vertx vertx, ProxyOptions options) {
    if (!options.upstreamTls()) {
      return Future.succeededFuture();
    }
    ClientSSLOptions tls = new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS");
    if (options.upstreamTrustPath().isEmpty()) {
      return Future.succeededFuture(tls);
    }
    Path path = options.upstreamTrustPath().get();
    return vertx.fileSystem().readFile(path.toString())
        .recover(e -> Future.failedFuture(new ConfigException("upstream.trustPath", "cannot read " + path + ": "
            + (e.getCause() instanceof NoSuchFileException ? "no such file" : ServiceLauncher.oneLine(e)))))
        .compose(pem -> vertx.executeBlocking(() -> {
          check(path, pem);
          return tls.setTrustOptions(new PemTrustOptions().addCertValue(pem));
        }, false));
  }

  private static void check(Path path, Buffer pem) {
    try {
      if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes()))
          .isEmpty()) {
        throw new ConfigException("upstream.trustPath", path + " holds no PEM certificate");
      }
    } catch (CertificateException e) {
      throw new ConfigException("upstream.trustPath", path + " holds no readable PEM certificate: "
          + ServiceLauncher.oneLine(e));
    }
  }
}
