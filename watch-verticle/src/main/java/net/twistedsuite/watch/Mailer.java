package net.twistedsuite.watch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.SMTPException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.twistedsuite.common.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Sends the outbox, oldest change first, one mail at a time, with vertx-mail-client (never a
 * blocking SMTP client on the event loop: the document's warning). A mail leaves the outbox only
 * once the server has accepted it; a failure waits {@code retrySeconds}, doubling per failure up
 * to {@code retryMaxSeconds}, and tries again. The outbox is on disk, so a restart resumes it.
 */
final class Mailer {

  /** What became of each attempt to send a mail, for the meters. */
  interface Attempts {
    void sent(int stillQueued);

    void failed(int stillQueued);
  }

  private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
  /** For one whole SMTP dialogue; the client's own timeouts cover each read. */
  private static final long SEND_TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final WatchOptions.Mail options;
  private final WatchState state;
  private final Supplier<Future<Void>> save;
  private final MailClient client;
  private final Attempts attempts;
  private String sending;
  private long retryTimer = -1;
  private int failures;
  private boolean stopped;

  Mailer(Vertx vertx, WatchOptions.Mail options, WatchState state, Supplier<Future<Void>> save,
      Attempts attempts) {
    this.vertx = vertx;
    this.attempts = attempts;
    this.options = options;
    this.state = state;
    this.save = save;
    this.client = MailClient.create(vertx, config(options));
  }

  static MailConfig config(WatchOptions.Mail options) {
    boolean login = !options.username().isEmpty();
    return new MailConfig()
        .setHostname(options.host())
        .setPort(options.port())
        .setStarttls(options.starttls())
        .setLogin(login ? LoginOption.REQUIRED : LoginOption.DISABLED)
        .setUsername(login ? options.username() : null)
        .setPassword(login ? options.password() : null)
        .setConnectTimeout(10_000)
        .setIdleTimeout(30)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        // Mails are minutes apart: no connection is kept open between them.
        .setKeepAlive(false);
  }

  /** The id of the change being sent, or null: the state must not merge new headlines into it. */
  String sending() {
    return sending;
  }

  /** Sends what is queued, unless a send or a retry is already pending. */
  void kick() {
    if (stopped || sending != null || retryTimer != -1) {
      return;
    }
    WatchState.Change change = state.nextMail();
    if (change == null) {
      return;
    }
    sending = change.id();
    long began = System.nanoTime();
    client.sendMail(ChangeMail.of(change, options.from(), options.to()))
        .timeout(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onComplete(result -> {
          sending = null;
          if (stopped) {
            return;
          }
          if (result.succeeded()) {
            failures = 0;
            state.mailed(change.id());
            attempts.sent(state.queued());
            mailLog(LOG.atInfo(), "sent", change, began)
                .log("mailed {} about {}: {} ({} still queued)", options.to(), change.url(), change.latest(),
                    state.queued());
            save.get().onFailure(e -> LOG.error("cannot save that the mail about {} was sent: {}", change.url(),
                ServiceLauncher.oneLine(e)));
            kick();
          } else {
            failures++;
            attempts.failed(state.queued());
            long delay = Math.min((long) options.retrySeconds() << Math.min(failures - 1, 20), options.retryMaxSeconds());
            mailLog(LOG.atWarn(), "failed", change, began)
                .log("mail about {} not sent through {}:{}: {}; retrying in {} s ({} queued)", change.url(),
                    options.host(), options.port(), describe(result.cause()), delay, state.queued());
            retryTimer = vertx.setTimer(TimeUnit.SECONDS.toMillis(delay), id -> {
              retryTimer = -1;
              kick();
            });
          }
        });
  }

  private static String describe(Throwable e) {
    String message = Failures.describe(e);
    if (e instanceof SMTPException smtp && smtp.isPermanent()) {
      return "refused for good (" + message + "); check mail.from, mail.to and the login";
    }
    return message;
  }

  Future<Void> stop() {
    stopped = true;
    if (retryTimer != -1) {
      vertx.cancelTimer(retryTimer);
    }
    return client.close();
  }

  /** The fields of one attempt's line, for the JSON log; the outcome as the metrics name it. */
  private static LoggingEventBuilder mailLog(LoggingEventBuilder line, String outcome, WatchState.Change change,
      long began) {
    return line.addKeyValue("event", "mail").addKeyValue("page", change.url()).addKeyValue("outcome", outcome)
        .addKeyValue("duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
  }
}
