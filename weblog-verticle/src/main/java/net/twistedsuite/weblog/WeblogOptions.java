package net.twistedsuite.weblog;

import io.vertx.core.json.JsonObject;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.ListeningOptions;
import net.twistedsuite.common.ListeningValues;
import net.twistedsuite.common.TlsOptions;
import net.twistedsuite.common.web.WebOptions;

/**
 * The weblog service's configuration, checked: build it with {@link #fromConfig}.
 *
 * @param maxLineLength the longest log line delivered whole (its clients send no lines it reads)
 */
public record WeblogOptions(
    String host,
    int port,
    String logFile,
    int pushIntervalMs,
    int pollIntervalMs,
    int historySize,
    int replay,
    int maxQueuedBytes,
    int maxLineLength,
    ClientLimits limits,
    int eventLoops,
    WebOptions web,
    int webHistory,
    int webMaxQueuedBytes,
    TlsOptions tls) implements ListeningOptions {

  public static final ConfigSpec SPEC = ConfigSpec.listening("weblog", "WEBLOG", 8888,
      ConfigKey.string("logFile", "logs/access.log",
          "access log to follow (combined format), relative to the working directory; waited for if missing"),
      ConfigKey.integer("pushIntervalMs", 5000, 0, 3_600_000,
          "how often new hits are pushed to clients, in ms; 0 pushes them as soon as they are read"),
      ConfigKey.integer("pollIntervalMs", 1000, 10, 60_000, "how often the log is read, in ms"),
      ConfigKey.integer("historySize", 100, 1, 100_000, "how many recent hits the service keeps"),
      ConfigKey.integer("replay", 0, 0, 100_000,
          "how many of the kept hits a new client receives first (at most historySize)"),
      ConfigKey.integer("maxQueuedBytes", 1 << 20, 4096, 1 << 30,
          "output a client may leave unread before it is disconnected, in bytes"),
      ConfigKey.integer("maxLineLength", 65_536, 256, 16 << 20,
          "longest log line delivered whole, in bytes; longer ones are cut and sent unparsed"))
      // Only the connection limits: clients are meant to stay connected and quiet, and the lines
      // a client sends are not read, only counted as requests. One address may hold a few viewers
      // (a browser's tabs, an office behind NAT), not the whole server.
      .withClients(ClientLimits.group().maxConnections(1000, 20))
      .with(WebOptions.keys(8880))
      .with(ConfigKey.integer("http.history", 1000, 1, 100_000,
          "hits kept for the live page: a new page starts with them, a reconnecting one resumes from them"),
        ConfigKey.integer("http.maxQueuedBytes", 1 << 20, 4096, 1 << 30,
          "output a live page may leave unread before it is disconnected (it then resumes), in bytes"))
      .withLogAndAdmin(9104)
      .with(TlsOptions.keys(18888));

  /** Applies defaults and checks every value, including the relations the types cannot express. */
  public static WeblogOptions fromConfig(JsonObject config) {
    JsonObject c = SPEC.resolve(config);
    ListeningValues shared = ListeningValues.of(c);
    WeblogOptions options = new WeblogOptions(
        shared.host(),
        shared.port(),
        ConfigSpec.fileName(c, "logFile"),
        c.getInteger("pushIntervalMs"),
        c.getInteger("pollIntervalMs"),
        c.getInteger("historySize"),
        c.getInteger("replay"),
        c.getInteger("maxQueuedBytes"),
        c.getInteger("maxLineLength"),
        shared.limits(),
        shared.eventLoops(),
        WebOptions.fromResolved(c),
        c.getJsonObject("http").getInteger("history"),
        c.getJsonObject("http").getInteger("maxQueuedBytes"),
        shared.tls());
    if (options.replay > options.historySize) {
      throw new ConfigException("replay",
          "must not exceed historySize (" + options.historySize + "), got " + options.replay);
    }
    return options;
  }
}
