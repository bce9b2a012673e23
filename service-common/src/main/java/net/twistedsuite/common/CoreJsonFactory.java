package net.twistedsuite.common;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Vert.x's JSON on jackson-core alone. Every service's jar holds jackson-databind, for the JSON
 * log lines (logstash-logback-encoder, which builds its own mapper when {@code LOG_FORMAT=json}),
 * and Vert.x's default factory then builds an {@code ObjectMapper} at start: about 400 classes
 * loaded and initialised for a mapping from JSON to Java objects that no service uses. The
 * services read and write {@code JsonObject}s, which jackson-core's streaming codec covers;
 * {@code JsonObject.mapFrom} and {@code mapTo} are what this leaves out.
 */
public final class CoreJsonFactory implements JsonFactory {

  private static final JsonCodec CODEC = new JacksonCodec();

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
