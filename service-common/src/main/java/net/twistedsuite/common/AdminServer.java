package net.twistedsuite.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.micrometer.PrometheusRequestHandler;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's admin HTTP server: {@code /metrics} in Prometheus text format, {@code /health/live}
 * and {@code /health/ready}. A service adds {@link #keys} to its spec; {@link ServiceLauncher}
 * makes the server before the verticle deploys and starts it once the verticle has. The verticle
 * takes it with {@link #of}, registers its own meters on {@link #registry()} and its readiness
 * conditions with {@link #readyWhen}.
 *
 * <p>Liveness only says that the event loop answers: it never asks another service, so an
 * outage elsewhere does not get a healthy process restarted. Readiness is every condition the
 * verticle registered, once it has deployed, plus membership of the cluster with {@code -cluster}.
 * In a Vert.x the launcher did not start (a test deploying a verticle itself) {@link #of} gives
 * an instance that collects meters and checks but serves nothing.
 */
public final class AdminServer {

  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final String JSON = "application/json";

  private final Vertx vertx;
  private final String service;
  private final boolean enabled;
  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private final HealthChecks live;
  private final HealthChecks ready;
  private HttpServer server;
  private volatile boolean deployed;

  private static volatile AdminServer launched;

  /** The {@code admin.*} keys, with the service's own default port. */
  public static ConfigKey[] keys(int defaultPort) {
    return new ConfigKey[] {
        ConfigKey.bool("admin.enabled", true,
            "serve /metrics, /health/live and /health/ready over HTTP; false: no admin server"),
        ConfigKey.string("admin.host", "127.0.0.1",
            "address of the admin HTTP server (0.0.0.0 or the pod IP on Kubernetes)"),
        ConfigKey.port("admin.port", defaultPort, "TCP port of the admin HTTP server (0: any free port)"),
    };
  }

  /** The admin server of the service running in {@code vertx}. */
  public static AdminServer of(Vertx vertx) {
    AdminServer current = launched;
    if (current != null && current.vertx == vertx) {
      return current;
    }
    return new AdminServer(vertx, "detached", new JsonObject().put("admin", new JsonObject().put("enabled", false)));
  }

  /**
   * Makes the admin server of the process's service, for {@link #of} to find while the verticle
   * starts; {@link #start} listens once it has (the launcher does both, once per process).
   *
   * @param config the service's configuration, resolved against a spec holding {@link #keys}
   */
  static AdminServer create(Vertx vertx, String service, JsonObject config) {
    AdminServer admin = new AdminServer(vertx, service, config);
    launched = admin;
    return admin;
  }

  /**
   * The verticle has deployed with every condition it registered: listens, unless
   * {@code admin.enabled} is false, and logs {@code "<service> admin listening on ..."}.
   */
  Future<AdminServer> start() {
    deployed = true;
    return listen().map(this);
  }

  void stopping() {
    deployed = false;
  }

  private AdminServer(Vertx vertx, String service, JsonObject config) {
    this.vertx = vertx;
    this.service = service;
    JsonObject admin = config.getJsonObject("admin", new JsonObject());
    this.enabled = admin.getBoolean("enabled", true);
    this.host = admin.getString("host", "127.0.0.1");
    this.port = admin.getInteger("port", 0);
    this.registry = MetricsSetup.registry().orElseGet(() -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    this.live = HealthChecks.create(vertx);
    this.ready = HealthChecks.create(vertx);
    // Answering at all is the proof: a blocked event loop times the probe out.
    live.register("event-loop", promise -> promise.complete(Status.OK()));
    ready.register("running", promise -> promise.complete(new Status().setOk(deployed)));
    if (vertx.isClustered()) {
      ready.register("cluster", promise -> promise.complete(new Status().setOk(VertxInternals.clusterActive(vertx))));
    }
  }

  /** Where the service registers its own meters; scraped at {@code /metrics}. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Adds a condition to readiness, under {@code name} in the answer's list of checks. */
  public AdminServer readyWhen(String name, BooleanSupplier condition) {
    ready.register(name, promise -> promise.complete(new Status().setOk(condition.getAsBoolean())));
    return this;
  }

  private Future<Void> listen() {
    if (!enabled) {
      LOG.info("{} admin server disabled (admin.enabled is false)", service);
      return Future.succeededFuture();
    }
    Handler<HttpServerRequest> metrics = PrometheusRequestHandler.create(registry);
    HttpServer created = vertx.createHttpServer(new HttpServerOptions()
        .setIdleTimeout(30)
        .setMaxInitialLineLength(1024)
        .setMaxHeaderSize(8192));
    created.requestHandler(request -> route(request, metrics));
    return created.listen(port, host)
        .onSuccess(s -> {
          server = s;
          LOG.info("{} admin listening on {}:{} (/metrics, /health/live, /health/ready)", service, host,
              s.actualPort());
        })
        .recover(e -> Future.failedFuture(ListenFailure.of(host, port, "admin.port", e)))
        .mapEmpty();
  }

  /** The port listened on, -1 when not listening. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  public Future<Void> close() {
    HttpServer closing = server;
    server = null;
    return closing == null ? Future.succeededFuture() : closing.close();
  }

  private void route(HttpServerRequest request, Handler<HttpServerRequest> metrics) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return;
    }
    switch (request.path()) {
      case "/metrics" -> metrics.handle(request);
      case "/health/live" -> health(request, live);
      case "/health/ready" -> health(request, ready);
      default -> request.response().setStatusCode(404).putHeader("Content-Type", "text/plain")
          .end("not found: try /metrics, /health/live or /health/ready\n");
    }
  }

  private static void health(HttpServerRequest request, HealthChecks checks) {
    checks.checkStatus().onComplete(ar -> {
      CheckResult result = ar.succeeded() ? ar.result() : null;
      boolean up = result != null && Boolean.TRUE.equals(result.getUp());
      JsonObject body = result != null ? result.toJson()
          : new JsonObject().put("status", "DOWN").put("error", ServiceLauncher.oneLine(ar.cause()));
      request.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", JSON)
          .end(body.encode() + "\n");
    });
  }
}
