package net.twistedsuite.proxy;

import io.vertx.core.Future;
import io.vertx.core.net.ClientSSLOptions;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.finger.FingerQuery;
import net.twistedsuite.finger.FingerService;
import net.twistedsuite.proxy.ForwardHosts.Target;
import net.twistedsuite.proxy.client.FingerClient;
import net.twistedsuite.proxy.client.FingerClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Answers finger queries by asking another finger server (the tutorial's
 * {@code FingerProxyServer.getUser}), with what the tutorial left out: hidden users, forwarding
 * only to listed hosts, a bound on upstream connections, and one clear line instead of an error
 * when the upstream fails. Knows nothing of the client's socket.
 */
public final class UpstreamFingerService implements FingerService {

  static final String BUSY = "Too many queries in progress, try again later";
  /** Silence is legal on the wire but useless to a person; a real server always says something. */
  static final String EMPTY_ANSWER = "Remote host closed the connection without answering";

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamFingerService.class);

  private final FingerClient client;
  private final ClientSSLOptions upstreamTls;
  private final AsyncPermits permits;
  private final UpstreamMetrics metrics;
  private final Target upstream;
  private final ForwardHosts forwardHosts;
  private final HiddenUsers hidden;
  private final int timeoutMs;
  private final int maxAnswerBytes;
  private final int maxConnections;
  private final int queueTimeoutMs;

  /**
   * {@code permits} must be confined to the event loop that calls {@link #answer};
   * {@code upstreamTls}: how the upstream is reached over TLS, {@code null} for plain TCP.
   */
  UpstreamFingerService(FingerClient client, AsyncPermits permits, ProxyOptions options, UpstreamMetrics metrics,
      ClientSSLOptions upstreamTls) {
    this.client = client;
    this.metrics = metrics;
    this.upstreamTls = upstreamTls;
    this.permits = permits;
    this.upstream = new Target(options.upstreamHost(), options.upstreamPort());
    this.forwardHosts = options.forwardHosts();
    this.hidden = new HiddenUsers(options.hiddenUsers());
    this.timeoutMs = options.client().getTotalTimeoutMs();
    this.maxAnswerBytes = options.client().getMaxAnswerBytes();
    this.maxConnections = options.upstreamMaxConnections();
    this.queueTimeoutMs = options.queueTimeoutMs();
  }

  @Override
  public Future<String> answer(FingerQuery query) {
    Target target = upstream;
    if (query.kind() == FingerQuery.Kind.FORWARD) {
      target = forwardHosts.lookup(query.host()).orElse(null);
      if (target == null) {
        return Future.succeededFuture(FORWARDING_DENIED);
      }
    }
    if (hidden.isHidden(query.user())) {
      return Future.succeededFuture(NO_SUCH_USER);
    }
    return ask(target, query);
  }

  private Future<String> ask(Target target, FingerQuery query) {
    long started = System.nanoTime();
    // Forwarded queries go to plain finger servers (port 79); only the upstream speaks TLS.
    ClientSSLOptions tls = target == upstream ? upstreamTls : null;
    return permits.withPermit(() -> client.query(target.host(), target.port(), query.user(), query.verbose(), tls))
        .andThen(ar -> metrics.record(ar.cause(), System.nanoTime() - started))
        .map(answer -> answer.isEmpty() ? EMPTY_ANSWER : hidden.removeFrom(answer))
        .recover(failure -> {
          LoggingEventBuilder line = LOG.atWarn().addKeyValue("event", "upstream")
              .addKeyValue("outcome", UpstreamMetrics.outcomeOf(failure))
              .addKeyValue("duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          if (failure instanceof AsyncPermits.Busy) {
            line.log("query \"{}\" not sent to {}:{}: all {} upstream connections busy for {} ms",
                query, target.host(), target.port(), maxConnections, queueTimeoutMs);
          } else {
            line.log("query \"{}\" to {}:{} failed: {}", query, target.host(), target.port(),
                failure.getMessage());
          }
          return Future.succeededFuture(lineFor(failure));
        });
  }

  /** The one line a finger client gets for a failure; the upstream's address stays private. */
  private String lineFor(Throwable failure) {
    if (failure instanceof AsyncPermits.Busy) {
      return BUSY;
    }
    if (!(failure instanceof FingerClientException e)) {
      return "Could not query remote host";
    }
    switch (e.kind()) {
      case REFUSED:
        return "Could not connect to remote host: connection refused";
      case UNKNOWN_HOST:
        return "Could not connect to remote host: unknown host";
      case UNREACHABLE:
        return "Could not connect to remote host: host unreachable";
      case CONNECT_TIMEOUT:
        return "Could not connect to remote host: connection timed out";
      case TIMEOUT:
        return "Remote host did not answer within " + duration(timeoutMs);
      case RESET:
        return "Remote host reset the connection";
      case TOO_LARGE:
        return "Remote host's answer is too large (over " + maxAnswerBytes + " bytes)";
      default:
        return "Could not query remote host: connection failed";
    }
  }

  private static String duration(int ms) {
    return ms % 1000 == 0 ? ms / 1000 + (ms == 1000 ? " second" : " seconds") : ms + " ms";
  }
}
