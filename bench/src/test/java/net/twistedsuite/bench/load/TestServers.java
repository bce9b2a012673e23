package net.twistedsuite.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/** Small blocking servers on loopback for the generators' tests; one thread per client. */
final class TestServers implements AutoCloseable {

  private final ServerSocket server;
  private final Thread acceptor;

  interface Conversation {
    void talk(Socket client) throws IOException;
  }

  private TestServers(Conversation conversation) throws IOException {
    server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Thread t = new Thread(() -> {
            try (client) {
              conversation.talk(client);
            } catch (IOException ignored) {
              // The generator closed first: fine for these tests.
            }
          });
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static TestServers start(Conversation conversation) throws IOException {
    return new TestServers(conversation);
  }

  /** Finger style: read one line, write {@code reply} and CRLF, close. */
  static TestServers finger(String reply) throws IOException {
    return start(client -> {
      readLine(client.getInputStream());
      client.getOutputStream().write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    });
  }

  /** One reply line per request line, made by {@code replies} from the request's number on this connection. */
  static TestServers lines(IntFunction<String> replies) throws IOException {
    return start(client -> {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      for (int n = 1; readLine(in) != null; n++) {
        out.write((replies.apply(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    });
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        return line.toString();
      }
      line.append((char) b);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
