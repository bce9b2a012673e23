package net.twistedsuite.proxy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.EventLoops;
import net.twistedsuite.common.ListeningOptions;
import net.twistedsuite.common.ListeningValues;
import net.twistedsuite.common.TlsOptions;
import net.twistedsuite.finger.AnswerFilter;
import net.twistedsuite.finger.FingerQuery;
import net.twistedsuite.proxy.client.FingerClientOptions;

/**
 * The proxy's configuration: where it listens, the upstream finger server it asks, the bounds on
 * asking it, who is hidden, where {@code user@host} may go, and the finger service's own client
 * limits and answer filters (the same keys as the finger service).
 *
 * @param hiddenUsers hidden login names, lower-cased: hiding compares without regard to case
 * @param eventLoops how many event loops serve the proxy's clients (the {@code eventLoops} key, 0 resolved)
 * @param upstreamTls whether the upstream is reached over TLS
 * @param upstreamTrustPath the certificates trusted for the upstream; empty: the JVM's default CAs
 * @param tls the proxy's own TLS listener, and whether the plain one runs
 */
public record ProxyOptions(String host, int port, String upstreamHost, int upstreamPort, FingerClientOptions client,
    int upstreamMaxConnections, int queueTimeoutMs, Set<String> hiddenUsers, ForwardHosts forwardHosts,
    int eventLoops, ClientLimits limits, List<AnswerFilter> filters, boolean upstreamTls,
    Optional<Path> upstreamTrustPath, TlsOptions tls) implements ListeningOptions {

  /** As finger's limits, with fewer clients at once: each may hold an upstream query too. */
  private static final ClientLimits.Group LIMITS = ClientLimits.group()
      .maxLineLength(1024).idleTimeoutSeconds(30).maxConnections(10_000, 100);

  public static final ConfigSpec SPEC = new ConfigSpec("proxy", "PROXY",
      ConfigKey.string("host", "0.0.0.0", "address to listen on"),
      ConfigKey.port("port", 7779, "TCP port for finger clients"),
      ConfigKey.string("upstream.host", "127.0.0.1", "finger server whose answers are relayed"),
      ConfigKey.port("upstream.port", 1079, "port of that finger server"),
      ConfigKey.integer("upstream.connectTimeoutMs", FingerClientOptions.DEFAULT_CONNECT_TIMEOUT_MS,
          1, 600_000, "milliseconds to establish a connection upstream (capped at upstream.timeoutMs)"),
      ConfigKey.integer("upstream.timeoutMs", FingerClientOptions.DEFAULT_TOTAL_TIMEOUT_MS, 1, 600_000,
          "milliseconds for a whole upstream query, connecting included; then the client is told"),
      ConfigKey.integer("upstream.maxAnswerBytes", FingerClientOptions.DEFAULT_MAX_ANSWER_BYTES,
          1, 16 * 1024 * 1024, "largest upstream answer accepted; a larger one is refused"),
      ConfigKey.integer("upstream.maxConnections", 32, 1, 10_000,
          "most upstream queries in flight at once; further queries wait"),
      ConfigKey.integer("upstream.queueTimeoutMs", 2_000, 0, 600_000,
          "milliseconds a query may wait for an upstream slot before it is refused (0: refuse at once)"),
      ConfigKey.bool("upstream.tls", false,
          "reach the upstream over TLS (its tls.port), checking its certificate and that it names upstream.host"),
      ConfigKey.string("upstream.trustPath", "",
          "PEM certificates (or CA) trusted for the upstream with upstream.tls; empty: the JVM's default CAs"),
      ConfigKey.array("hiddenUsers", new JsonArray(),
          "login names answered as 'No such user' and removed from user lists"),
      ConfigKey.array("forwardHosts", new JsonArray(),
          "hosts that user@host queries may be forwarded to: \"host\" (port 79) or \"host:port\"; "
              + "empty refuses all forwarding"))
      .with(EventLoops.KEY)
      .with(LIMITS.keys())
      .with(AnswerFilter.KEY)
      .withLogAndAdmin(9103)
      .with(TlsOptions.keys(17779));

  /** Checks and resolves a configuration (defaults applied), failing with the key at fault. */
  public static ProxyOptions fromConfig(JsonObject config) {
    JsonObject resolved = SPEC.resolve(config);
    JsonObject upstream = resolved.getJsonObject("upstream");
    String upstreamHost = upstream.getString("host");
    if (upstreamHost.isBlank()) {
      throw new ConfigException("upstream.host", "must name a host");
    }
    FingerClientOptions client = new FingerClientOptions()
        .setConnectTimeoutMs(upstream.getInteger("connectTimeoutMs"))
        .setTotalTimeoutMs(upstream.getInteger("timeoutMs"))
        .setMaxAnswerBytes(upstream.getInteger("maxAnswerBytes"));
    Set<String> hiddenUsers = hiddenUsers(resolved.getJsonArray("hiddenUsers"));
    ForwardHosts forwardHosts = ForwardHosts.parse("forwardHosts", resolved.getJsonArray("forwardHosts"));
    List<AnswerFilter> filters = List.copyOf(AnswerFilter.fromConfig(resolved));
    boolean upstreamTls = upstream.getBoolean("tls");
    String trust = upstream.getString("trustPath");
    if (!trust.isBlank() && !upstreamTls) {
      throw new ConfigException("upstream.trustPath", "applies only with upstream.tls: true");
    }
    ListeningValues shared = ListeningValues.of(resolved);
    return new ProxyOptions(shared.host(), shared.port(), upstreamHost,
        upstream.getInteger("port"), client, upstream.getInteger("maxConnections"),
        upstream.getInteger("queueTimeoutMs"), hiddenUsers, forwardHosts, shared.eventLoops(), shared.limits(),
        filters, upstreamTls, trust.isBlank() ? Optional.empty() : Optional.of(Path.of(trust)), shared.tls());
  }

  private static Set<String> hiddenUsers(JsonArray names) {
    Set<String> hidden = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (!(names.getValue(i) instanceof String name) || !FingerQuery.isValidUserName(name)) {
        throw new ConfigException("hiddenUsers", "entry " + i + " is not a login name (1 to 32 letters, "
            + "digits, '.', '_' or '-', not starting with '-'): " + names.getValue(i));
      }
      hidden.add(name.toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(hidden);
  }

  /** The upstream client's settings, a copy the caller may change. */
  @Override
  public FingerClientOptions client() {
    return new FingerClientOptions(client);
  }
}
