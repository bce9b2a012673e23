package net.twistedsuite.common;

import io.vertx.core.json.JsonObject;

/**
 * The values every line service reads alike from its resolved configuration, for its options
 * record to take over: where it listens ({@link ConfigSpec#listening}), what one client may cost
 * and on how many loops ({@link ConfigSpec#withClients}), and its TLS listener ({@link TlsOptions#keys},
 * {@link TlsOptions#NONE} for a service whose spec has none).
 */
public record ListeningValues(String host, int port, ClientLimits limits, int eventLoops, TlsOptions tls) {

  /**
   * Reads them from {@code resolved}, a configuration resolved by the service's spec.
   *
   * @throws ConfigException naming the key when the TLS settings contradict each other
   */
  public static ListeningValues of(JsonObject resolved) {
    TlsOptions tls = resolved.containsKey("tls") ? TlsOptions.fromResolved(resolved) : TlsOptions.NONE;
    return new ListeningValues(resolved.getString("host"), resolved.getInteger("port"),
        ClientLimits.from(resolved), EventLoops.from(resolved), tls);
  }
}
