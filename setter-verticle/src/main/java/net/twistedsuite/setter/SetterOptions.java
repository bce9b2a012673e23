package net.twistedsuite.setter;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ClientNetworks;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.LogFormat;
import net.twistedsuite.common.TlsOptions;

/** The setter's configuration, checked: every value here is one the setter can run with. */
public final class SetterOptions {

  /**
   * Two short lines per client and few clients: on loopback (the default) every client has the
   * same address, so the share of one address is a fifth of the total, not all of it.
   */
  public static final ClientLimits.Group LIMITS = ClientLimits.group()
      .maxLineLength(1024).idleTimeoutSeconds(30).maxConnections(100, 20);

  public static final ConfigSpec SPEC = new ConfigSpec("setter", "SETTER",
      ConfigKey.string("host", "127.0.0.1",
          "address to listen on; anything but loopback also needs allowedNetworks"),
      ConfigKey.port("port", 1179, "TCP port"),
      ConfigKey.array("allowedNetworks", new JsonArray(),
          "CIDR blocks (IPv4 or IPv6) of the other clients allowed in; loopback always is"),
      ConfigKey.integer("fingerTimeoutMs", 5_000, 100, 600_000,
          "milliseconds to wait for the finger service to confirm an update"))
      .with(LIMITS.keys())
      .with(LogFormat.KEY)
      .with(AdminServer.keys(9102))
      .with(TlsOptions.keys(11179));

  private final String host;
  private final int port;
  private final ClientNetworks allowedNetworks;
  private final ClientLimits limits;
  private final long fingerTimeoutMs;
  private final TlsOptions tls;

  private SetterOptions(JsonObject resolved) {
    host = resolved.getString("host");
    port = resolved.getInteger("port");
    allowedNetworks = ClientNetworks.fromConfig("allowedNetworks", resolved.getJsonArray("allowedNetworks"));
    limits = LIMITS.from(resolved);
    fingerTimeoutMs = resolved.getLong("fingerTimeoutMs");
    tls = TlsOptions.fromResolved(resolved);
    if (!ClientNetworks.isLoopback(host) && allowedNetworks.isEmpty()) {
      throw new ConfigException("host", host + " is not a loopback address, and anyone who reaches"
          + " the setter can change any status: list the client networks allowed to use it in"
          + " allowedNetworks (e.g. [\"10.0.0.0/8\"]), or listen on 127.0.0.1");
    }
  }

  /**
   * Applies defaults to {@code config} and checks it.
   *
   * @throws ConfigException naming the first key the setter cannot run with
   */
  public static SetterOptions fromConfig(JsonObject config) {
    return new SetterOptions(SPEC.resolve(config));
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public ClientNetworks allowedNetworks() {
    return allowedNetworks;
  }

  /** The TLS listener, and whether the plain one runs. */
  public TlsOptions tls() {
    return tls;
  }

  public ClientLimits limits() {
    return limits;
  }

  public int maxLineLength() {
    return limits.maxLineLength();
  }

  public int idleTimeoutSeconds() {
    return limits.idleTimeoutSeconds();
  }

  public int maxConnections() {
    return limits.maxConnections();
  }

  public long fingerTimeoutMs() {
    return fingerTimeoutMs;
  }
}
