package net.twistedsuite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec fat jar's admin server: readiness, and meters that count each way a real program
 * ends. The program reads a first line that says how to behave.
 */
class ExecAdminIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ENDED = "exec_programs_ended_total";
  private static final String PROGRAM = "#!/bin/sh\n"
      + "read mode\n"
      + "case \"$mode\" in\n"
      + "  exit) echo bye ;;\n"
      + "  term) echo ready; sleep 600 ;;\n"
      // TERM ignored by the shell and, inherited, by its child: only the KILL ends them.
      + "  kill) trap '' TERM; echo ready; sleep 600 & wait ;;\n"
      + "esac\n";

  @TempDir
  Path dir;

  @Test
  void countsProgramsStartedAndEachWayTheyEnded() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    Path program = Files.writeString(work.resolve("program.sh"), PROGRAM);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    Map<String, String> env = Map.of("EXEC_PORT", "0", "EXEC_COMMAND", "[\"./program.sh\"]",
        "EXEC_WORKING_DIRECTORY", work.toString(), "EXEC_STOP_GRACE_MS", "3000");
    try (ServiceProcess exec = ServiceProcess.start(ServiceProcess.fatJar(), env)) {
      AdminClient admin = AdminClient.of(exec, "exec", WAIT);
      int port = exec.awaitListening("exec", WAIT);
      admin.assertReady("listening");
      assertEquals(0.0, AdminClient.value(admin.scrape(), "exec_programs_started_total"));

      try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
        assertEquals("bye\n", client.send("exit\n").readToEnd());
      }
      for (String mode : new String[] {"term", "kill"}) {
        // The client goes away (a reset; a plain close only ends the program's input) once the
        // program is under way: the program is stopped.
        try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
          client.send(mode + "\n");
          assertEquals("ready", client.readLine());
          client.socket().setSoLinger(true, 0);
        }
      }
      assertEquals(1.0, admin.awaitAtLeast(ENDED, "ending=\"exited\"", 1));
      assertEquals(1.0, admin.awaitAtLeast(ENDED, "ending=\"term\"", 1));
      assertEquals(1.0, admin.awaitAtLeast(ENDED, "ending=\"kill\"", 1));

      // Its working directory is gone: the next program cannot start; the client is told, and counted.
      Files.delete(program);
      Files.delete(work);
      try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
        assertEquals("! could not start the program", client.readLine());
      }
      assertEquals(1.0, admin.awaitAtLeast(ENDED, "ending=\"not_started\"", 1));

      String after = admin.scrape();
      assertEquals(3.0, AdminClient.value(after, "exec_programs_started_total"), after);
      assertEquals(3.0, AdminClient.value(after, "exec_programs_run_seconds_count"), after);
      assertTrue(AdminClient.value(after, "exec_programs_run_seconds_sum") > 0, after);
      assertFalse(after.contains("program.sh") || after.contains("127.0.0.1"), "no program or client in labels");
      exec.stop(WAIT);
    }
  }
}
