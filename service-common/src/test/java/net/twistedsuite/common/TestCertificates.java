package net.twistedsuite.common;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time by the JDK's keytool (no private key is kept in the
 * repository), laid out as a Kubernetes Secret volume is: {@code tls.crt} and {@code tls.key}
 * are links into {@code ..data}, itself a link to a directory of one pair, and an update swaps
 * {@code ..data} in one rename. Each certificate is self-signed, for 127.0.0.1 and localhost.
 */
public final class TestCertificates {

  private static final char[] PASSWORD = "test-only".toCharArray();

  private final Path volume;
  private int generation;

  private TestCertificates(Path volume) {
    this.volume = volume;
  }

  /** A volume in {@code dir}/tls holding a first pair for {@code commonName}. */
  public static TestCertificates secretVolume(Path dir, String commonName) throws Exception {
    Path volume = Files.createDirectories(dir.resolve("tls"));
    TestCertificates certs = new TestCertificates(volume);
    Path first = certs.generate(commonName);
    Files.createSymbolicLink(volume.resolve("..data"), first.getFileName());
    Files.createSymbolicLink(volume.resolve("tls.crt"), Path.of("..data", "tls.crt"));
    Files.createSymbolicLink(volume.resolve("tls.key"), Path.of("..data", "tls.key"));
    return certs;
  }

  public Path certPath() {
    return volume.resolve("tls.crt");
  }

  public Path keyPath() {
    return volume.resolve("tls.key");
  }

  /** The certificate the volume holds now, for a client to trust. */
  public Path currentCert() throws IOException {
    return certPath().toRealPath();
  }

  /** The {@code "tls"} object of a service's configuration for this volume, on any free port. */
  public String tlsConfig(boolean only) {
    return "{\"port\": 0, \"only\": " + only + ", \"certPath\": \"" + certPath() + "\", \"keyPath\": \""
        + keyPath() + "\"}";
  }

  /** {@link #tlsConfig} as the object a configuration holds. */
  public JsonObject tls(boolean only) {
    return new JsonObject(tlsConfig(only));
  }

  /** Vert.x's TLS client on 127.0.0.1:{@code port}, trusting the certificate the volume holds now. */
  public TlsClient connect(Vertx vertx, int port) throws Exception {
    return TlsClient.connect(vertx, port, currentCert());
  }

  /** Swaps in a new pair for {@code commonName}, as the kubelet does; returns its certificate. */
  public Path rotate(String commonName) throws Exception {
    return use(generate(commonName));
  }

  /** Swaps in a pair made by {@link #generate}; returns its certificate. */
  public Path use(Path pair) throws IOException {
    return swapTo(pair).resolve("tls.crt");
  }

  /** Swaps in a pair whose certificate is not one (its key is the current one). */
  public void rotateToBroken() throws IOException {
    Path dir = Files.createDirectory(volume.resolve("..broken_" + (++generation)));
    Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n"
        + "-----END CERTIFICATE-----\n");
    Files.copy(keyPath().toRealPath(), dir.resolve("tls.key"));
    swapTo(dir);
  }

  /** Swaps in a new certificate for {@code commonName} with the current, unrelated key. */
  public void rotateToMismatched(String commonName) throws Exception {
    Path other = generate(commonName);
    Files.copy(keyPath().toRealPath(), other.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
    swapTo(other);
  }

  private Path swapTo(Path dir) throws IOException {
    Path link = volume.resolve("..data_tmp");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, dir.getFileName());
    Files.move(link, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return dir;
  }

  /** Makes a pair for {@code commonName} in the volume, not yet in use; returns its directory. */
  public Path generate(String commonName) throws Exception {
    Path dir = Files.createDirectory(volume.resolve("..pair_" + (++generation)));
    Path store = dir.resolve("pair.p12");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "tls", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + commonName, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    writePem(store, dir);
    Files.delete(store);
    return dir;
  }

  private static void writePem(Path store, Path dir) throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    Key key = keys.getKey("tls", PASSWORD);
    Files.writeString(dir.resolve("tls.crt"), pem("CERTIFICATE", keys.getCertificate("tls").getEncoded()));
    Files.writeString(dir.resolve("tls.key"), pem("PRIVATE KEY", key.getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
