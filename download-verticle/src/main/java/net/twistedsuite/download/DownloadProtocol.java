package net.twistedsuite.download;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.HalfClose;
import net.twistedsuite.common.InputEnd;
import net.twistedsuite.common.LineEnds;
import net.twistedsuite.common.OutcomeMeters;

/**
 * The download protocol on one connection. The client sends command lines (UTF-8, ended by LF or
 * CRLF; see {@link DownloadCommand}); answers end with CRLF.
 *
 * <ul>
 *   <li>{@code download NAME}: {@code BEGIN NAME}, then one {@code .} per line of the file, one
 *       every {@code lineDelayMs} (timers, not a sleep), with no line end between them so that a
 *       terminal shows the progress, then {@code " END NAME"}. Downloads run side by side, as in
 *       the tutorial's threaded downloader, and the connection keeps taking commands; their
 *       output interleaves, as it did in the tutorial's window.
 *   <li>{@code help}: one line listing the commands.
 *   <li>{@code quit}, or the client shutting down its sending side: no more commands; the
 *       connection closes once the downloads under way have finished (the tutorial's
 *       {@code postloop} joins its thread before closing the window).
 *   <li>While no download is under way, each command must be complete within
 *       {@code idleTimeoutSeconds} of the previous one (or of connecting), however slowly its
 *       bytes trickle in; otherwise {@code ERROR no complete command for N s, closing} and the
 *       connection is closed.
 *   <li>Anything wrong with a command (unknown command, missing or refused file, too many
 *       downloads at once) is answered by one {@code ERROR ...} line, and the connection stays
 *       usable. A line longer than {@code maxLineLength} is answered
 *       {@code ERROR line too long (max N bytes)} and the connection is closed.
 * </ul>
 *
 * <p>Flow control: when the socket's write queue is full, downloads stop writing dots and the
 * connection stops reading commands until the client has read enough, so a client that does not
 * read costs one write queue, not a growing buffer.
 *
 * <p>Knows nothing of files, only the {@link DownloadService}'s futures. Confined to the event
 * loop of the context that calls {@link #serve}.
 */
public final class DownloadProtocol {

  /** How one {@code download} command ended. */
  public enum Outcome implements OutcomeMeters.Labelled {
    /** Its END line was sent. */
    DONE,
    /** Not allowed: outside the directory, not a regular file, or too many at once. */
    REFUSED,
    /** No such file. */
    NOT_FOUND,
    /** The file could not be read. */
    ERROR,
    /** The connection closed before its END line. */
    CUT
  }

  /** What a connection reports as it happens, for the server's meters. */
  public interface Listener {
    /** A {@code download} command was taken; {@link #ended} follows once for it. */
    void began();

    void ended(Outcome outcome);

    /** {@code bytes} were written to the client, {@code dots} of them progress dots (one per line of a file). */
    void sent(int bytes, int dots);
  }

  /** Most dots written at once when there is no delay between them. */
  private static final int DOT_BATCH = 4096;
  private static final Buffer LINE_END = Buffer.buffer("\n");

  private final Vertx vertx;
  private final NetSocket socket;
  private final DownloadService service;
  private final Listener listener;
  private final int lineDelayMs;
  private final int maxDownloads;
  private final int maxLineLength;
  private final int idleTimeoutSeconds;
  private final Deadlines.Deadline commandDeadline;
  private final RecordParser parser;
  private final Set<Transfer> transfers = new LinkedHashSet<>();
  private final List<Transfer> waitingForDrain = new ArrayList<>();
  /**
   * Once every command sent before the end is taken, takes a last line without its line end as a
   * command too, and closes when the downloads end.
   */
  private final InputEnd inputEnd;
  private boolean readingPaused;
  private boolean quitting;
  private boolean ending;
  private boolean closed;
  private String refusal;
  private boolean commandMissed;
  private int started;
  private int finished;
  private int errors;
  private long lastActivityNanos = System.nanoTime();

  private DownloadProtocol(Vertx vertx, NetSocket socket, DownloadService service, DownloadOptions options,
      Deadlines deadlines, Listener listener) {
    this.vertx = vertx;
    this.socket = socket;
    this.service = service;
    this.listener = listener;
    this.lineDelayMs = options.lineDelayMs();
    this.maxDownloads = options.maxDownloadsPerConnection();
    this.maxLineLength = options.maxLineLength();
    this.idleTimeoutSeconds = options.idleTimeoutSeconds();
    this.commandDeadline = deadlines.create(this::noCommandInTime);
    // One more byte than the limit, for the CR of a CRLF ending.
    this.parser = RecordParser.newDelimited("\n").maxRecordSize(maxLineLength + 1);
    parser.handler(this::line);
    parser.exceptionHandler(e -> lineTooLong());
    this.inputEnd = new InputEnd(() -> !readingPaused && !quitting && !ending && !closed, () -> {
      parser.handle(LINE_END);
      endWhenDone();
    });
  }

  /**
   * Starts serving {@code socket}. The caller keeps the socket's close handler and must call
   * {@link #connectionClosed} from it. {@code deadlines} are {@code idleTimeoutSeconds} long;
   * this connection's runs on the caller's event loop.
   */
  public static DownloadProtocol serve(Vertx vertx, NetSocket socket, DownloadService service,
      DownloadOptions options, Deadlines deadlines, Listener listener) {
    DownloadProtocol protocol = new DownloadProtocol(vertx, socket, service, options, deadlines, listener);
    protocol.commandDeadline.arm();
    socket.handler(protocol.parser);
    socket.drainHandler(v -> protocol.drained());
    HalfClose.onInputEnd(socket, protocol.inputEnd::arrived);
    return protocol;
  }

  /**
   * How a closed connection went, for its log line: a label for the JSON log, the words of the
   * text line, the downloads begun (their file found and opened), finished (their END line sent),
   * and the ERROR lines sent.
   */
  public record Summary(String label, String text, int started, int finished, int errors) {
  }

  /** How the connection went; {@code closedNanos}: when it closed, in nanoTime terms. */
  public Summary summary(long closedNanos) {
    if (commandMissed) {
      return summary("no_command", "no command for " + idleTimeoutSeconds + " s");
    }
    if (refusal != null) {
      return summary("refused", "refused: " + refusal);
    }
    if (quitting) {
      return summary("quit", "quit");
    }
    if (inputEnd.hasArrived()) {
      return summary("finished", "client finished sending");
    }
    long quietSeconds = TimeUnit.NANOSECONDS.toSeconds(closedNanos - lastActivityNanos);
    if (quietSeconds >= idleTimeoutSeconds) {
      return summary("idle", "idle for " + quietSeconds + " s");
    }
    return summary("closed", "closed");
  }

  private Summary summary(String label, String text) {
    return new Summary(label, text, started, finished, errors);
  }

  /** Stops every download of a connection that has closed, and releases their files. */
  public void connectionClosed() {
    closed = true;
    commandDeadline.cancel();
    for (Transfer transfer : new ArrayList<>(transfers)) {
      transfer.abort();
      listener.ended(Outcome.CUT);
    }
    transfers.clear();
    waitingForDrain.clear();
  }

  private void line(Buffer record) {
    if (quitting || ending || closed) {
      return;
    }
    lastActivityNanos = System.nanoTime();
    int length = LineEnds.contentLength(record);
    if (length > maxLineLength) {
      // The parser checks only what it still holds after a read; a whole long line in one read
      // arrives here.
      lineTooLong();
      return;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(record.getBytes(0, length))).toString();
    } catch (CharacterCodingException e) {
      error("a command must be UTF-8 text");
      return;
    }
    DownloadCommand command = DownloadCommand.parse(text);
    switch (command.kind()) {
      case EMPTY -> { }
      case HELP -> send("commands: " + DownloadCommand.COMMANDS);
      case INVALID -> error(command.argument());
      case QUIT -> quitNow();
      case DOWNLOAD -> download(command.argument());
      default -> throw new IllegalStateException(command.kind().name());
    }
    awaitNextCommand();
  }

  /**
   * Gives the client {@code idleTimeoutSeconds} from now for its next command while no download
   * runs; a running download keeps the connection, as its dots show the client is there to read.
   */
  private void awaitNextCommand() {
    if (transfers.isEmpty() && !ending && !closed) {
      commandDeadline.arm();
    } else {
      commandDeadline.cancel();
    }
  }

  private void noCommandInTime() {
    if (ending || closed || !transfers.isEmpty()) {
      return;
    }
    commandMissed = true;
    error("no complete command for " + idleTimeoutSeconds + " s, closing");
    ending = true;
    parser.pause();
    socket.pause();
    socket.end();
  }

  private void download(String name) {
    listener.began();
    if (transfers.size() >= maxDownloads) {
      listener.ended(Outcome.REFUSED);
      error("too many downloads at once (max " + maxDownloads + "); wait for one to end");
      return;
    }
    Transfer transfer = new Transfer(name);
    transfers.add(transfer);
    transfer.start();
  }

  private void quitNow() {
    quitting = true;
    parser.pause();
    socket.pause();
    endWhenDone();
  }

  /** Closes after the last download once the client has quit or finished sending. */
  private void endWhenDone() {
    if (!ending && !closed && transfers.isEmpty() && (quitting || inputEnd.finished())) {
      ending = true;
      socket.end();
    }
  }

  private void drained() {
    if (readingPaused && !quitting && !ending) {
      readingPaused = false;
      parser.resume(); // answers the lines it holds, and may pause again
      if (!readingPaused) {
        socket.resume();
        inputEnd.resumed();
      }
    }
    List<Transfer> waiting = new ArrayList<>(waitingForDrain);
    waitingForDrain.clear();
    for (Transfer transfer : waiting) {
      transfer.pump();
    }
  }

  private void send(String line) {
    write(line + "\r\n", 0);
  }

  private void write(String text, int dots) {
    if (closed) {
      return;
    }
    Buffer bytes = Buffer.buffer(text, StandardCharsets.UTF_8.name());
    socket.write(bytes);
    listener.sent(bytes.length(), dots);
    lastActivityNanos = System.nanoTime();
    if (!readingPaused && socket.writeQueueFull()) {
      readingPaused = true;
      parser.pause();
      socket.pause();
    }
  }

  private void error(String why) {
    errors++;
    send("ERROR " + why);
  }

  private void lineTooLong() {
    if (readingPaused || ending || closed) {
      // While paused the parser still holds whole lines not handled yet, and counts them against
      // the limit; the check is made again when they have been handled.
      return;
    }
    refusal = "line too long";
    error("line too long (max " + maxLineLength + " bytes)");
    ending = true;
    parser.pause();
    socket.pause();
    socket.end();
  }

  private static Outcome outcomeOf(Throwable cause) {
    if (!(cause instanceof DownloadException refused)) {
      return Outcome.ERROR;
    }
    return switch (refused.kind()) {
      case NOT_FOUND -> Outcome.NOT_FOUND;
      case UNREADABLE -> Outcome.ERROR;
      case OUTSIDE, NOT_A_FILE -> Outcome.REFUSED;
    };
  }

  /** One download: opens the file, then writes a dot per line, paced, then the END line. */
  private final class Transfer {

    private final String name;
    private DownloadService.LineStream lines;
    private long pending;
    private boolean exhausted;
    private long timer = -1;
    /** When the next dot is due, in nanoTime terms. */
    private long nextDot;

    Transfer(String name) {
      this.name = name;
    }

    void start() {
      service.open(name).onComplete(opened -> {
        if (closed || ending && !quitting) {
          if (opened.succeeded()) {
            opened.result().close();
          }
          return;
        }
        if (opened.failed()) {
          transfers.remove(this);
          listener.ended(outcomeOf(opened.cause()));
          error(opened.cause() instanceof DownloadException refused ? refused.getMessage() : "cannot read " + name);
          awaitNextCommand();
          endWhenDone();
          return;
        }
        lines = opened.result();
        started++;
        send("BEGIN " + name);
        nextDot = System.nanoTime();
        pump();
      });
    }

    void pump() {
      if (closed) {
        return;
      }
      if (pending > 0) {
        if (socket.writeQueueFull()) {
          waitingForDrain.add(this);
        } else if (lineDelayMs == 0) {
          int dots = (int) Math.min(pending, DOT_BATCH);
          pending -= dots;
          write(".".repeat(dots), dots);
          pump();
        } else {
          timer = vertx.setTimer(untilNextDot(), id -> {
            timer = -1;
            if (!closed) {
              pending--;
              write(".", 1);
              pump();
            }
          });
        }
      } else if (!exhausted) {
        lines.nextLines().onComplete(part -> {
          if (closed) {
            return;
          }
          if (part.failed()) {
            transfers.remove(this);
            lines.close();
            listener.ended(Outcome.ERROR);
            write("\r\n", 0);
            error("cannot read " + name);
            awaitNextCommand();
            endWhenDone();
            return;
          }
          if (part.result() < 0) {
            exhausted = true;
          } else {
            pending += part.result();
          }
          pump();
        });
      } else {
        transfers.remove(this);
        lines.close();
        finished++;
        listener.ended(Outcome.DONE);
        send(" END " + name);
        awaitNextCommand();
        endWhenDone();
      }
    }

    /**
     * Dots keep to a schedule, one every {@code lineDelayMs} from the first, so that a busy
     * event loop firing timers late does not stretch a download by its lateness at every line.
     * After a stall longer than one interval (a client not reading, a slow read), the schedule
     * starts again from now instead of catching up with a burst.
     */
    private long untilNextDot() {
      long interval = TimeUnit.MILLISECONDS.toNanos(lineDelayMs);
      long now = System.nanoTime();
      nextDot += interval;
      if (nextDot - now < -interval) {
        nextDot = now;
      }
      return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextDot - now));
    }

    void abort() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      if (lines != null) {
        lines.close();
      }
    }
  }
}
