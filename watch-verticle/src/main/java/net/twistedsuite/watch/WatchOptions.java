package net.twistedsuite.watch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.StartTLSOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/** The watch service's configuration: every key, its default and its checks. */
public record WatchOptions(List<String> pages, String selector, int intervalSeconds, int timeoutMs,
    int maxBodyBytes, int maxRedirects, Path dataDir, Mail mail) {

  /** Where and how change mails are sent. */
  public record Mail(String host, int port, StartTLSOptions starttls, String username,
      String password, String from, String to, int retrySeconds, int retryMaxSeconds) {
  }

  /** Pages watched at most; each round opens a request to every one of them at once. */
  static final int MAX_PAGES = 1000;

  public static final ConfigSpec SPEC = new ConfigSpec("watch", "WATCH",
      ConfigKey.array("pages", new JsonArray(),
          "URLs (http or https) of the pages to watch; none: the service idles"),
      ConfigKey.string("selector", "h3",
          "CSS selector of the headline: the text of the first matching element with text"),
      ConfigKey.integer("intervalSeconds", 300, 1, 86_400, "seconds between two checks of every page"),
      ConfigKey.integer("timeoutMs", 10_000, 100, 600_000,
          "milliseconds for one page: connecting, redirects, headers and body"),
      ConfigKey.integer("maxBodyBytes", 2_097_152, 1024, 67_108_864,
          "largest page read; a larger one is cut off unread and counts as a failed check"),
      ConfigKey.integer("maxRedirects", 5, 0, 20, "redirects followed per page; more is a failed check"),
      ConfigKey.string("dataDir", "data/watch",
          "directory of the last-seen headlines and of the mails not yet sent (created if missing)"),
      ConfigKey.string("mail.host", "localhost", "SMTP server the change mails go through"),
      ConfigKey.port("mail.port", 25, "its port"),
      ConfigKey.string("mail.starttls", "optional",
          "STARTTLS: optional (when the server offers it), required, or disabled"),
      ConfigKey.string("mail.username", "", "SMTP login; empty: no login"),
      ConfigKey.string("mail.password", "", "SMTP password; give it through the environment, not a file"),
      ConfigKey.string("mail.from", "watch@localhost", "sender address of the change mails"),
      ConfigKey.string("mail.to", "root@localhost", "the administrator: recipient of the change mails"),
      ConfigKey.integer("mail.retrySeconds", 30, 1, 3600,
          "seconds before the first retry of a mail that could not be sent; doubles per failure"),
      ConfigKey.integer("mail.retryMaxSeconds", 3600, 1, 86_400, "longest wait between two retries"))
      .withLogAndAdmin(9110);

  /** Resolves and checks {@code config} (defaults applied, unknown keys refused). */
  public static WatchOptions from(JsonObject config) {
    JsonObject c = SPEC.resolve(config);
    JsonObject m = c.getJsonObject("mail");
    int retry = m.getInteger("retrySeconds");
    int retryMax = m.getInteger("retryMaxSeconds");
    if (retryMax < retry) {
      throw new ConfigException("mail.retryMaxSeconds", "must be at least mail.retrySeconds (" + retry
          + "), got " + retryMax);
    }
    Mail mail = new Mail(nonBlank(m, "host"), m.getInteger("port"), starttls(m.getString("starttls")),
        m.getString("username"), m.getString("password"), address(m, "from"), address(m, "to"),
        retry, retryMax);
    return new WatchOptions(pages(c.getJsonArray("pages")), selector(c.getString("selector")),
        c.getInteger("intervalSeconds"), c.getInteger("timeoutMs"), c.getInteger("maxBodyBytes"),
        c.getInteger("maxRedirects"), ConfigSpec.directory(c, "dataDir"), mail);
  }

  private static List<String> pages(JsonArray given) {
    if (given.size() > MAX_PAGES) {
      throw new ConfigException("pages", "at most " + MAX_PAGES + " pages, got " + given.size());
    }
    Set<String> pages = new LinkedHashSet<>();
    for (Object entry : given) {
      if (!(entry instanceof String url)) {
        throw new ConfigException("pages", "must be a list of URLs (strings), got " + entry);
      }
      checkUrl(url);
      if (!pages.add(url)) {
        throw new ConfigException("pages", "lists " + url + " twice");
      }
    }
    return List.copyOf(new ArrayList<>(pages));
  }

  private static void checkUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ConfigException("pages", "not a URL: " + url + " (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException("pages", "only http and https URLs can be watched, got " + url);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new ConfigException("pages", "no host in " + url);
    }
  }

  private static String selector(String selector) {
    if (selector.isBlank()) {
      throw new ConfigException("selector", "must not be empty");
    }
    try {
      QueryParser.parse(selector);
    } catch (Selector.SelectorParseException | IllegalArgumentException e) {
      throw new ConfigException("selector", "not a CSS selector: " + selector + " (" + e.getMessage() + ")");
    }
    return selector;
  }

  private static StartTLSOptions starttls(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "optional" -> StartTLSOptions.OPTIONAL;
      case "required" -> StartTLSOptions.REQUIRED;
      case "disabled" -> StartTLSOptions.DISABLED;
      default -> throw new ConfigException("mail.starttls",
          "must be optional, required or disabled, got \"" + value + "\"");
    };
  }

  private static String nonBlank(JsonObject mail, String key) {
    String value = mail.getString(key).trim();
    if (value.isEmpty()) {
      throw new ConfigException("mail." + key, "must not be empty");
    }
    return value;
  }

  private static String address(JsonObject mail, String key) {
    String value = nonBlank(mail, key);
    int at = value.indexOf('@');
    if (at <= 0 || at == value.length() - 1 || value.chars().anyMatch(ch -> ch <= ' ' || ch == '<' || ch == '>')) {
      throw new ConfigException("mail." + key, "must be one mail address like admin@example.com, got \""
          + value + "\"");
    }
    return value;
  }
}
