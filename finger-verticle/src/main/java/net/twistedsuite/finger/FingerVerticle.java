package net.twistedsuite.finger;

import io.vertx.core.Future;
import io.vertx.core.net.NetServerOptions;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ServiceListeners;
import net.twistedsuite.common.ServiceVerticle;
import net.twistedsuite.common.web.WebServer;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration and wires the finger server together: the status updates kept in the
 * data directory and shared over the bus, the users file, the configured users and the command
 * behind a {@link DirectoryFingerService}, the output filters around it, and the
 * {@link FingerProtocol} on a TCP server. Deploy one instance per data directory.
 */
public final class FingerVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(FingerVerticle.class);

  private FingerOptions options;
  private volatile StatusStore store;
  private UsersFile usersFile;
  private CommandLookup command;
  private LocalUsers localUsers;
  private volatile FingerProtocol protocol;
  private HttpServer web;

  /** Opens, in order, what a stop undoes most recent first: no new clients first, the data directory last. */
  @Override
  public Future<?> start() {
    // Checking the configuration looks at the file system (is the command executable?).
    return vertx.executeBlocking(() -> FingerOptions.fromConfig(config()), false)
        .compose(checked -> {
          options = checked;
          return StatusStore.open(vertx, options.dataDir());
        })
        .compose(opened -> {
          store = opened;
          onStop.push(() -> {
            store = null;
            return opened.close();
          });
          return openUsersFile();
        })
        .compose(v -> openLocalUsers())
        .compose(v -> {
          openCommand();
          StatusReplica replica = new StatusReplica(vertx, store, new HybridClock());
          onStop.push(replica::stop);
          return replica.start();
        })
        .compose(v -> listen())
        .recover(onStop::undoAndFail);
  }

  private Future<Void> openUsersFile() {
    if (options.usersFile().isEmpty()) {
      return Future.succeededFuture();
    }
    UsersFile file = new UsersFile(vertx, options.usersFile().get());
    return file.load().onSuccess(v -> {
      usersFile = file;
      file.startRefreshing(options.usersFileRefreshSeconds());
      onStop.pushAction(file::stop);
    });
  }

  private Future<Void> openLocalUsers() {
    LocalOptions local = options.local();
    if (!local.enabled()) {
      return Future.succeededFuture();
    }
    PasswdSource passwd;
    if (local.passwdCommand().isEmpty()) {
      passwd = PasswdSource.ofFile(vertx, local.passwdFile(), local.minUid());
    } else {
      // The whole database of a directory service can be large; 16 MiB bounds it.
      CommandLookup program = new CommandLookup(vertx, "finger-passwd-command", local.passwdCommand(),
          local.passwdCommandTimeoutMs(), 16 * 1024 * 1024, 1);
      onStop.push(program::close);
      passwd = PasswdSource.ofCommand(vertx, program, "'" + String.join(" ", local.passwdCommand()) + "'",
          local.minUid());
    }
    HomeFiles files = new HomeFiles(vertx, local.maxPlanBytes());
    onStop.push(files::close);
    return passwd.load().onSuccess(v -> {
      passwd.startRefreshing(local.passwdCommandRefreshSeconds());
      onStop.pushAction(passwd::stop);
      localUsers = new LocalUsers(passwd, files, local.list());
    });
  }

  private void openCommand() {
    if (!options.command().isEmpty()) {
      command = new CommandLookup(vertx, options.command(), options.commandTimeoutMs(),
          options.commandMaxOutputBytes(), options.commandConcurrency());
      onStop.push(command::close);
    }
  }

  private Future<Void> listen() {
    FingerService service = new FilteredFingerService(
        new DirectoryFingerService(store, usersFile, options.users(), localUsers, command, options.listUsers()),
        options.filters());
    LOG.info("finger sources: {} status updates, users file {}, {} configured users, local accounts {},"
        + " command {}; listing {}; {} output filters", store.size(),
        options.usersFile().map(Object::toString).orElse("none"), options.users().size(),
        localUsers == null ? "none" : localUsers.describe(),
        command == null ? "none" : String.join(" ", options.command()),
        options.listUsers() ? (localUsers != null && localUsers.listed() ? "allowed, local accounts included"
            : "allowed") : "denied", options.filters().size());
    ServiceListeners listeners = listeners("finger", options);
    AdminServer admin = AdminServer.of(vertx).readyWhen("store", () -> store != null);
    protocol = new FingerProtocol(service, options.limits(), new QueryMetrics(admin.registry(), "finger"));
    onStop.pushAction(protocol::close);
    return listeners.listen(new NetServerOptions(), protocol).compose(listening -> listenWeb(service));
  }

  /** The web pages, answered by the same service as the finger port. */
  private Future<Void> listenWeb(FingerService service) {
    if (!options.web().enabled()) {
      return Future.succeededFuture();
    }
    FingerWeb pages = new FingerWeb(vertx, service);
    onStop.push(pages::stop);
    return pages.start()
        .compose(v -> WebServer.listen(vertx, pages.router(), "finger", options.web()))
        .onSuccess(s -> {
          web = s;
          // Open pages' streams end first, so that closing the server does not wait for them.
          onStop.push(() -> pages.stop().eventually(s::close));
        })
        .mapEmpty();
  }

  /** The port of the web pages; -1 when they are off or not yet listening. */
  public int webPort() {
    return web == null ? -1 : web.actualPort();
  }

  /** Finger clients connected right now, on every event loop and both listeners. */
  public int openConnections() {
    FingerProtocol serving = protocol;
    return serving == null ? 0 : serving.openConnections();
  }

  @Override
  public Future<?> stop() {
    return super.stop().onComplete(v -> LOG.info("finger stopped"));
  }
}
