package net.twistedsuite.k8s;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.download.DownloadOptions;
import net.twistedsuite.echo.EchoOptions;
import net.twistedsuite.exec.ExecOptions;
import net.twistedsuite.fib.FibOptions;
import net.twistedsuite.finger.FingerOptions;
import net.twistedsuite.notify.NotifyOptions;
import net.twistedsuite.proxy.ProxyOptions;
import net.twistedsuite.setter.SetterOptions;
import net.twistedsuite.watch.WatchOptions;
import net.twistedsuite.weblog.WeblogOptions;

/**
 * A service's JSON configuration (// comments allowed, as the launcher allows them), checked the
 * way the service checks it at start-up: by its own {@link ConfigSpec} and options class.
 */
final class ServiceConf {

  /** One service's spec and the check its verticle runs on a configuration. */
  private record Service(ConfigSpec spec, Function<JsonObject, ?> check) {
  }

  private ServiceConf() {
  }

  private static Service service(String name) {
    return switch (name) {
      case "finger" -> new Service(FingerOptions.SPEC, FingerOptions::fromConfig);
      case "setter" -> new Service(SetterOptions.SPEC, SetterOptions::fromConfig);
      case "proxy" -> new Service(ProxyOptions.SPEC, ProxyOptions::fromConfig);
      case "weblog" -> new Service(WeblogOptions.SPEC, WeblogOptions::fromConfig);
      case "fib" -> new Service(FibOptions.SPEC, FibOptions::fromConfig);
      case "echo" -> new Service(EchoOptions.SPEC, EchoOptions::fromConfig);
      case "download" -> new Service(DownloadOptions.SPEC, DownloadOptions::fromConfig);
      case "notify" -> new Service(NotifyOptions.SPEC, NotifyOptions::fromConfig);
      case "watch" -> new Service(WatchOptions.SPEC, WatchOptions::from);
      case "exec" -> new Service(ExecOptions.SPEC, ExecOptions::fromConfig);
      default -> throw new AssertionError("no configuration spec known for the service '" + name
          + "': add its options class to " + ServiceConf.class.getSimpleName());
    };
  }

  /** Whether the service has an admin server (its spec has the admin.* keys). */
  static boolean hasAdmin(String name) {
    return service(name).spec().keys().stream().anyMatch(k -> k.path().equals("admin.port"));
  }

  static JsonObject parse(String text) {
    return new JsonObject(text);
  }

  /** {@code given} with the service's defaults filled in, as the service runs with it. */
  static JsonObject resolved(String service, JsonObject given) {
    return service(service).spec().resolve(given);
  }

  /**
   * Why the service would refuse {@code given} at start-up (an unknown key, a value of the wrong
   * type or out of range, values that contradict each other), or nothing.
   */
  static List<String> problems(String service, JsonObject given) {
    try {
      service(service).check().apply(given);
      return List.of();
    } catch (ConfigException e) {
      return List.of(e.getMessage());
    }
  }
}
