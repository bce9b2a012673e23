package net.twistedsuite.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A plain blocking TCP client for tests, as {@code nc} would be: send bytes, read what comes
 * back until the server closes. Every read is bounded by a timeout so a test cannot hang.
 */
public final class LineClient implements AutoCloseable {

  private final Socket socket;

  public LineClient(String host, int port, int timeoutMillis) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
  }

  /**
   * Connects from the local address {@code source} (on Linux every 127.x.y.z is loopback, so
   * {@code 127.0.0.2} is a second client host on one machine).
   */
  public LineClient(String source, String host, int port, int timeoutMillis) throws IOException {
    socket = new Socket();
    socket.bind(new InetSocketAddress(source, 0));
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
  }

  private LineClient(Socket connected) {
    socket = connected;
  }

  /**
   * Connects to 127.0.0.1 with a receive buffer of {@code bytes}, set before connecting so that the
   * window the server is offered stays that small: what the client leaves unread soon stops the
   * server's writes, as a slow reader's would.
   */
  public static LineClient withReceiveBuffer(int port, int bytes, int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(bytes);
    socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    return new LineClient(socket);
  }

  public static LineClient connect(int port) throws IOException {
    return new LineClient("127.0.0.1", port, 10_000);
  }

  /** Connects to 127.0.0.1 from the loopback address {@code source}, such as 127.0.0.2. */
  public static LineClient connectFrom(String source, int port) throws IOException {
    return new LineClient(source, "127.0.0.1", port, 10_000);
  }

  /** Clients a server has admitted, closed together. */
  public record Admitted(List<LineClient> clients) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      for (LineClient client : clients) {
        client.close();
      }
    }
  }

  /**
   * Connects {@code count} idle clients one after the other, each once {@code open} (the server's
   * count of connected clients) shows it admitted, so that the next client is the one too many
   * whichever of the server's event loops took the others.
   */
  public static Admitted connectAdmitted(int port, int count, IntSupplier open) throws Exception {
    Admitted admitted = new Admitted(new ArrayList<>());
    try {
      for (int i = 1; i <= count; i++) {
        admitted.clients().add(connect(port));
        int connected = i;
        Await.until(() -> open.getAsInt() == connected, connected + " clients admitted");
      }
      return admitted;
    } catch (Exception | AssertionError e) {
      admitted.close();
      throw e;
    }
  }

  /** One finger-style exchange: send {@code request}, read until the server closes. */
  public static String exchange(int port, String request) throws IOException {
    try (LineClient client = connect(port)) {
      client.send(request);
      return client.readToEnd();
    }
  }

  public LineClient send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public LineClient send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /** Half-closes the sending side, as {@code nc -N} does at the end of its input. */
  public LineClient shutdownOutput() throws IOException {
    socket.shutdownOutput();
    return this;
  }

  /** Reads until end of stream; throws {@link SocketTimeoutException} if the server never closes. */
  public String readToEnd() throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads one line ending in LF (the LF and any CR before it are dropped); null at end of stream. */
  public String readLine() throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String line = out.toString(StandardCharsets.ISO_8859_1);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      }
      out.write(b);
    }
    return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
  }

  /** True when the server closed the connection (reads end of stream within the timeout). */
  public boolean closedByServer() throws IOException {
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset counts as closed
    }
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
