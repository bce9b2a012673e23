package net.twistedsuite.common;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code tls.*} keys of a service that can listen with TLS, declared once for every such
 * service: a second listener beside the plain one, with the same handler, from PEM files; and
 * whether the plain one runs at all ({@code tls.only}).
 *
 * @param enabled whether the TLS listener runs: both files are named
 * @param port its TCP port
 * @param certPath the PEM certificate (chain); {@code null} when not enabled
 * @param keyPath its PEM private key; {@code null} when not enabled
 * @param only whether the plain listener is off
 */
public record TlsOptions(boolean enabled, int port, Path certPath, Path keyPath, boolean only) {

  /** No TLS listener, the plain one on: for a service without TLS keys. */
  public static final TlsOptions NONE = new TlsOptions(false, 0, null, null, false);

  public static final String CERT_PATH = "tls.certPath";
  public static final String KEY_PATH = "tls.keyPath";

  /** The keys, for a service's {@code ConfigSpec}; {@code defaultPort}: its TLS port. */
  public static List<ConfigKey> keys(int defaultPort) {
    return List.of(
        ConfigKey.port("tls.port", defaultPort, "TCP port of the TLS listener (same address as the plain one)"),
        ConfigKey.string(CERT_PATH, "",
            "PEM certificate (chain) of the TLS listener; empty: no TLS listener. Its directory is watched for a new pair"),
        ConfigKey.string(KEY_PATH, "", "PEM private key of that certificate (PKCS#8, PKCS#1 or EC)"),
        ConfigKey.bool("tls.only", false, "true: the TLS listener only, the plain one is off"));
  }

  /**
   * Reads the keys from a configuration already resolved by the service's spec.
   *
   * @throws ConfigException naming the key when the settings contradict each other
   */
  public static TlsOptions fromResolved(JsonObject resolved) {
    JsonObject tls = resolved.getJsonObject("tls");
    String cert = tls.getString("certPath");
    String key = tls.getString("keyPath");
    boolean only = tls.getBoolean("only");
    if (cert.isBlank() != key.isBlank()) {
      throw new ConfigException(cert.isBlank() ? CERT_PATH : KEY_PATH,
          "must be set together with " + (cert.isBlank() ? KEY_PATH : CERT_PATH));
    }
    if (only && cert.isBlank()) {
      throw new ConfigException("tls.only", "needs tls.certPath and tls.keyPath: without them nothing would listen");
    }
    boolean enabled = !cert.isBlank();
    return new TlsOptions(enabled, tls.getInteger("port"), enabled ? Path.of(cert) : null,
        enabled ? Path.of(key) : null, only);
  }

  /** Whether the plain listener runs. */
  public boolean plain() {
    return !only;
  }
}
