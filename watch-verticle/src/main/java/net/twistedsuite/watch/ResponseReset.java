package net.twistedsuite.watch;

import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.util.IdentityHashMap;
import java.util.Map;
import net.twistedsuite.common.VertxInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a {@link CappedBody} drop its response's connection. The web client's public API gives a
 * body no way to stop a response, so each received response is handed to the body that reads it
 * through {@link VertxInternals#onResponse}. Where that hook cannot be installed, a refused body
 * is still never read further, and the connection ends with the request's idle timeout.
 */
final class ResponseReset {

  private static final Logger LOG = LoggerFactory.getLogger(ResponseReset.class);

  private final Map<HttpRequest<?>, CappedBody> bodies = new IdentityHashMap<>();
  private final boolean installed;

  ResponseReset(WebClient client) {
    installed = VertxInternals.onResponse(client, (request, response) -> {
      CappedBody body = bodies.get(request);
      if (body != null) {
        body.onRefusal(() -> response.request().reset());
      }
    });
    if (!installed) {
      LOG.debug("cannot hook into the web client; refused pages end on their idle timeout");
    }
  }

  /** Runs on the client's event loop, from sending {@code request} until its outcome is known. */
  void track(HttpRequest<?> request, CappedBody body) {
    if (installed) {
      bodies.put(request, body);
    }
  }

  void untrack(HttpRequest<?> request) {
    bodies.remove(request);
  }
}
