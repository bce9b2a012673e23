package net.twistedsuite.setter;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ClientNetworks;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.ListeningOptions;
import net.twistedsuite.common.ListeningValues;
import net.twistedsuite.common.TlsOptions;

/**
 * The setter's configuration, checked: every value {@link #fromConfig} gives is one the setter
 * can run with.
 *
 * @param eventLoops how many event loops serve the clients
 * @param tls the TLS listener, and whether the plain one runs
 */
public record SetterOptions(String host, int port, ClientNetworks allowedNetworks, ClientLimits limits,
    long fingerTimeoutMs, int eventLoops, TlsOptions tls) implements ListeningOptions {

  public static final ConfigSpec SPEC = ConfigSpec.listeningOnLoopback("setter", "SETTER", 1179,
      ConfigKey.array("allowedNetworks", new JsonArray(),
          "CIDR blocks (IPv4 or IPv6) of the other clients allowed in; loopback always is"),
      ConfigKey.integer("fingerTimeoutMs", 5_000, 100, 600_000,
          "milliseconds to wait for the finger service to confirm an update"))
      // Two short lines per client and few clients: on loopback (the default) every client has
      // the same address, so the share of one address is a fifth of the total, not all of it.
      .withClients(ClientLimits.group().maxLineLength(1024).idleTimeoutSeconds(30).maxConnections(100, 20))
      .withLogAndAdmin(9102)
      .with(TlsOptions.keys(11179));

  /**
   * Applies defaults to {@code config} and checks it.
   *
   * @throws ConfigException naming the first key the setter cannot run with
   */
  public static SetterOptions fromConfig(JsonObject config) {
    JsonObject resolved = SPEC.resolve(config);
    ListeningValues shared = ListeningValues.of(resolved);
    SetterOptions options = new SetterOptions(shared.host(), shared.port(),
        ClientNetworks.fromConfig("allowedNetworks", resolved.getJsonArray("allowedNetworks")),
        shared.limits(), resolved.getLong("fingerTimeoutMs"), shared.eventLoops(), shared.tls());
    ClientNetworks.requireAllowedBeyondLoopback(options.host, options.allowedNetworks,
        "the setter can change any status");
    return options;
  }
}
