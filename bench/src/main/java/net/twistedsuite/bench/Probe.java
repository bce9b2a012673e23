package net.twistedsuite.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One real exchange with a service, the way its users talk to it, to tell when it first answers
 * and that it still does; a placeholder or a refusal does not count as an answer.
 */
public interface Probe {

  /** Returns what the service answered if it is a proper answer; throws otherwise. */
  String ask(InetSocketAddress address) throws IOException;

  int TIMEOUT_MS = 5_000;

  /** Finger (and the proxy): one query line, the answer up to end of file must hold {@code expect}. */
  static Probe finger(String query, String expect) {
    return address -> {
      try (Socket s = connect(address)) {
        s.getOutputStream().write((query + "\r\n").getBytes(StandardCharsets.US_ASCII));
        String answer = readAll(s.getInputStream(), 64 * 1024);
        if (!answer.contains(expect)) {
          throw new IOException("answer lacks '" + expect + "': " + abbreviate(answer));
        }
        return answer;
      }
    };
  }

  /** Fib: one line in, one line of digits out. */
  static Probe fib() {
    return address -> {
      try (Socket s = connect(address)) {
        s.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
        String line = readLine(s.getInputStream());
        if (line.isEmpty() || !line.chars().allMatch(Character::isDigit)) {
          throw new IOException("not a number: " + abbreviate(line));
        }
        return line;
      }
    };
  }

  /** Weblog: the stream starts with {@code <hits>}. */
  static Probe weblog() {
    return address -> {
      try (Socket s = connect(address)) {
        InputStream in = s.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[4096];
        while (seen.length() < 64 * 1024) {
          int n = in.read(buf);
          if (n < 0) {
            throw new IOException("closed before <hits>: " + abbreviate(seen.toString()));
          }
          seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
          if (seen.indexOf("<hits>") >= 0) {
            return "<hits>";
          }
        }
        throw new IOException("no <hits> in the first 64 KiB");
      }
    };
  }

  /** Setter: a user line and a status line, end of input, then one line: OK or ERROR reason. */
  static Probe setter(String user, String status) {
    return address -> {
      try (Socket s = connect(address)) {
        s.getOutputStream().write((user + "\r\n" + status + "\r\n").getBytes(StandardCharsets.UTF_8));
        s.shutdownOutput();
        String line = readLine(s.getInputStream());
        if (!line.startsWith("OK") && !line.startsWith("ERROR")) {
          throw new IOException("not a setter answer: " + abbreviate(line));
        }
        return line;
      }
    };
  }

  private static Socket connect(InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    try {
      s.setSoTimeout(TIMEOUT_MS);
      s.connect(address, TIMEOUT_MS);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private static String readAll(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int n;
    while ((n = in.read(buf)) >= 0) {
      if (out.size() < max) {
        out.write(buf, 0, Math.min(n, max - out.size()));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream raw) throws IOException {
    InputStream in = new java.io.BufferedInputStream(raw, 64 * 1024);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (out.size() < 1_000_000) {
        out.write(b);
      }
    }
    String line = out.toString(StandardCharsets.UTF_8);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static String abbreviate(String s) {
    String one = s.replace("\r", "\\r").replace("\n", "\\n");
    return one.length() > 80 ? one.substring(0, 77) + "..." : one;
  }
}
