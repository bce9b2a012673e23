package net.twistedsuite.proxy;

import io.vertx.core.json.JsonArray;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.twistedsuite.common.ConfigException;

/**
 * The hosts a {@code user@host} query may be forwarded to, from the {@code forwardHosts} key:
 * {@code "host"} (finger's port 79) or {@code "host:port"}, {@code "[v6addr]:port"} for IPv6.
 * The client names only the host; the port is the operator's choice, so the proxy cannot be
 * pointed at arbitrary ports. Host names compare case-insensitively, as DNS does.
 */
public final class ForwardHosts {

  public static final int FINGER_PORT = 79;

  /** Where a forwarded query goes. */
  public record Target(String host, int port) {
  }

  private final Map<String, Target> byHost;

  private ForwardHosts(Map<String, Target> byHost) {
    this.byHost = byHost;
  }

  /** Parses the config value; any malformed entry fails naming {@code key}. */
  public static ForwardHosts parse(String key, JsonArray entries) {
    Map<String, Target> byHost = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Object entry = entries.getValue(i);
      if (!(entry instanceof String text) || text.isBlank()) {
        throw new ConfigException(key, "entry " + i + " must be \"host\" or \"host:port\", got " + entry);
      }
      Target target = parseEntry(key, text.trim());
      byHost.put(target.host().toLowerCase(Locale.ROOT), target);
    }
    return new ForwardHosts(byHost);
  }

  private static Target parseEntry(String key, String text) {
    String host = text;
    int port = FINGER_PORT;
    int colon = text.lastIndexOf(':');
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
        throw new ConfigException(key, "malformed IPv6 entry \"" + text + "\" (use \"[addr]:port\")");
      }
      host = text.substring(1, close);
      if (close + 1 < text.length()) {
        port = port(key, text, text.substring(close + 2));
      }
    } else if (colon >= 0 && text.indexOf(':') == colon) {
      host = text.substring(0, colon);
      port = port(key, text, text.substring(colon + 1));
    }
    if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c > '~' || c == '@')) {
      throw new ConfigException(key, "\"" + text + "\" does not name a host");
    }
    return new Target(host, port);
  }

  private static int port(String key, String entry, String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below with the whole entry.
    }
    throw new ConfigException(key, "bad port in \"" + entry + "\" (1-65535)");
  }

  /**
   * The target for the host a client named after {@code @}, if forwarding there is allowed. An
   * IPv6 literal may be written with or without brackets.
   */
  public Optional<Target> lookup(String host) {
    String bare = host.length() > 2 && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    return Optional.ofNullable(byHost.get(bare.toLowerCase(Locale.ROOT)));
  }

  public boolean isEmpty() {
    return byHost.isEmpty();
  }
}
