package net.twistedsuite.notify;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The notify verticle deployed for a test on 127.0.0.1, any free port, quick polls. */
public final class NotifyTestServer {

  private NotifyTestServer() {
  }

  /** Deploys with {@code classifieds} as the file and {@code overrides}; returns the port. */
  public static int deploy(Vertx vertx, Path classifieds, JsonObject overrides) throws Exception {
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1").put("port", 0)
        .put("classifiedsFile", classifieds.toString())
        .put("classifiedsPollMs", 20)
        .put("randomIntervalMs", 0)
        .mergeIn(overrides);
    NotifyVerticle verticle = new NotifyVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
    return verticle.actualPort();
  }
}
