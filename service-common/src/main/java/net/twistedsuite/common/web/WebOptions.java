package net.twistedsuite.common.web;

import io.vertx.core.json.JsonObject;
import java.util.List;
import net.twistedsuite.common.ConfigKey;

/**
 * The {@code http.*} keys of a service with web pages, declared once for every such service:
 * whether the web listener runs, where it listens, and how many browsers it takes at once.
 */
public record WebOptions(boolean enabled, String host, int port, int maxConnections,
    int maxConnectionsPerAddress) {

  /** The keys, for a service's {@code ConfigSpec}; {@code defaultPort} from the ports table. */
  public static List<ConfigKey> keys(int defaultPort) {
    return List.of(
        ConfigKey.bool("http.enabled", true, "serve the web pages; false: no HTTP listener at all"),
        ConfigKey.string("http.host", "0.0.0.0", "address the web pages listen on"),
        ConfigKey.port("http.port", defaultPort, "HTTP port of the web pages"),
        ConfigKey.integer("http.maxConnections", 1000, 1, 100_000,
            "most HTTP connections at once (each open page holds one); more are closed at once"),
        ConfigKey.integer("http.maxConnectionsPerAddress", 50, 1, 100_000,
            "most HTTP connections at once from one address; more from it are closed at once"));
  }

  /** Reads the keys from a configuration already resolved by the service's spec. */
  public static WebOptions fromResolved(JsonObject resolved) {
    JsonObject http = resolved.getJsonObject("http");
    return new WebOptions(http.getBoolean("enabled"), http.getString("host"), http.getInteger("port"),
        http.getInteger("maxConnections"), http.getInteger("maxConnectionsPerAddress"));
  }
}
