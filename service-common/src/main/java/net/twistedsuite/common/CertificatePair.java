package net.twistedsuite.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A certificate chain and its private key as read from PEM files, checked before a listener
 * takes them: the certificate parses (the JDK's X.509 reader), the key loads (Vert.x's own PEM
 * loading, as the listener will), and the key signs what the certificate's public key verifies.
 * A TLS engine accepts a key that does not belong to its certificate and only fails the
 * handshakes later, so the last check is what keeps a half-updated pair away from clients.
 *
 * <p>Equal pairs hold the same bytes: a reload that reads what is already served changes nothing.
 *
 * @param description the certificate's subject and last day, for log lines
 */
record CertificatePair(Buffer cert, Buffer key, String description) {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  /**
   * Reads and checks the pair off the event loop.
   *
   * @return a future failed with a {@link ConfigException} naming the file and what is wrong
   */
  static Future<CertificatePair> read(Vertx vertx, Path certPath, Path keyPath) {
    Future<Buffer> cert = readFile(vertx, TlsOptions.CERT_PATH, certPath);
    Future<Buffer> key = readFile(vertx, TlsOptions.KEY_PATH, keyPath);
    return Future.all(cert, key).compose(v -> vertx.executeBlocking(
        () -> check(vertx, certPath, cert.result(), keyPath, key.result()), false));
  }

  private static Future<Buffer> readFile(Vertx vertx, String key, Path path) {
    return vertx.fileSystem().readFile(path.toString()).recover(e -> Future.failedFuture(
        new ConfigException(key, "cannot read " + path + ": " + fileReason(e))));
  }

  private static String fileReason(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof NoSuchFileException) {
        return "no such file";
      }
      if (cause instanceof AccessDeniedException) {
        return "permission denied";
      }
    }
    return reason(e);
  }

  private static CertificatePair check(Vertx vertx, Path certPath, Buffer certPem, Path keyPath, Buffer keyPem) {
    X509Certificate first;
    try {
      Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(certPem.getBytes()));
      if (chain.isEmpty()) {
        throw new ConfigException(TlsOptions.CERT_PATH, certPath + " holds no PEM certificate");
      }
      first = (X509Certificate) chain.iterator().next();
    } catch (GeneralSecurityException e) {
      throw new ConfigException(TlsOptions.CERT_PATH, certPath + " holds no readable PEM certificate: " + reason(e));
    }
    PemKeyCertOptions options = new PemKeyCertOptions().setCertValue(certPem).setKeyValue(keyPem);
    PrivateKey privateKey;
    try {
      privateKey = privateKey(options.getKeyManagerFactory(vertx).getKeyManagers(), first);
    } catch (Exception e) {
      throw new ConfigException(TlsOptions.KEY_PATH, keyPath + " holds no private key that loads: " + reason(e));
    }
    if (privateKey == null || !signsFor(privateKey, first.getPublicKey())) {
      throw new ConfigException(TlsOptions.KEY_PATH, "the key in " + keyPath + " does not belong to the certificate in "
          + certPath);
    }
    String description = first.getSubjectX500Principal().getName() + ", valid until "
        + DAY.format(first.getNotAfter().toInstant());
    return new CertificatePair(certPem, keyPem, description);
  }

  private static PrivateKey privateKey(KeyManager[] managers, X509Certificate cert) {
    for (KeyManager manager : managers) {
      if (manager instanceof X509KeyManager x509) {
        String[] aliases = x509.getServerAliases(cert.getPublicKey().getAlgorithm(), null);
        if (aliases != null && aliases.length > 0) {
          return x509.getPrivateKey(aliases[0]);
        }
      }
    }
    return null;
  }

  /** Whether {@code key} signs a random probe so that {@code publicKey} verifies it. */
  private static boolean signsFor(PrivateKey key, PublicKey publicKey) {
    String algorithm = switch (publicKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
      default -> null;
    };
    if (algorithm == null) {
      return true; // a key type not probed here: the handshake has the last word
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(publicKey);
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a key of another type than the certificate's
    }
  }

  PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().setCertValue(cert).setKeyValue(key);
  }

  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return ServiceLauncher.oneLine(cause);
  }
}
