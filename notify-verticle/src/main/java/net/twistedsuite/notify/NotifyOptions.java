package net.twistedsuite.notify;

import io.vertx.core.json.JsonObject;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.ListeningOptions;
import net.twistedsuite.common.ListeningValues;
import net.twistedsuite.common.TlsOptions;

/** The notify service's configuration, checked: build it with {@link #fromConfig}. */
public record NotifyOptions(
    String host,
    int port,
    String classifiedsFile,
    int classifiedsPollMs,
    int randomIntervalMs,
    int slowReaderTimeoutSeconds,
    ClientLimits limits,
    int eventLoops,
    TlsOptions tls) implements ListeningOptions {

  public static final ConfigSpec SPEC = ConfigSpec.listening("notify", "NOTIFY", 6789,
      ConfigKey.string("classifiedsFile", "classifieds.txt",
          "file of classified ads, one per line; lines appended to it are new ads (relative to the working directory)"),
      ConfigKey.integer("classifiedsPollMs", 500, 10, 60_000,
          "how often classifiedsFile is looked at for new ads, in ms"),
      ConfigKey.integer("randomIntervalMs", 10_000, 0, 86_400_000,
          "how often this replica draws a new random number, in ms; 0: it draws none (it still relays those of others)"),
      ConfigKey.integer("slowReaderTimeoutSeconds", 30, 1, 3600,
          "seconds a client may leave its output unread while notifications wait before it is disconnected"))
      // Subscribers stay connected: one address may hold a hundredth of the places.
      .withClients(ClientLimits.group().maxLineLength(1024).idleTimeoutSeconds(60).maxConnections(10_000, 100))
      .withLogAndAdmin(9109)
      .with(TlsOptions.keys(16789));

  /** Applies defaults and checks every value. */
  public static NotifyOptions fromConfig(JsonObject config) {
    JsonObject c = SPEC.resolve(config);
    ListeningValues shared = ListeningValues.of(c);
    return new NotifyOptions(
        shared.host(),
        shared.port(),
        ConfigSpec.fileName(c, "classifiedsFile"),
        c.getInteger("classifiedsPollMs"),
        c.getInteger("randomIntervalMs"),
        c.getInteger("slowReaderTimeoutSeconds"),
        shared.limits(),
        shared.eventLoops(),
        shared.tls());
  }
}
