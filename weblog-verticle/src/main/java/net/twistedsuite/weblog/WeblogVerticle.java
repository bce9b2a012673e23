package net.twistedsuite.weblog;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.Listeners;
import net.twistedsuite.common.LoopGroups;
import net.twistedsuite.common.UndoStack;
import net.twistedsuite.common.web.WebServer;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weblog service: follows the access log and streams its hits, as XML, to every connected
 * client. Wiring only: {@link LogTailer} reads, {@link HitXml} renders, {@link WeblogConnection}
 * speaks to each client.
 *
 * <p>Clients are served on several event loops; the tailer, the history and the live page stay one,
 * on this verticle's loop. Each batch the tailer reads is rendered once and handed to each loop
 * once ({@link LoopGroups}); there every client of that loop takes it. A client is only touched on
 * its own loop; what they share (the gate, the history, the meters) is thread-safe.
 */
public final class WeblogVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WeblogVerticle.class);
  /** How long a rotated-away log is still read after its last growth (servers reopen in that time). */
  private static final Duration ROTATED_GRACE = Duration.ofSeconds(30);
  /** How long a client has at shutdown to take the rest of its stream. */
  private static final long SHUTDOWN_GRACE_MS = 2000;

  /** What to undo at stop, most recent first: the log first, the listeners last. */
  private final UndoStack onStop = new UndoStack();
  private final LoopGroups<WeblogConnection> connections = new LoopGroups<>();
  private WeblogOptions options;
  private HitHistory history;
  private ConnectionGate gate;
  private LogTailer tailer;
  private Listeners listeners;
  private WeblogWeb web;
  private HttpServer webServer;
  private WeblogMetrics metrics;
  private volatile boolean listening;
  private volatile boolean stopping;

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
            new NetServerOptions().setTcpKeepAlive(true), options.eventLoops(), this::accept))
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
    return Future.join(connections.onEachLoop(clients -> {
      List<Future<Void>> finished = new ArrayList<>(clients.size());
      for (WeblogConnection connection : clients) {
        finished.add(connection.finish(SHUTDOWN_GRACE_MS));
      }
      return Future.join(finished);
    }));
  }

  /** Clients connected now, by the event-loop thread that serves them. */
  Map<String, Integer> clientsByLoop() {
    return connections.sizeByLoop();
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
        WeblogConnection connection = new WeblogConnection(vertx, socket, options.maxQueuedBytes(), metrics,
            history);
        // Joins before the replay is taken: every hit numbered after it reaches the client on its loop.
        connections.add(connection);
        connection.open(options.replay(), closed -> {
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
    metrics.linesRead(lines.size());
    if (web != null) {
      web.publish(lines);
    }
    List<Buffer> elements = new ArrayList<>(lines.size());
    for (LogLine line : lines) {
      elements.add(HitXml.element(line));
    }
    HitHistory.Batch batch = history.add(elements);
    boolean pushNow = options.pushIntervalMs() == 0;
    List<Future<Void>> drained = connections.onEachLoop(clients -> deliver(batch, clients, pushNow));
    // The fastest reader sets the pace of catching up; whoever cannot follow it is dropped at its
    // bound instead of holding the others back.
    return drained.isEmpty() ? Future.succeededFuture() : Future.any(drained);
  }

  /** On one loop: hands the batch to its clients; completes when one of them has taken it. */
  private static Future<Void> deliver(HitHistory.Batch batch, List<WeblogConnection> clients, boolean pushNow) {
    for (WeblogConnection connection : clients) {
      connection.offer(batch);
      if (pushNow) {
        connection.flush();
      }
    }
    if (clients.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> drained = new ArrayList<>(clients.size());
    for (WeblogConnection connection : clients) {
      drained.add(connection.whenDrained());
    }
    return Future.any(drained).mapEmpty();
  }

  private void flushAll() {
    connections.onEachLoop(clients -> {
      clients.forEach(WeblogConnection::flush);
      return Future.succeededFuture();
    });
  }
}
