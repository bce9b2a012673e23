package net.twistedsuite.setter;

import static net.twistedsuite.common.Deployments.loopback;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import net.twistedsuite.common.Deployments;
import net.twistedsuite.finger.FingerVerticle;

/** The real finger service, knowing one user, for tests that set a status and then finger it. */
final class RealFinger {

  private RealFinger() {
  }

  /** Deploys finger on loopback with {@code http} as its web settings and moshez "Happy and well". */
  static FingerVerticle deploy(Vertx vertx, Path dataDir, JsonObject http) throws Exception {
    return Deployments.deploy(vertx, new FingerVerticle(), loopback().put("http", http)
        .put("dataDir", dataDir.toString())
        .put("users", new JsonObject().put("moshez", "Happy and well")));
  }

  /** Finger without its web server. */
  static FingerVerticle deploy(Vertx vertx, Path dataDir) throws Exception {
    return deploy(vertx, dataDir, new JsonObject().put("enabled", false));
  }
}
