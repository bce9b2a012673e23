package net.twistedsuite.bench.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyscallCountTest {

  @Test
  void readsTheCallsOfTheTotalLineWithOrWithoutErrors() {
    String summary = "% time     seconds  usecs/call     calls    errors syscall\n"
        + "------ ----------- ----------- --------- --------- ----------------\n"
        + "  0.00    0.000000           0        34        13 openat\n"
        + "  0.00    0.000000           0        22           newfstatat\n"
        + "------ ----------- ----------- --------- --------- ----------------\n"
        + "100.00    0.000000           0       144        19 total\n";
    assertEquals(144, SyscallCount.totalCalls(summary));
    assertEquals(56, SyscallCount.totalCalls("100.00    0.000001           0        56           total\n"));
    assertEquals(-1, SyscallCount.totalCalls("strace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted\n"));
  }

  @Test
  void countsWhatATracedProcessDoesPerOperation(@TempDir Path work) throws Exception {
    assumeTrue(SyscallCount.available(), "strace is not installed: nothing to count with");
    // cat reads each line and writes it out again: at least a read and a write per line.
    Process cat = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream in = cat.getOutputStream()) {
      double perLine = SyscallCount.perOperation(cat.pid(), work, () -> {
        for (int i = 0; i < 50; i++) {
          in.write("line\n".getBytes(StandardCharsets.US_ASCII));
          in.flush();
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
        return 50;
      });
      assumeTrue(!Double.isNaN(perLine), "strace could not attach here (ptrace not permitted)");
      assertTrue(perLine >= 1.5 && perLine < 20, "system calls per line: " + perLine);
    } finally {
      cat.destroyForcibly();
    }
  }
}
