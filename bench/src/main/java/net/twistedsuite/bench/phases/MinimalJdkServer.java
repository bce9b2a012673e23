package net.twistedsuite.bench.phases;

import net.twistedsuite.bench.ServiceDef;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The least a JVM can be as a finger server: one thread, blocking sockets of the JDK alone, the
 * status written after the first line, then close. Its start-up and idle memory, beside a
 * service's, are what any Java program started with {@code java} and no option pays on this
 * machine and JDK before it does anything of its own.
 *
 * <p>{@code java -cp suite-bench.jar net.twistedsuite.bench.phases.MinimalJdkServer}; prints
 * {@code minimal listening on 127.0.0.1:PORT}.
 */
public final class MinimalJdkServer {

  private MinimalJdkServer() {
  }

  public static void main(String[] args) throws IOException {
    byte[] reply = (ServiceDef.FINGER_STATUS + "\r\n").getBytes(StandardCharsets.US_ASCII);
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      System.out.println("minimal listening on 127.0.0.1:" + server.getLocalPort());
      while (true) {
        try (Socket client = server.accept()) {
          InputStream in = client.getInputStream();
          int b;
          do {
            b = in.read();
          } while (b >= 0 && b != '\n');
          client.getOutputStream().write(reply);
        } catch (IOException e) {
          // One client's trouble; the next is served.
        }
      }
    }
  }
}
