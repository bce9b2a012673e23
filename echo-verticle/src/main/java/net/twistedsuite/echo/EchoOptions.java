package net.twistedsuite.echo;

import io.vertx.core.json.JsonObject;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.ListeningOptions;
import net.twistedsuite.common.ListeningValues;
import net.twistedsuite.common.TlsOptions;

/** The echo service's configuration: every key, its default and its checks. */
public record EchoOptions(String host, int port, ClientLimits limits, int eventLoops, TlsOptions tls)
    implements ListeningOptions {

  public static final ConfigSpec SPEC = ConfigSpec.listening("echo", "ECHO", 8000)
      // No line limit (echo reads bytes, not lines); a quiet connection ends after five minutes,
      // and one address may hold a tenth of the places.
      .withClients(ClientLimits.group().idleTimeoutSeconds(300).maxConnections(1000, 100))
      .withLogAndAdmin(9106)
      .with(TlsOptions.keys(18000));

  /** Resolves and checks {@code config} (defaults applied, unknown keys refused). */
  public static EchoOptions fromConfig(JsonObject config) {
    ListeningValues shared = ListeningValues.of(SPEC.resolve(config));
    return new EchoOptions(shared.host(), shared.port(), shared.limits(), shared.eventLoops(), shared.tls());
  }
}
