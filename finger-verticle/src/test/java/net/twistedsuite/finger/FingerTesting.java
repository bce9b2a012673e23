package net.twistedsuite.finger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.Deployments;
import java.nio.file.Path;

/** What the finger tests share: deploying, and serving the protocol bare. */
final class FingerTesting {

  private FingerTesting() {
  }

  /** Deploys a finger verticle on port 0 with its data in {@code dataDir}; returns it, listening. */
  static FingerVerticle deploy(Vertx vertx, Path dataDir, JsonObject config) throws Exception {
    FingerVerticle verticle = new FingerVerticle();
    JsonObject full = config.copy().put("port", 0).put("host", "127.0.0.1")
        .put("dataDir", dataDir.toString())
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0)
            .mergeIn(config.getJsonObject("http", new JsonObject())));
    return Deployments.deploy(vertx, verticle, full);
  }

  /** A bare server speaking the protocol for {@code service}; returns its port. */
  static int serve(Vertx vertx, FingerService service, ClientLimits limits) throws Exception {
    NetServer server = vertx.createNetServer().connectHandler(new FingerProtocol(service, limits));
    return Await.result(server.listen(0, "127.0.0.1")).actualPort();
  }
}
