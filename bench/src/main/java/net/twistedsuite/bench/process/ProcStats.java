package net.twistedsuite.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says about a process: CPU time from {@code /proc/PID/stat} and resident memory from
 * {@code /proc/PID/status}. Parsing is kept apart from reading so that it can be tested on text.
 */
public final class ProcStats {

  private ProcStats() {
  }

  /**
   * utime + stime, in clock ticks, from the text of {@code /proc/PID/stat}. The second field is the
   * command name in parentheses and may itself hold spaces and parentheses, so fields are counted
   * from the last ')'.
   */
  static long cpuTicks(String stat) {
    long[] split = userAndKernelTicks(stat);
    return split[0] + split[1];
  }

  /** utime and stime, in clock ticks, from the text of {@code /proc/PID/stat}. */
  static long[] userAndKernelTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(stat));
    }
    String[] rest = stat.substring(close + 1).trim().split("\\s+");
    // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
    if (rest.length < 13) {
      throw new IllegalArgumentException("too few fields in /proc/PID/stat: " + abbreviate(stat));
    }
    return new long[] {Long.parseLong(rest[11]), Long.parseLong(rest[12])};
  }

  /** VmRSS in kibibytes from the text of {@code /proc/PID/status}; -1 if absent (a zombie). */
  static long residentKib(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring(6).trim().split("\\s+");
        long value = Long.parseLong(parts[0]);
        if (parts.length > 1 && !parts[1].equalsIgnoreCase("kB")) {
          throw new IllegalArgumentException("unexpected VmRSS unit: " + line);
        }
        return value;
      }
    }
    return -1;
  }

  /** CPU seconds used so far by process {@code pid}. */
  static double cpuSeconds(long pid, int ticksPerSecond) {
    return cpuTicks(read(Path.of("/proc", Long.toString(pid), "stat"))) / (double) ticksPerSecond;
  }

  /** User-mode CPU seconds used so far by process {@code pid} (the rest of {@link #cpuSeconds} is the kernel's). */
  static double userSeconds(long pid, int ticksPerSecond) {
    return userAndKernelTicks(read(Path.of("/proc", Long.toString(pid), "stat")))[0] / (double) ticksPerSecond;
  }

  /** Resident memory of process {@code pid} in MiB. */
  static double residentMib(long pid) {
    return residentKib(read(Path.of("/proc", Long.toString(pid), "status"))) / 1024.0;
  }

  /** Whether a thread named {@code comm} (from /proc/PID/task/TID/comm) is one of the JIT's compilers. */
  static boolean isCompilerThread(String comm) {
    String c = comm.trim();
    return c.startsWith("C1 CompilerThre") || c.startsWith("C2 CompilerThre");
  }

  /**
   * CPU seconds spent so far by the JIT compiler threads of process {@code pid}: while they are
   * busy, the process is still warming up.
   */
  public static double compilerSeconds(long pid, int ticksPerSecond) {
    long ticks = 0;
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          if (isCompilerThread(Files.readString(task.resolve("comm")))) {
            ticks += cpuTicks(Files.readString(task.resolve("stat")));
          }
        } catch (IOException e) {
          // The thread ended between the listing and the read.
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return ticks / (double) ticksPerSecond;
  }

  public static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
