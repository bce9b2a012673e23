package net.twistedsuite.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ids of the processes the bench has running, one per line, rewritten on every change: if the
 * bench itself is killed without a chance to clean up, the script that started it kills exactly
 * these.
 */
public final class PidFile {

  private final Path file;
  private final Set<Long> pids = new LinkedHashSet<>();

  PidFile(Path file) {
    this.file = file;
  }

  synchronized void add(long pid) {
    pids.add(pid);
    write();
  }

  synchronized void remove(long pid) {
    pids.remove(pid);
    write();
  }

  private void write() {
    if (file == null) {
      return;
    }
    try {
      Files.writeString(file, pids.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
    } catch (IOException e) {
      System.err.println("bench: cannot write " + file + ": " + e.getMessage());
    }
  }
}
