package net.twistedsuite.weblog;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.Listeners;
import net.twistedsuite.common.UndoStack;
import net.twistedsuite.common.web.WebServer;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weblog service: follows the access log and streams its hits, as XML, to every connected
 * client. Wiring only: {@link LogTailer} reads, {@link HitXml} renders, {@link WeblogConnection}
 * speaks to each client.
 */
public final class WeblogVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WeblogVerticle.class);
  /** How long a rotated-away log is still read after its last growth (servers reopen in that time). */
  private static final Duration ROTATED_GRACE = Duration.ofSeconds(30);
  /** How long a client has at shutdown to take the rest of its stream. */
  private static final long SHUTDOWN_GRACE_MS = 2000;

  /** What to undo at stop, most recent first: the log first, the listeners last. */
  private final UndoStack onStop = new UndoStack();
  private final Set<WeblogConnection> connections = new LinkedHashSet<>();
  private WeblogOptions options;
  private HitHistory history;
  private ConnectionGate gate;
  private LogTailer tailer;
  private Listeners listeners;
  private WeblogWeb web;
  private HttpServer webServer;
  private WeblogMetrics metrics;
  private volatile boolean listening;
  private boolean stopping;

  @Override
  public Future<?> start() {
    options = WeblogOptions.fromConfig(config());
    history = new HitHistory(options.historySize());
    gate = new ConnectionGate(vertx, options.limits(), LOG);
    onStop.pushAction(gate::close);
    // A read's lines, even if XML made them several times larger, must fit in a client's bound.
    int bytesPerRead = Math.max(options.maxQueuedBytes() / 16, 256);
    LogFollower follower = new LogFollower(Path.of(options.logFile()), options.maxLineLength(),
        bytesPerRead, ROTATED_GRACE);
    tailer = new LogTailer(vertx, follower, options.pollIntervalMs(), this::publish);
    AdminServer admin = AdminServer.of(vertx).readyWhen("listening", () -> listening);
    metrics = new WeblogMetrics(admin.registry(), follower, connections);
    onStop.push(() -> listeners == null ? Future.succeededFuture() : listeners.close());
    onStop.push(() -> webServer == null ? Future.succeededFuture() : webServer.close());
    onStop.push(this::finishAll);
    onStop.push(tailer::stop);
    if (options.pushIntervalMs() > 0) {
      long pushTimer = vertx.setPeriodic(options.pushIntervalMs(), id -> flushAll());
      onStop.pushAction(() -> vertx.cancelTimer(pushTimer));
    }
    if (options.web().enabled()) {
      web = new WeblogWeb(vertx, options.webHistory(), options.webMaxQueuedBytes());
    }
    return tailer.start()
        .compose(v -> Listeners.listen(vertx, "weblog", options.host(), options.port(), options.tls(),
            new NetServerOptions().setTcpKeepAlive(true), this::accept))
        .onSuccess(l -> {
          listeners = l;
          listening = true;
        })
        .compose(v -> web == null ? Future.succeededFuture()
            : WebServer.listen(vertx, web.router(), "weblog", options.web()).onSuccess(s -> webServer = s))
        .recover(onStop::undoAndFail);
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    listening = false;
    return onStop.undo();
  }

  /** Gives every client, and every live page, the rest of its stream. */
  private Future<?> finishAll() {
    if (web != null) {
      web.closeStreams();
    }
    List<Future<Void>> finished = new ArrayList<>();
    for (WeblogConnection connection : List.copyOf(connections)) {
      finished.add(connection.finish(SHUTDOWN_GRACE_MS));
    }
    return Future.join(finished);
  }

  /** The port of the live page; -1 when it is off or not yet listening. */
  public int webPort() {
    return webServer == null ? -1 : webServer.actualPort();
  }

  /** Ends every live page's stream, as a restart of a proxy in front would; pages resume. */
  void closeWebStreams() {
    if (web != null) {
      web.closeStreams();
    }
  }

  /** The port the service listens on (useful when configured with port 0); -1 with the plain listener off. */
  public int actualPort() {
    return listeners == null ? -1 : listeners.port();
  }

  /** The TLS listener's port; -1 when it is off. */
  public int tlsPort() {
    return listeners == null ? -1 : listeners.tlsPort();
  }

  private void accept(NetSocket socket) {
    if (stopping) {
      String reason = "the server is shutting down";
      gate.refuse(socket, reason);
      refuse(socket, reason);
      return;
    }
    switch (gate.admit(socket)) {
      case SERVER_FULL -> refuse(socket, "too many clients (maxConnections " + gate.max() + ")");
      case ADDRESS_FULL -> refuse(socket, "too many clients from your address (maxConnectionsPerAddress "
          + gate.maxPerAddress() + ")");
      case ADMITTED -> {
        WeblogConnection connection = new WeblogConnection(vertx, socket, options.maxQueuedBytes(), metrics);
        connections.add(connection);
        connection.open(history.last(options.replay()), closed -> {
          connections.remove(closed);
          gate.release(socket);
        });
      }
    }
  }

  /** Tells a client why it is not served, in the stream's own XML, and closes. */
  private static void refuse(NetSocket socket, String reason) {
    socket.write(HitXml.refusal(reason));
    socket.close();
  }

  /** Takes a batch of log lines to history and every client; completes when one has taken it. */
  private Future<?> publish(List<LogLine> lines) {
    WeblogConnection[] targets = connections.toArray(new WeblogConnection[0]);
    metrics.linesRead(lines.size());
    if (web != null) {
      web.publish(lines);
    }
    for (LogLine line : lines) {
      Buffer element = HitXml.element(line);
      history.add(element);
      for (WeblogConnection connection : targets) {
        connection.offer(element);
      }
    }
    if (options.pushIntervalMs() == 0) {
      flushAll();
    }
    if (targets.length == 0) {
      return Future.succeededFuture();
    }
    // The fastest reader sets the pace of catching up; whoever cannot follow it is dropped at its
    // bound instead of holding the others back.
    List<Future<Void>> drained = new ArrayList<>(targets.length);
    for (WeblogConnection connection : targets) {
      drained.add(connection.whenDrained());
    }
    return Future.any(drained);
  }

  private void flushAll() {
    for (WeblogConnection connection : connections.toArray(new WeblogConnection[0])) {
      connection.flush();
    }
  }
}
