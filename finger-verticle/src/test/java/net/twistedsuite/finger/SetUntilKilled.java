package net.twistedsuite.finger;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.status.StatusBus;

/**
 * For {@link StatusCrashIT}: a finger server that sets moshez's status again and again over its
 * bus and prints {@code ACK n} once update n is acknowledged, until it is killed.
 */
public final class SetUntilKilled {

  private SetUntilKilled() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("dataDir", args[0])
        .put("http", new JsonObject().put("enabled", false));
    vertx.deployVerticle(new FingerVerticle(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    for (int i = 1; ; i++) {
      JsonObject set = new JsonObject().put(StatusBus.USER, "moshez").put(StatusBus.STATUS, "update " + i);
      vertx.eventBus().request(StatusBus.SET, set).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      System.out.println("ACK " + i);
      System.out.flush();
    }
  }
}
