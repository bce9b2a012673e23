package net.twistedsuite.fib;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.ListeningOptions;
import net.twistedsuite.common.ListeningValues;

/** The fib service's configuration: every key, its default and its checks. */
public record FibOptions(String host, int port, Path dataDir, int reserveBlock, ClientLimits limits,
    int eventLoops) implements ListeningOptions {

  public static final ConfigSpec SPEC = ConfigSpec.listening("fib", "FIB", 8889,
      ConfigKey.string("dataDir", "data/fib",
          "directory holding the sequence position (created if missing)"),
      ConfigKey.integer("reserveBlock", 1000, 1, 100_000,
          "numbers reserved on disk ahead of the answers; a restart after a crash skips at most this many"))
      // Clients pipeline short lines and may stay connected between requests; one address may
      // hold a tenth of the places.
      .withClients(ClientLimits.group().maxLineLength(1024).idleTimeoutSecondsOrNever(300).maxConnections(1000, 100))
      .withLogAndAdmin(9105);

  /** Resolves and checks {@code config} (defaults applied, unknown keys refused). */
  public static FibOptions fromConfig(JsonObject config) {
    JsonObject c = SPEC.resolve(config);
    ListeningValues shared = ListeningValues.of(c);
    return new FibOptions(shared.host(), shared.port(), ConfigSpec.directory(c, "dataDir"),
        c.getInteger("reserveBlock"), shared.limits(), shared.eventLoops());
  }
}
