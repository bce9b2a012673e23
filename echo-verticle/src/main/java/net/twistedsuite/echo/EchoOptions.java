package net.twistedsuite.echo;

import io.vertx.core.json.JsonObject;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;

/** The echo service's configuration: every key, its default and its checks. */
public record EchoOptions(String host, int port, int idleTimeoutSeconds, int maxConnections) {

  public static final ConfigSpec SPEC = new ConfigSpec("echo", "ECHO",
      ConfigKey.string("host", "0.0.0.0", "address to listen on"),
      ConfigKey.port("port", 8000, "TCP port"),
      ConfigKey.integer("idleTimeoutSeconds", 300, 1, 86_400,
          "close a connection after this long with nothing received or sent"),
      ConfigKey.integer("maxConnections", 1000, 1, 1_000_000,
          "open connections at most; more are closed at once"));

  /** Resolves and checks {@code config} (defaults applied, unknown keys refused). */
  public static EchoOptions from(JsonObject config) {
    JsonObject c = SPEC.resolve(config);
    return new EchoOptions(c.getString("host"), c.getInteger("port"),
        c.getInteger("idleTimeoutSeconds"), c.getInteger("maxConnections"));
  }
}
