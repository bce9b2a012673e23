package net.twistedsuite.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar started as users start it, as a server and as a client. */
@SuppressWarnings("try") // ServiceProcess.close() may throw InterruptedException; that is fine in a test
class NotifyMainIT {

  private static final Duration START = Duration.ofSeconds(60);
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void helpListsEveryKeyAndTheClient() throws Exception {
    String text = ServiceProcess.assertHelpListsEveryKey(NotifyOptions.SPEC, START);
    assertTrue(text.contains("client --help"), text);
    try (ServiceProcess help = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "client", "--help")) {
      assertEquals(0, help.awaitExit(START));
      assertTrue(help.output().contains("watch"), help.output());
    }
  }

  @Test
  void aBadKeyStopsStartUpWithOneLine() throws Exception {
    try (ServiceProcess bad = ServiceProcess.start(ServiceProcess.fatJar(), Map.of("NOTIFY_PORT", "99999"))) {
      assertEquals(2, bad.awaitExit(START));
      assertEquals("notify: config error: port: must be between 0 and 65535, got 99999 (from environment variable"
          + " NOTIFY_PORT)", bad.output().strip());
    }
  }

  @Test
  void theShippedConfigurationServesTheSampleAndTheClientCommandTalksToIt() throws Exception {
    Path ads = Files.createDirectories(dir.resolve(".run")).resolve("classifieds.txt");
    Files.copy(ROOT.resolve("conf/sample-classifieds.txt"), ads);
    int port = ServiceProcess.freePort();
    try (ServiceProcess server = ServiceProcess.start(ServiceProcess.fatJar(),
        Map.of("NOTIFY_PORT", String.valueOf(port), "NOTIFY_HOST", "127.0.0.1", "NOTIFY_RANDOM_INTERVAL_MS", "500"),
        dir, "-conf", ROOT.resolve("conf/notify.json").toString())) {
      assertEquals(port, server.awaitListening("notify", START));
      try (LineClient nc = LineClient.connect(port)) {
        nc.send("classified?\r\nnotif\r\n");
        assertEquals("nice flat in the 11e", nc.readLine());
        Files.writeString(ads, "studio near Bastille\n", StandardOpenOption.APPEND);
        assertEquals("notif: classified", next(nc, "notif: classified"));
      }

      Client asked = client(port, "random?", "classified?", "random");
      assertEquals(0, asked.status, asked.err);
      assertEquals(3, asked.lines.size(), asked.lines.toString());
      assertTrue(asked.lines.get(0).matches("[0-9]+"), asked.lines.toString());
      assertEquals("studio near Bastille", asked.lines.get(1));

      Process watch = command(port, "watch").start();
      try {
        List<String> printed = new ArrayList<>();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
        Thread appender = new Thread(() -> {
          try {
            for (int i = 0; i < 60 && watch.isAlive(); i++) {
              Thread.sleep(1000);
              Files.writeString(ads, "ad number " + i + "\n", StandardOpenOption.APPEND);
            }
          } catch (InterruptedException | IOException e) {
            // the test is over
          }
        });
        appender.setDaemon(true);
        appender.start();
        boolean random = false;
        boolean classified = false;
        while (!(random && classified)) {
          String line = out.readLine();
          assertTrue(line != null, "watch ended; printed " + printed);
          printed.add(line);
          random |= line.matches("random: [0-9]+");
          classified |= line.matches("classified: ad number [0-9]+");
        }
        appender.interrupt();
      } finally {
        watch.destroy();
        watch.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theClientCommandSaysWhenNoServerIsThere() throws Exception {
    int port = ServiceProcess.freePort();
    Client refused = client(port, "random?");
    assertEquals(1, refused.status);
    assertTrue(refused.err.startsWith("notify client: cannot connect to 127.0.0.1:" + port + ": "), refused.err);
    Client usage = client(port, "randm");
    assertEquals(2, usage.status);
    assertEquals("notify client: unknown command or option 'randm' (try client --help)", usage.err.strip());
  }

  private record Client(int status, List<String> lines, String err) {
  }

  private static ProcessBuilder command(int port, String... commands) {
    List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", ServiceProcess.fatJar().toString(), "client", "--host", "127.0.0.1", "--port", String.valueOf(port)));
    args.addAll(List.of(commands));
    return new ProcessBuilder(args);
  }

  private static Client client(int port, String... commands) throws Exception {
    Path err = Files.createTempFile("notify-client", ".err");
    try {
      Process process = command(port, commands).redirectError(err.toFile()).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "client still running");
      return new Client(process.exitValue(), out.isEmpty() ? List.of() : List.of(out.split("\n")),
          Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  private static String next(LineClient client, String wanted) throws IOException {
    for (int i = 0; i < 10_000; i++) {
      String line = client.readLine();
      if (line == null || line.equals(wanted)) {
        return line;
      }
    }
    return null;
  }
}
