package net.twistedsuite.watch;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.Await;

/**
 * A real SMTP server for tests, on Vert.x's NetServer: it speaks enough of RFC 5321 for a client
 * to deliver (EHLO or HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps every message it
 * accepts.
 */
final class SmtpSink implements AutoCloseable {

  /** A message as the server received it. */
  record Mail(String from, List<String> to, String data) {
    String header(String name) {
      for (String line : data.split("\r\n")) {
        if (line.isEmpty()) {
          break;
        }
        if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
          return line.substring(name.length() + 1).trim();
        }
      }
      return null;
    }

    String body() {
      int at = data.indexOf("\r\n\r\n");
      return at < 0 ? "" : data.substring(at + 4);
    }
  }

  private final NetServer server;
  private final List<Mail> mails = new CopyOnWriteArrayList<>();

  private SmtpSink(Vertx vertx) {
    server = vertx.createNetServer().connectHandler(this::session);
  }

  static SmtpSink start(Vertx vertx, int port) throws Exception {
    SmtpSink sink = new SmtpSink(vertx);
    sink.server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return sink;
  }

  int port() {
    return server.actualPort();
  }

  List<Mail> mails() {
    return List.copyOf(mails);
  }

  /** Waits until at least {@code count} messages have arrived; fails with what did. */
  List<Mail> await(int count, Duration timeout) throws Exception {
    return Await.until(this::mails, arrived -> arrived.size() >= count, timeout,
        arrived -> "expected " + count + " mail(s), got " + arrived);
  }

  private void session(NetSocket socket) {
    Session session = new Session(socket);
    socket.write("220 sink.test ESMTP test sink\r\n");
    socket.handler(RecordParser.newDelimited("\n", session::line));
  }

  private final class Session {
    private final NetSocket socket;
    private String from;
    private final List<String> to = new ArrayList<>();
    private StringBuilder data;

    Session(NetSocket socket) {
      this.socket = socket;
    }

    void line(Buffer raw) {
      String line = raw.toString(java.nio.charset.StandardCharsets.UTF_8);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (data != null) {
        if (line.equals(".")) {
          mails.add(new Mail(from, List.copyOf(to), data.toString()));
          data = null;
          from = null;
          to.clear();
          reply("250 2.0.0 OK queued");
        } else {
          data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
        }
        return;
      }
      String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
      switch (verb) {
        case "EHLO" -> reply("250-sink.test greets you\r\n250-8BITMIME\r\n250 SIZE 10485760");
        case "HELO" -> reply("250 sink.test");
        case "MAIL" -> {
          from = address(line);
          reply("250 2.1.0 OK");
        }
        case "RCPT" -> {
          if (from == null) {
            reply("503 5.5.1 MAIL first");
          } else {
            to.add(address(line));
            reply("250 2.1.5 OK");
          }
        }
        case "DATA" -> {
          if (to.isEmpty()) {
            reply("503 5.5.1 RCPT first");
          } else {
            data = new StringBuilder();
            reply("354 End data with <CR><LF>.<CR><LF>");
          }
        }
        case "RSET" -> {
          from = null;
          to.clear();
          reply("250 2.0.0 OK");
        }
        case "NOOP" -> reply("250 2.0.0 OK");
        case "QUIT" -> socket.end(Buffer.buffer("221 2.0.0 Bye\r\n"));
        default -> reply("502 5.5.2 Command not recognized");
      }
    }

    private String address(String line) {
      int open = line.indexOf('<');
      int close = line.indexOf('>', open + 1);
      return open < 0 || close < 0 ? line.substring(line.indexOf(':') + 1).trim() : line.substring(open + 1, close);
    }

    private void reply(String text) {
      socket.write(text + "\r\n");
    }
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
