package net.twistedsuite.common.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.XFrameHandler;
import java.util.HashMap;
import java.util.Map;
import net.twistedsuite.common.RefusalLog;
import net.twistedsuite.common.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web listener of a service with pages, set up the same way everywhere: read-only (GET and
 * HEAD), small requests, a cap on connections, a strict Content-Security-Policy (scripts, styles
 * and data only from the service itself, nothing inline, no frames), and the page assets served
 * from the service's jar.
 */
public final class WebServer {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  /** Longest request line and header block accepted; pages and the API need far less. */
  private static final int MAX_REQUEST_LINE = 4096;
  private static final int MAX_HEADERS = 8192;
  /** Open streams send a comment at least this often, so idle time means a dead peer. */
  private static final int IDLE_TIMEOUT_SECONDS = 120;

  private WebServer() {
  }

  /**
   * A router with the security headers set on every answer and {@code /assets/*} served from the
   * class path directory {@code webroot/<service>}.
   */
  public static Router router(Vertx vertx, String service) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      if (ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD) {
        ctx.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
        return;
      }
      ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer")
          .putHeader("Cache-Control", "no-cache");
      ctx.next();
    });
    router.route().handler(CSPHandler.create()
        .setDirective("default-src", "'none'")
        .setDirective("script-src", "'self'")
        .setDirective("style-src", "'self'")
        .setDirective("img-src", "'self'")
        .setDirective("connect-src", "'self'")
        .setDirective("base-uri", "'none'")
        .setDirective("form-action", "'none'")
        .setDirective("frame-ancestors", "'none'"));
    router.route().handler(XFrameHandler.create(XFrameHandler.DENY));
    router.get("/assets/*").handler(StaticHandler.create("webroot/" + service)
        .setDirectoryListing(false).setCachingEnabled(false));
    return router;
  }

  /**
   * Listens and logs {@code "<service> web pages on http://<host>:<port>/"}; connections beyond
   * {@code maxConnections}, or {@code maxConnectionsPerAddress} from one address, are closed as
   * they arrive (refusals logged, summarised when they flood).
   */
  public static Future<HttpServer> listen(Vertx vertx, Router router, String service, WebOptions options) {
    // The handlers run on the one event loop of the verticle that listens: no locking needed.
    Map<String, Integer> perAddress = new HashMap<>();
    int[] open = {0};
    RefusalLog refusals = new RefusalLog(vertx, LOG);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
            .setMaxInitialLineLength(MAX_REQUEST_LINE)
            .setMaxHeaderSize(MAX_HEADERS)
            .setIdleTimeout(IDLE_TIMEOUT_SECONDS))
        .connectionHandler(connection -> {
          String address = connection.remoteAddress() == null ? "?" : connection.remoteAddress().hostAddress();
          int fromThere = perAddress.getOrDefault(address, 0);
          if (open[0] >= options.maxConnections() || fromThere >= options.maxConnectionsPerAddress()) {
            refusals.refused(connection.remoteAddress(), service + " web: too many connections"
                + (open[0] >= options.maxConnections() ? " (http.maxConnections " + options.maxConnections() + ")"
                : " from one address (http.maxConnectionsPerAddress " + options.maxConnectionsPerAddress() + ")"));
            connection.close();
            return;
          }
          open[0]++;
          perAddress.put(address, fromThere + 1);
          connection.closeHandler(v -> {
            open[0]--;
            perAddress.computeIfPresent(address, (k, n) -> n == 1 ? null : n - 1);
          });
        })
        .requestHandler(router);
    return server.listen(options.port(), options.host())
        .onFailure(e -> refusals.close())
        .onSuccess(s -> LOG.info("{} web pages on http://{}:{}/", service, options.host(), s.actualPort()))
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot listen on " + options.host() + ":"
            + options.port() + " (http): " + ServiceLauncher.oneLine(e))));
  }
}
