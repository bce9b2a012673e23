package net.twistedsuite.finger;

import io.vertx.core.json.JsonObject;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;

public final class FingerOptions {
  public static final ConfigSpec SPEC = new ConfigSpec("finger", "FINGER",
      ConfigKey.string("host", "0.0.0.0", "address to listen on"),
      ConfigKey.port("port", 1079, "TCP port"),
      ConfigKey.object("users", new JsonObject(), "user -> status"));
}
