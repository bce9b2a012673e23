package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks a service's admin server over real HTTP, as Prometheus and the kubelet do. */
public final class AdminClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  public AdminClient(String host, int port) {
    this.base = "http://" + host + ":" + port;
  }

  /** The admin server of a service run as a process, once the process has said where it listens. */
  public static AdminClient of(ServiceProcess service, String name, Duration timeout) throws InterruptedException {
    return new AdminClient("127.0.0.1", service.awaitAdminPort(name, timeout));
  }

  /**
   * Starts the fat jar of {@code service} with {@code env} and its admin server switched off
   * ({@code <SERVICE>_ADMIN_ENABLED=false}), and checks that it serves its own port, says in one line
   * that the admin server is disabled, and opens no admin port.
   */
  public static void assertDisabled(String service, Map<String, String> env) throws Exception {
    Map<String, String> disabled = new HashMap<>(env);
    disabled.put(service.toUpperCase(Locale.ROOT) + "_ADMIN_ENABLED", "false");
    try (ServiceProcess process = ServiceProcess.start(ServiceProcess.fatJar(), disabled)) {
      process.awaitListening(service, ServiceProcess.WAIT);
      process.awaitLine(service + " admin server disabled", ServiceProcess.WAIT);
      assertFalse(process.output().contains("admin listening"), process.output());
      process.stop(ServiceProcess.WAIT);
    }
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Asserts what the kubelet would see of a service that has started well: alive, and ready with
   * its health check {@code check} up.
   */
  public void assertReady(String check) throws IOException, InterruptedException {
    HttpResponse<String> ready = get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"id\":\"" + check + "\",\"status\":\"UP\""), ready.body());
    assertEquals(200, get("/health/live").statusCode());
  }

  /** The text of {@code /metrics}; fails unless it answers 200. */
  public String scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /**
   * The value of one sample of a scrape, {@code name{labels}} exactly as written (labels in the
   * order Prometheus' format lists them, e.g. {@code outcome="answered"}), or NaN if absent.
   */
  public static double value(String scrape, String name, String labels) {
    String series = labels.isEmpty() ? name : name + "{" + labels + "}";
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /**
   * Scrapes until the sample reaches {@code min} (services count a connection once it has closed,
   * which may be a moment after the client saw the end); fails with the last scrape after 30 s.
   */
  public double awaitAtLeast(String name, String labels, double min) throws Exception {
    String scrape = Await.until(this::scrape, last -> value(last, name, labels) >= min, Duration.ofSeconds(30),
        last -> name + "{" + labels + "} is " + value(last, name, labels) + ", expected at least " + min
            + "; scrape:\n" + last);
    return value(scrape, name, labels);
  }

  /**
   * Asks {@code path} until it answers {@code status} (readiness may follow a check made now and
   * then); fails with the last answer after 60 s.
   */
  public HttpResponse<String> awaitStatus(String path, int status) throws Exception {
    return Await.until(() -> get(path), response -> response.statusCode() == status, Duration.ofSeconds(60),
        last -> path + " answered " + last.statusCode() + ", not " + status + ": " + last.body());
  }

  public static double value(String scrape, String name) {
    return value(scrape, name, "");
  }
}
