package net.twistedsuite.echo;

import io.vertx.core.json.JsonObject;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.EventLoops;
import net.twistedsuite.common.ListeningOptions;
import net.twistedsuite.common.LogFormat;
import net.twistedsuite.common.TlsOptions;

/** The echo service's configuration: every key, its default and its checks. */
public record EchoOptions(String host, int port, ClientLimits limits, int eventLoops, TlsOptions tls)
    implements ListeningOptions {

  /**
   * No line limit (echo reads bytes, not lines); a quiet connection ends after five minutes, and
   * one address may hold a tenth of the places.
   */
  public static final ClientLimits.Group LIMITS = ClientLimits.group()
      .idleTimeoutSeconds(300).maxConnections(1000, 100);

  public static final ConfigSpec SPEC = ConfigSpec.listening("echo", "ECHO", 8000)
      .with(LIMITS.keys())
      .with(EventLoops.KEY)
      .with(LogFormat.KEY)
      .with(AdminServer.keys(9106))
      .with(TlsOptions.keys(18000));

  /** Resolves and checks {@code config} (defaults applied, unknown keys refused). */
  public static EchoOptions fromConfig(JsonObject config) {
    JsonObject c = SPEC.resolve(config);
    return new EchoOptions(c.getString("host"), c.getInteger("port"), LIMITS.from(c), EventLoops.from(c),
        TlsOptions.fromResolved(c));
  }
}
