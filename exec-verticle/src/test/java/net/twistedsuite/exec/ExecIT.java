package net.twistedsuite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;

/** The fat jar, started as a user starts it, with the shipped configuration file. */
class ExecIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CONF = ServiceProcess.shippedConf("exec").toString();

  private static String halfClose(int port, String input) throws IOException {
    try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
      client.send(input).shutdownOutput();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      client.socket().getInputStream().transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void withTheShippedConfigCatSendsBackWhatItIsSent() throws Exception {
    try (ServiceProcess exec = ServiceProcess.startShipped("exec")) {
      int port = exec.awaitListening("exec", WAIT);
      assertEquals("hello\nworld\n", halfClose(port, "hello\nworld\n"));
      exec.awaitLine("/usr/bin/cat pid ", WAIT);
      exec.stop(WAIT);
      exec.awaitLine("exec stopped", WAIT);
      assertFalse(exec.output().contains("Exception"), exec.output());
    }
  }

  @Test
  void stoppingTheServerLeavesNoProgramBehind() throws Exception {
    Map<String, String> env = Map.of("EXEC_PORT", "0", "EXEC_STOP_GRACE_MS", "500",
        "EXEC_COMMAND", "[\"sh\", \"-c\", \"trap '' TERM; echo $$; echo oops >&2; sleep 600 & echo $!; wait\"]");
    try (ServiceProcess exec = ServiceProcess.start(ServiceProcess.fatJar(), env, "-conf", CONF)) {
      int port = exec.awaitListening("exec", WAIT);
      try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
        // Standard error and output race to the socket; each line arrives whole, each stream in order.
        List<String> out = new ArrayList<>();
        String error = null;
        for (int i = 0; i < 3; i++) {
          String line = client.readLine();
          if (line.startsWith("! ")) {
            error = line;
          } else {
            out.add(line);
          }
        }
        long shell = Long.parseLong(out.get(0));
        long child = Long.parseLong(out.get(1));
        assertEquals("! oops", error);
        assertTrue(ProcessHandle.of(child).isPresent());
        exec.stop(WAIT);
        assertEquals("! the server is stopping, program stopped", client.readLine());
        assertTrue(client.closedByServer());
        for (long pid : new long[] {shell, child}) {
          assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
              "process " + pid + " outlived the server:\n" + exec.output());
        }
      }
      assertTrue(exec.output().contains("the server is stopping, killed (still running 500 ms after TERM)"),
          exec.output());
    }
  }

  @Test
  void withoutACommandItRefusesToStartInOneLine() throws Exception {
    try (ServiceProcess exec = ServiceProcess.start(ServiceProcess.fatJar(), Map.of())) {
      assertEquals(2, exec.awaitExit(WAIT));
      assertEquals("exec: config error: command: no program configured: set it to the program and its"
          + " fixed arguments as a JSON array, e.g. [\"cat\"]", exec.output());
    }
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAllowedNetworks() throws Exception {
    try (ServiceProcess exec = ServiceProcess.start(ServiceProcess.fatJar(),
        Map.of("EXEC_HOST", "0.0.0.0"), "-conf", CONF)) {
      assertEquals(2, exec.awaitExit(WAIT));
      assertTrue(exec.output().startsWith("exec: config error: host: 0.0.0.0 is not a loopback address,"
          + " and anyone who reaches it could run the program"), exec.output());
    }
  }

  @Test
  void helpListsEveryKeyWithItsVariable() throws Exception {
    ServiceProcess.assertHelpListsEveryKey(ExecOptions.SPEC, WAIT);
  }
}
