package net.twistedsuite.notify;

import static net.twistedsuite.common.Deployments.loopback;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.twistedsuite.common.Deployments;

/** The notify verticle deployed for a test on 127.0.0.1, any free port, quick polls. */
public final class NotifyTestServer {

  private NotifyTestServer() {
  }

  /** A classifieds file in {@code dir} holding {@code ads}, one a line. */
  public static Path classifieds(Path dir, String... ads) throws IOException {
    return Files.writeString(dir.resolve("classifieds.txt"), String.join("\n", ads) + "\n");
  }

  /** Deploys with {@code classifieds} as the file and {@code overrides}; returns the port. */
  public static int deploy(Vertx vertx, Path classifieds, JsonObject overrides) throws Exception {
    return start(vertx, classifieds, overrides).actualPort();
  }

  /** Deploys with {@code classifieds} as the file and {@code overrides}; returns the verticle. */
  public static NotifyVerticle start(Vertx vertx, Path classifieds, JsonObject overrides) throws Exception {
    return Deployments.deploy(vertx, new NotifyVerticle(), loopback()
        .put("classifiedsFile", classifieds.toString())
        .put("classifiedsPollMs", 20)
        .put("randomIntervalMs", 0)
        .mergeIn(overrides));
  }
}
