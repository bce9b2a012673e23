package net.twistedsuite.common;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Deploying a service's verticle for a test as the fat jar does, with its configuration as
 * data. Pair it with vertx-junit5's {@code VertxExtension}, which hands each test a Vert.x
 * instance and closes it after the test.
 */
public final class Deployments {

  private Deployments() {
  }

  /** Deploys {@code verticle} with {@code config} and returns it once it has started. */
  public static <V extends Deployable> V deploy(Vertx vertx, V verticle, JsonObject config) throws Exception {
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    return verticle;
  }

  /**
   * The start of every loopback test configuration: {@code 127.0.0.1}, any free port. Tests
   * add their service's keys to it.
   */
  public static JsonObject loopback() {
    return new JsonObject().put("host", "127.0.0.1").put("port", 0);
  }
}
