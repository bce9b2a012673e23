package net.twistedsuite.finger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password database, cached: either a file ({@code /etc/passwd}), whose size and
 * modification time are looked at every {@link #FILE_CHECK_MS} ms and which is read again only
 * when they change, or a command ({@code getent passwd}, for NSS and LDAP accounts), run again
 * every so many seconds. All through Vert.x's asynchronous file system or a worker pool. The last
 * good reading keeps serving when a later one fails; each problem is logged once.
 */
final class PasswdSource {

  static final long FILE_CHECK_MS = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(PasswdSource.class);

  private final Vertx vertx;
  private final Path file;
  private final CommandLookup command;
  private final String source;
  private final long minUid;
  /** Immutable, replaced by each good reading: the connections of every event loop read it. */
  private volatile Map<String, Account> accounts = Map.of();
  private String lastStamp;
  private String lastText;
  private String lastFailure;
  private boolean reading;
  private long timer = -1;

  private PasswdSource(Vertx vertx, Path file, CommandLookup command, String source, long minUid) {
    this.vertx = vertx;
    this.file = file;
    this.command = command;
    this.source = source;
    this.minUid = minUid;
  }

  static PasswdSource ofFile(Vertx vertx, Path file, long minUid) {
    return new PasswdSource(vertx, file, null, file.toString(), minUid);
  }

  /**
   * {@code command} prints the whole database ({@code getent passwd}) and is not closed here;
   * {@code name} is how the log names it.
   */
  static PasswdSource ofCommand(Vertx vertx, CommandLookup command, String name, long minUid) {
    return new PasswdSource(vertx, null, command, name, minUid);
  }

  /** First reading; a failure stops the start, naming the key that points at the source. */
  Future<Void> load() {
    return fetch(true)
        .recover(e -> Future.failedFuture(file != null
            ? new ConfigException("local.passwdFile", "cannot read " + file + ": " + ServiceLauncher.oneLine(e))
            : new ConfigException("local.passwdCommand", ServiceLauncher.oneLine(e))))
        .compose(this::accept);
  }

  /** Checks the source again every {@link #FILE_CHECK_MS} ms, or every {@code commandSeconds} for a command. */
  void startRefreshing(int commandSeconds) {
    timer = vertx.setPeriodic(file != null ? FILE_CHECK_MS : commandSeconds * 1000L, id -> refresh());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** The account finger may answer for, or null (unknown, or a system account). */
  Account account(String login) {
    return accounts.get(login);
  }

  /** Every account finger may answer for, by login. */
  Map<String, Account> accounts() {
    return accounts;
  }

  /** Where the accounts come from, for the log. */
  String describe() {
    return source;
  }

  /** One check; completes when it is done, successful or not (problems are logged). */
  Future<Void> refresh() {
    if (reading) {
      return Future.succeededFuture();
    }
    reading = true;
    return fetch(false)
        .onSuccess(text -> {
          if (lastFailure != null) {
            LOG.info("password database {} is readable again", describe());
            lastFailure = null;
          }
        })
        .compose(text -> text == null ? Future.<Void>succeededFuture() : accept(text))
        .onComplete(ar -> reading = false)
        .onFailure(e -> {
          String failure = ServiceLauncher.oneLine(e);
          if (!failure.equals(lastFailure)) {
            LOG.warn("password database {} cannot be read ({}); still serving the {} accounts of the last"
                + " good reading", describe(), failure, accounts.size());
            lastFailure = failure;
          }
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** The database's text, or null when the file has not changed since the last reading. */
  private Future<String> fetch(boolean always) {
    if (command != null) {
      return command.run();
    }
    return vertx.fileSystem().props(file.toString()).compose(props -> {
      String stamp = stamp(props);
      if (!always && stamp.equals(lastStamp)) {
        return Future.succeededFuture(null);
      }
      return vertx.fileSystem().readFile(file.toString()).map(content -> {
        lastStamp = stamp;
        return content;
      }).compose(content -> vertx.executeBlocking(() -> content.toString(StandardCharsets.UTF_8), false));
    });
  }

  private static String stamp(FileProps props) {
    return props.lastModifiedTime() + "/" + props.size();
  }

  /** Parses on a worker thread: a directory's whole database can take a while. */
  private Future<Void> accept(String text) {
    if (text.equals(lastText)) {
      return Future.succeededFuture();
    }
    lastText = text;
    return vertx.executeBlocking(() -> PasswdDatabase.parse(text, minUid), false).map(parsed -> {
      for (String problem : parsed.problems()) {
        LOG.warn("password database {} {}", describe(), problem);
      }
      accounts = parsed.accounts();
      LOG.info("password database {} loaded: {} accounts with a user id of at least {}", describe(),
          accounts.size(), minUid);
      return null;
    });
  }
}
