package net.twistedsuite.finger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file of {@code user: status} lines, re-read periodically with Vert.x's asynchronous file
 * system so that edits take effect without a restart. The last good content keeps serving when
 * the file vanishes or cannot be read; each problem is logged once, not at every re-read.
 *
 * <p>Format: one {@code user: status} per line, split at the first colon, both sides trimmed.
 * Blank lines and lines starting with {@code #} are ignored. A line without a colon or with an
 * invalid user name is skipped and reported with its line number. A later line for the same
 * user wins.
 *
 * <p>Read on the context that made it (the verticle's); {@link #users()} may be called from any
 * thread.
 */
final class UsersFile {

  private static final Logger LOG = LoggerFactory.getLogger(UsersFile.class);

  /** What one reading of the file gave: the users and the lines that were skipped, and why. */
  record Parsed(Map<String, String> users, List<String> problems) {
  }

  private final Vertx vertx;
  private final Path path;
  /** Immutable, replaced by each good reading: the connections of every event loop read it. */
  private volatile Map<String, String> users = Collections.emptyMap();
  private Buffer lastContent;
  private String lastFailure;
  private boolean reading;
  private long timer = -1;

  UsersFile(Vertx vertx, Path path) {
    this.vertx = vertx;
    this.path = path;
  }

  /** Parses the text of a users file. */
  static Parsed parse(String text) {
    Map<String, String> users = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        problems.add("line " + (i + 1) + ": no ':' between user and status, line skipped");
        continue;
      }
      String user = line.substring(0, colon).strip();
      if (!FingerQuery.isValidUserName(user)) {
        problems.add("line " + (i + 1) + ": " + WireText.forLog(user) + " is not a valid user name,"
            + " line skipped");
        continue;
      }
      users.put(user, line.substring(colon + 1).strip());
    }
    return new Parsed(Collections.unmodifiableMap(users), List.copyOf(problems));
  }

  /** First reading; fails when the file cannot be read, so a wrong path stops the start. */
  Future<Void> load() {
    return vertx.fileSystem().readFile(path.toString())
        .recover(e -> Future.failedFuture(new ConfigException("usersFile",
            "cannot read " + path + ": " + ServiceLauncher.oneLine(e))))
        .map(content -> {
          accept(content);
          return null;
        });
  }

  /** Re-reads the file every {@code seconds} until {@link #stop}. */
  void startRefreshing(int seconds) {
    timer = vertx.setPeriodic(seconds * 1000L, id -> reload());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** The statuses of the last good reading. */
  Map<String, String> users() {
    return users;
  }

  /** One re-read; completes when it is done, successful or not (problems are logged). */
  Future<Void> reload() {
    if (reading) {
      return Future.succeededFuture();
    }
    reading = true;
    return vertx.fileSystem().readFile(path.toString())
        .onComplete(ar -> reading = false)
        .onSuccess(content -> {
          if (lastFailure != null) {
            LOG.info("users file {} is readable again", path);
            lastFailure = null;
          }
          accept(content);
        })
        .onFailure(e -> {
          String failure = ServiceLauncher.oneLine(e);
          if (!failure.equals(lastFailure)) {
            LOG.warn("users file {} cannot be read ({}); still serving the {} users of the last good reading",
                path, failure, users.size());
            lastFailure = failure;
          }
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private void accept(Buffer content) {
    if (content.equals(lastContent)) {
      return;
    }
    lastContent = content;
    Parsed parsed = parse(content.toString(StandardCharsets.UTF_8));
    for (String problem : parsed.problems()) {
      LOG.warn("users file {} {}", path, problem);
    }
    users = parsed.users();
    LOG.info("users file {} loaded: {} users", path, users.size());
  }
}
