package net.twistedsuite.download;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import net.twistedsuite.common.LineClient;

/** Reads a download connection's interleaved output until every expected text has arrived. */
final class DownloadClient {

  private DownloadClient() {
  }

  /** Reads until the output so far contains each of {@code texts}; the socket timeout bounds it. */
  static String readUntil(LineClient client, String... texts) throws IOException {
    InputStream in = client.socket().getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!containsAll(out.toString(StandardCharsets.UTF_8), texts)) {
      int n = in.read(buf);
      if (n < 0) {
        throw new AssertionError("closed before " + String.join(", ", texts) + "; got: " + out.toString(StandardCharsets.UTF_8));
      }
      out.write(buf, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Asks for {@code name} and reads until its END line. */
  static String download(LineClient client, String name) throws IOException {
    client.send("download " + name + "\n");
    return readUntil(client, " END " + name + "\r\n");
  }

  private static boolean containsAll(String text, String... parts) {
    for (String part : parts) {
      if (!text.contains(part)) {
        return false;
      }
    }
    return true;
  }
}
