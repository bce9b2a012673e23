package net.twistedsuite.download;

import io.vertx.core.Future;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.RefusalLines;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.common.ServiceListeners;
import net.twistedsuite.common.ServiceVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The download service: checks the download directory, then serves it with a
 * {@link DownloadProtocol} per connection over {@link DirectoryDownloads}. Logs one line per
 * connection. Stopping closes the connections; downloads under way end there.
 */
public final class DownloadVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(DownloadVerticle.class);
  /** How much later than the command deadline a connection without any traffic is closed. */
  private static final int QUIET_GRACE_SECONDS = 2;
  /** How often readiness looks at the download directory. */
  private static final long DIRECTORY_CHECK_MS = 5_000;
  private static final RefusalLines TOO_MANY = RefusalLines.tooManyConnections("ERROR ");

  private DownloadOptions options;
  private DirectoryDownloads downloads;
  private ConnectionGate gate;
  private Deadlines commandDeadlines;
  private DownloadMetrics metrics;
  private volatile boolean directoryReadable = true;

  @Override
  public Future<?> start() {
    options = DownloadOptions.fromConfig(config());
    ServiceListeners listeners = listeners("download", options);
    gate = listeners.openGate(LOG);
    commandDeadlines = new Deadlines(vertx, TimeUnit.SECONDS.toMillis(options.idleTimeoutSeconds()));
    AdminServer admin = AdminServer.of(vertx).readyWhen("directory", () -> directoryReadable);
    metrics = new DownloadMetrics(admin.registry());
    return DirectoryDownloads.open(vertx, options.directory()).compose(opened -> {
      downloads = opened;
      long directoryCheck = vertx.setPeriodic(DIRECTORY_CHECK_MS, id -> checkDirectory());
      onStop.pushAction(() -> vertx.cancelTimer(directoryCheck));
      LOG.info("download serves the files of {}", downloads.root());
      // The protocol's command deadline says why it closes; this catches what it does not see, a
      // client that stopped reading while its downloads wait, and comes a little later, so that
      // a silent client is told rather than cut off.
      NetServerOptions serverOptions = new NetServerOptions()
          .setIdleTimeout(options.idleTimeoutSeconds() + QUIET_GRACE_SECONDS)
          .setIdleTimeoutUnit(TimeUnit.SECONDS);
      return listeners.listen(serverOptions, this::connected);
    }).recover(onStop::undoAndFail);
  }

  /** Readiness follows the directory: gone or unreadable, this replica serves nothing but errors. */
  private void checkDirectory() {
    downloads.readable().onComplete(ar -> {
      boolean readable = ar.succeeded() && ar.result();
      if (readable != directoryReadable) {
        directoryReadable = readable;
        if (readable) {
          LOG.info("{} is readable again: ready", downloads.root());
        } else {
          LOG.warn("{} is gone or unreadable: not ready", downloads.root());
        }
      }
    });
  }

  private void connected(NetSocket socket) {
    String client = String.valueOf(socket.remoteAddress());
    if (!gate.admitOrRefuse(socket, TOO_MANY)) {
      return;
    }
    long began = System.nanoTime();
    DownloadProtocol protocol = DownloadProtocol.serve(vertx, socket, downloads, options, commandDeadlines, metrics);
    socket.exceptionHandler(e -> LOG.debug("{}: {}", client, ServiceLauncher.oneLine(e)));
    socket.closeHandler(v -> {
      gate.release(socket);
      protocol.connectionClosed();
      long now = System.nanoTime();
      long ms = TimeUnit.NANOSECONDS.toMillis(now - began);
      DownloadProtocol.Summary summary = protocol.summary(now);
      LOG.atInfo().addKeyValue("event", "connection").addKeyValue("client", client)
          .addKeyValue("outcome", summary.label()).addKeyValue("duration_ms", ms)
          .addKeyValue("downloads", summary.started()).addKeyValue("finished", summary.finished())
          .log("{} left after {} ms ({}): downloads begun {}, finished {}; errors {}", client, ms, summary.text(),
              summary.started(), summary.finished(), summary.errors());
    });
  }
}
