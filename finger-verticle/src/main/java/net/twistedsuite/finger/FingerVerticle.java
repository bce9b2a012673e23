package net.twistedsuite.finger;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

public final class FingerVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    JsonObject cfg = FingerOptions.SPEC.resolve(config());
    return vertx.createNetServer().connectHandler(s -> s.end(io.vertx.core.buffer.Buffer.buffer("hi\r\n")))
        .listen(cfg.getInteger("port"), cfg.getString("host"))
        .onSuccess(s -> System.out.println("listening " + s.actualPort()));
  }
}
