package net.twistedsuite.watch;

import io.vertx.core.http.HttpClientResponse;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.WebClientInternal;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a {@link CappedBody} drop its response's connection. The web client's public API gives a
 * body no way to stop a response, so this is the one place that uses its internals: an
 * interceptor (the extension point the client's own sessions and caching use) that hands each
 * received response to the body that reads it. Without that interceptor, a refused body is
 * still never read further, and the connection ends with the request's idle timeout.
 */
final class ResponseReset {

  private static final Logger LOG = LoggerFactory.getLogger(ResponseReset.class);

  private final Map<HttpRequest<?>, CappedBody> bodies = new IdentityHashMap<>();
  private final boolean installed;

  ResponseReset(WebClient client) {
    boolean ok = false;
    try {
      if (client instanceof WebClientInternal internal) {
        internal.addInterceptor(context -> {
          if (context.phase() == ClientPhase.RECEIVE_RESPONSE) {
            CappedBody body = bodies.get(context.request());
            HttpClientResponse response = context.clientResponse();
            if (body != null && response != null) {
              body.onRefusal(() -> response.request().reset());
            }
          }
          context.next();
        });
        ok = true;
      }
    } catch (LinkageError | RuntimeException e) {
      LOG.debug("cannot hook into the web client ({}); refused pages end on their idle timeout", e.toString());
    }
    installed = ok;
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
