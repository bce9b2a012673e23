package net.twistedsuite.common;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl s_client -quiet}, as an operator types it, verifying the server's certificate
 * against the one given. Tests that use it are skipped, saying why, where openssl is missing.
 */
public final class OpensslClient implements AutoCloseable {

  private final Process process;
  private final Transcript output = new Transcript();
  private final Thread reader;

  private OpensslClient(Process process) {
    this.process = process;
    reader = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = process.getInputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          output.append(buf, n);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "openssl-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Skips the calling test unless {@code openssl} runs here. */
  public static void assumeInstalled() {
    boolean found;
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      found = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      found = false;
    }
    assumeTrue(found, "openssl is not installed (.ci/install-test-tools installs it): openssl s_client test skipped");
  }

  /** Connects to 127.0.0.1:{@code port}, trusting {@code trusted} only and checking the name 127.0.0.1. */
  public static OpensslClient connect(int port, Path trusted) throws IOException {
    assumeInstalled();
    return new OpensslClient(new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-CAfile", trusted.toString(), "-verify_ip", "127.0.0.1", "-verify_return_error", "-quiet")
        .redirectErrorStream(true).start());
  }

  /** Types {@code text}, as into the terminal (openssl sends LF where the user pressed Enter). */
  public OpensslClient type(String text) throws IOException {
    process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
    return this;
  }

  /** Waits until the output contains {@code text}; returns all of it. */
  public String awaitOutput(String text) throws Exception {
    return output.awaitContaining(text, "openssl s_client prints");
  }

  /** Waits until openssl exits (the server closed); returns all it printed. */
  public String awaitExit() throws Exception {
    output.awaitUntil(() -> !process.isAlive(), "openssl s_client exits");
    reader.join(TimeUnit.SECONDS.toMillis(Await.TIMEOUT_SECONDS));
    return output.text();
  }

  @Override
  public void close() {
    process.destroy();
  }
}
