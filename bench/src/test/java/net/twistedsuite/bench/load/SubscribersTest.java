package net.twistedsuite.bench.load;

import net.twistedsuite.bench.process.CpuMeter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscribersTest {

  @TempDir
  Path dir;

  /**
   * A stand-in for the weblog service: follows the file and sends each line's request as an
   * element to every client, cutting elements in two writes so they arrive split.
   */
  static final class FakeWeblog implements AutoCloseable {
    private static final Pattern RESOURCE = Pattern.compile("GET (\\S+) ");
    final ServerSocket server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    final List<Socket> clients = new CopyOnWriteArrayList<>();
    volatile boolean running = true;
    volatile int dropAfter = Integer.MAX_VALUE;

    FakeWeblog(Path log) throws IOException {
      Thread accept = new Thread(() -> {
        try {
          while (running) {
            Socket s = server.accept();
            s.getOutputStream().write("<hits>\n".getBytes(StandardCharsets.US_ASCII));
            clients.add(s);
          }
        } catch (IOException ignored) {
          // closed
        }
      });
      accept.setDaemon(true);
      accept.start();
      Thread tail = new Thread(() -> {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
          long pos = 0;
          StringBuilder partial = new StringBuilder();
          int sent = 0;
          while (running) {
            long length = f.length();
            if (length <= pos) {
              Thread.sleep(1);
              continue;
            }
            byte[] bytes = new byte[(int) (length - pos)];
            f.seek(pos);
            f.readFully(bytes);
            pos = length;
            partial.append(new String(bytes, StandardCharsets.US_ASCII));
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
              String line = partial.substring(0, nl);
              partial.delete(0, nl + 1);
              Matcher m = RESOURCE.matcher(line);
              m.find();
              String element = "<hit client=\"127.0.0.1\" resource=\"" + m.group(1) + "\" protocol=\"HTTP/1.1\"/>\n";
              byte[] e = element.getBytes(StandardCharsets.US_ASCII);
              int cut = 3 + (sent % (e.length - 6));
              sent++;
              for (Socket c : clients) {
                if (sent > dropAfter && c == clients.get(0)) {
                  c.close();
                  continue;
                }
                try {
                  OutputStream out = c.getOutputStream();
                  out.write(e, 0, cut);
                  out.flush();
                  out.write(e, cut, e.length - cut);
                  out.flush();
                } catch (IOException ignored) {
                  // a closed client
                }
              }
            }
          }
        } catch (IOException | InterruptedException ignored) {
          // stopped
        }
      });
      tail.setDaemon(true);
      tail.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      running = false;
      server.close();
      for (Socket c : clients) {
        c.close();
      }
    }
  }

  private FakeWeblog weblog;
  private LogWriter writer;

  @BeforeEach
  void startWeblog() throws Exception {
    Path log = Files.createFile(dir.resolve("access.log"));
    weblog = new FakeWeblog(log);
    writer = new LogWriter(log);
  }

  @AfterEach
  void stopWeblog() throws Exception {
    if (writer != null) {
      writer.close();
    }
    if (weblog != null) {
      weblog.close();
    }
  }

  @Test
  void everyLineReachesEveryClientWithItsDelayAndLateLinesOfAnEarlierRunAreIgnored() throws Exception {
    try (Subscribers subs = Subscribers.connect(weblog.address(), 5, 10)) {
      for (int run = 0; run < 2; run++) {
        Subscribers.Delivery d = subs.run(writer, 300, 3_000, 2, new CpuMeter(100));
        assertTrue(d.complete(), "received " + d.received() + " of " + d.expected());
        assertEquals(1_500, d.received());
        assertEquals(1_500, d.delays().getTotalCount());
        assertTrue(d.delays().getMaxValue() < 2_000_000_000L);
      }
    }
  }

  @Test
  void aClientCutOffByTheServerMakesTheDeliveryIncomplete() throws Exception {
    try (Subscribers subs = Subscribers.connect(weblog.address(), 3, 10)) {
      weblog.dropAfter = 50;
      Subscribers.Delivery d = subs.run(writer, 100, 2_000, 0.5, new CpuMeter(100));
      assertFalse(d.complete());
      assertEquals(1, d.disconnected());
      assertEquals(50 + 2 * 100, d.received());
    }
  }
}
