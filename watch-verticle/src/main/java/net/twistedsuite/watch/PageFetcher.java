package net.twistedsuite.watch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches pages with Vert.x's web client, never waiting on a socket: each fetch is bounded in
 * time ({@code timeoutMs} for the whole exchange, redirects included), in size
 * ({@code maxBodyBytes}) and in redirects ({@code maxRedirects}).
 */
final class PageFetcher {

  /** A page as received: final status, its Content-Type header (may be null), and its body. */
  record Page(int status, String contentType, Buffer body) {
  }

  private final WebClient client;
  private final ResponseReset resets;
  private final int timeoutMs;
  private final int maxBodyBytes;
  private final int maxRedirects;

  PageFetcher(Vertx vertx, WatchOptions options) {
    this.timeoutMs = options.timeoutMs();
    this.maxBodyBytes = options.maxBodyBytes();
    this.maxRedirects = options.maxRedirects();
    // One request per page per round, minutes apart: a pooled connection would sit idle.
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setUserAgent("twisted-suite-watch/1.0")
        .setFollowRedirects(true)
        .setMaxRedirects(maxRedirects)
        .setKeepAlive(false)
        .setDecompressionSupported(true)
        .setConnectTimeout(timeoutMs));
    this.resets = new ResponseReset(client);
  }

  /** The page at {@code url}, or a failed future with a {@link PageProblem} saying why not. */
  Future<Page> fetch(String url) {
    CappedBody body = new CappedBody(maxBodyBytes, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs),
        timeoutMs);
    HttpRequest<Buffer> request;
    try {
      request = client.getAbs(url)
          .connectTimeout(timeoutMs)
          .idleTimeout(timeoutMs)
          .putHeader(HttpHeaders.ACCEPT.toString(), "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
          .as(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(new PageProblem("cannot request " + url + ": " + e.getMessage()));
    }
    Promise<Page> page = Promise.promise();
    // A refused body ends the fetch at once; its paused connection closes on the idle timeout.
    body.refusal().onFailure(page::tryFail);
    // The body's own deadline stops a page that keeps sending; this one also covers a server
    // that accepts, then says nothing at all, and a chain of slow redirects.
    resets.track(request, body);
    Future<HttpResponse<Buffer>> sent = request.send();
    sent.onComplete(done -> resets.untrack(request));
    sent.timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(describe(e)))
        .compose(response -> {
          int status = response.statusCode();
          if (status >= 300 && status < 400 && response.getHeader("Location") != null) {
            return Future.failedFuture(new PageProblem("more than " + maxRedirects + " redirects (last: "
                + status + " to " + response.getHeader("Location") + ")"));
          }
          if (status < 200 || status >= 300) {
            return Future.failedFuture(new PageProblem("HTTP status " + status));
          }
          Buffer received = response.body() == null ? Buffer.buffer() : response.body();
          return Future.succeededFuture(new Page(status, response.getHeader("Content-Type"), received));
        })
        .onComplete(result -> {
          if (result.succeeded()) {
            page.tryComplete(result.result());
          } else {
            page.tryFail(result.cause());
          }
        });
    return page.future();
  }

  private Throwable describe(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PageProblem) {
        return cause;
      }
    }
    if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
      return new PageProblem("no complete page within " + timeoutMs + " ms");
    }
    return new PageProblem(Failures.describe(e));
  }

  void close() {
    client.close();
  }
}
