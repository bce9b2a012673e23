package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** k8s/images/twisted-probe, the probe every pod runs, against small servers over real sockets. */
class ProbeScriptTest {

  static final Path PROBE = Path.of("images", "twisted-probe");

  @Test
  void anAnswerThatMatchesPasses() throws Exception {
    try (OneClientServer server = new OneClientServer((in, out) -> {
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        // the query line
      }
      answer(out, "Finger forwarding service denied\r\n");
    })) {
      Result r = probe(String.valueOf(server.port()), "probe@localhost\\r\\n", "^Finger forwarding service denied$");
      assertEquals(0, r.status, r.output);
      assertEquals("probe@localhost\r\n", new String(server.received(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void anotherAnswerFailsAndSaysWhatCame() throws Exception {
    try (OneClientServer server = new OneClientServer((in, out) -> answer(out, "Internal error in server\r\n"))) {
      Result r = probe(String.valueOf(server.port()), "x\\r\\n", "^Finger forwarding service denied$");
      assertEquals(1, r.status);
      assertEquals("twisted-probe: 127.0.0.1:" + server.port()
          + " answered \"Internal error in server\" (expected /^Finger forwarding service denied$/)\n", r.output);
    }
  }

  @Test
  void aRefusedConnectionFails() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    Result r = probe(String.valueOf(port), "x\\n", ".");
    assertEquals(1, r.status);
    assertTrue(r.output.startsWith("twisted-probe: 127.0.0.1:" + port + " refused the connection"), r.output);
  }

  @Test
  void aServiceThatAcceptsButNeverAnswersFailsInTime() throws Exception {
    try (OneClientServer server = new OneClientServer((in, out) -> in.readAllBytes())) {
      long start = System.nanoTime();
      Result r = probe("--timeout", "1", String.valueOf(server.port()), "x\\n", ".");
      assertEquals(1, r.status);
      assertEquals("twisted-probe: 127.0.0.1:" + server.port() + " gave no answer within 1 s (expected /./)\n", r.output);
      assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10, "the probe gave up late");
    }
  }

  @Test
  void aCloseWithoutAnswerFails() throws Exception {
    try (OneClientServer server = new OneClientServer((in, out) -> { })) {
      Result r = probe(String.valueOf(server.port()), "x\\n", ".");
      assertEquals(1, r.status);
      assertTrue(r.output.contains("closed the connection without an answer"), r.output);
    }
  }

  @Test
  void halfCloseLetsAServiceThatAnswersAtEndOfInputAnswer() throws Exception {
    ServerHandler setterLike = (in, out) -> {
      byte[] input = in.readAllBytes();
      answer(out, input.length == 0 ? "ERROR expected two lines\r\n" : "OK\r\n");
    };
    try (OneClientServer server = new OneClientServer(setterLike)) {
      Result r = probe("--half-close", String.valueOf(server.port()), "", "^ERROR ");
      assertEquals(0, r.status, r.output);
      assertEquals(0, server.received().length);
    }
    try (OneClientServer server = new OneClientServer(setterLike)) {
      Result r = probe("--timeout", "1", String.valueOf(server.port()), "", "^ERROR ");
      assertEquals(1, r.status, "without half-close such a service waits: " + r.output);
    }
  }

  @Test
  void repeatSendsTheRequestThatManyTimesWithoutALineEnd() throws Exception {
    try (OneClientServer server = new OneClientServer((in, out) -> {
      in.readNBytes(1025);
      answer(out, "error: line too long (max 1024 bytes)\r\n");
    })) {
      Result r = probe("--repeat", "1025", String.valueOf(server.port()), "x", "^error: line too long");
      assertEquals(0, r.status, r.output);
      byte[] expected = new byte[1025];
      Arrays.fill(expected, (byte) 'x');
      assertArrayEquals(expected, server.received());
    }
  }

  @Test
  void aGreetingWithoutLineEndIsEnoughWhenItMatches() throws Exception {
    try (OneClientServer server = new OneClientServer((in, out) -> {
      answer(out, "<hits>");
      in.readAllBytes();
    })) {
      Result r = probe(String.valueOf(server.port()), "", "^<hits>");
      assertEquals(0, r.status, r.output);
    }
  }

  @Test
  void misuseExitsWithStatusTwo() throws Exception {
    assertEquals(2, probe("1079", "x").status);
    assertEquals(2, probe("--bogus", "1079", "x", ".").status);
    assertEquals(2, probe("finger", "x", ".").status);
  }

  private static void answer(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  record Result(int status, String output) {
  }

  static Result probe(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PROBE.toString());
    command.addAll(List.of(args));
    return run(command);
  }

  static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
      try (InputStream in = process.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return e.toString();
      }
    });
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " still running after 30 s");
    }
    return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
  }

  @FunctionalInterface
  interface ServerHandler {
    void handle(InputStream in, OutputStream out) throws IOException;
  }

  /** Accepts one client on 127.0.0.1, lets the handler talk to it, keeps what it read. */
  static final class OneClientServer implements AutoCloseable {
    private final ServerSocket server;
    private final CompletableFuture<byte[]> received = new CompletableFuture<>();

    OneClientServer(ServerHandler handler) throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      Thread thread = new Thread(() -> {
        try (Socket socket = server.accept()) {
          ByteArrayOutputStream copy = new ByteArrayOutputStream();
          InputStream in = new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read() throws IOException {
              int b = super.read();
              if (b >= 0) {
                copy.write(b);
              }
              return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
              int n = super.read(buffer, offset, length);
              if (n > 0) {
                copy.write(buffer, offset, n);
              }
              return n;
            }
          };
          handler.handle(in, socket.getOutputStream());
          received.complete(copy.toByteArray());
        } catch (IOException e) {
          received.completeExceptionally(e);
        }
      }, "probe-test-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    byte[] received() throws Exception {
      return received.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
