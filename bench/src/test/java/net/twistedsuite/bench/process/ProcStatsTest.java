package net.twistedsuite.bench.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

  // A real line from a JVM, with utime 1234 and stime 567 (fields 14 and 15).
  private static final String STAT = "4242 (java) S 4200 4242 4200 0 -1 4194560 31313 0 12 0 1234 567"
      + " 0 0 20 0 23 0 1751 8978044928 23551 18446744073709551615 1 1 0 0 0 0 4 0 16800975 0 0 0 17 0 0"
      + " 0 0 0 0 0 0 0 0 0 0 0 0";

  @Test
  void cpuTicksAreUtimePlusStime() {
    assertEquals(1234 + 567, ProcStats.cpuTicks(STAT));
  }

  @Test
  void userAndKernelTicksAreKeptApart() {
    long[] split = ProcStats.userAndKernelTicks(STAT);
    assertEquals(1234, split[0]);
    assertEquals(567, split[1]);
  }

  @Test
  void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    String odd = STAT.replace("(java)", "(my (odd) name)");
    assertEquals(1234 + 567, ProcStats.cpuTicks(odd));
  }

  @Test
  void aLineThatIsNotStatIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ProcStats.cpuTicks("no parenthesis here"));
    assertThrows(IllegalArgumentException.class, () -> ProcStats.cpuTicks("1 (x) S 2 3"));
  }

  @Test
  void residentMemoryIsVmRssInKib() {
    String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 100000 kB\n";
    assertEquals(123456, ProcStats.residentKib(status));
  }

  @Test
  void aZombieHasNoResidentMemory() {
    assertEquals(-1, ProcStats.residentKib("Name:\tjava\nState:\tZ (zombie)\n"));
  }

  @Test
  void thisProcessCanBeReadFromProc() {
    long pid = ProcessHandle.current().pid();
    assertTrue(ProcStats.residentMib(pid) > 1);
    assertTrue(ProcStats.cpuSeconds(pid, 100) > 0);
  }

  @Test
  void jitCompilerThreadsAreRecognisedByName() {
    assertTrue(ProcStats.isCompilerThread("C2 CompilerThre\n"));
    assertTrue(ProcStats.isCompilerThread("C1 CompilerThre"));
    assertTrue(!ProcStats.isCompilerThread("vert.x-eventloo"));
  }

  @Test
  void compilerTimeOfThisJvmIsReadable() {
    double seconds = ProcStats.compilerSeconds(ProcessHandle.current().pid(), 100);
    assertTrue(seconds >= 0, "compiler seconds " + seconds);
  }
}
