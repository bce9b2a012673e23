package net.twistedsuite.download;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.ListeningOptions;
import net.twistedsuite.common.ListeningValues;
import net.twistedsuite.common.TlsOptions;

/** The download service's configuration: every key, its default and its checks. */
public record DownloadOptions(String host, int port, Path directory, int lineDelayMs,
    int maxDownloadsPerConnection, ClientLimits limits, int eventLoops, TlsOptions tls)
    implements ListeningOptions {

  public static final ConfigSpec SPEC = ConfigSpec.listening("download", "DOWNLOAD", 8001,
      ConfigKey.string("directory", "downloads",
          "the only directory files are served from (relative to the working directory unless absolute)"),
      ConfigKey.integer("lineDelayMs", 100, 0, 60_000,
          "milliseconds before each dot, one dot per line of the file (0: as fast as the client reads)"),
      ConfigKey.integer("maxDownloadsPerConnection", 4, 1, 1000,
          "downloads running at once on one connection; one more is refused with an ERROR line"))
      // Downloads hold their connection for a while: one address may hold a twentieth of the places.
      .withClients(ClientLimits.group().maxLineLength(1024).idleTimeoutSeconds(300).maxConnections(2000, 100))
      .withLogAndAdmin(9108)
      .with(TlsOptions.keys(18001));

  /** Resolves and checks {@code config} (defaults applied, unknown keys refused). */
  public static DownloadOptions fromConfig(JsonObject config) {
    JsonObject c = SPEC.resolve(config);
    ListeningValues shared = ListeningValues.of(c);
    return new DownloadOptions(shared.host(), shared.port(), ConfigSpec.directory(c, "directory"),
        c.getInteger("lineDelayMs"), c.getInteger("maxDownloadsPerConnection"), shared.limits(),
        shared.eventLoops(), shared.tls());
  }
}
