package net.twistedsuite.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The processes a program leaves behind, found so that they can be stopped with it.
 *
 * <p>Each program is started through {@code setsid} (util-linux, on every Linux system), so that
 * it leads a session and a process group of its own, numbered like its pid: everything it starts
 * stays in that group unless it deliberately leaves it, even after the program itself has exited
 * and its children were handed to init, where {@link ProcessHandle#descendants()} no longer finds
 * them. The JDK cannot signal a group, so the members are found in {@code /proc} and signalled one
 * by one through {@link ProcessHandle}, which refuses to signal a pid that was reused. The
 * program's descendants are added too, for those that started a group of their own while the
 * program still ran. Without {@code /proc} or {@code setsid}, only the descendants are found.
 *
 * <p>Every method reads {@code /proc} and blocks: call them off the event loop.
 */
final class ProcessGroup {

  private static final Path PROC = Path.of("/proc");
  private static final Optional<Path> SETSID = Optional.ofNullable(findSetsid());

  private ProcessGroup() {
  }

  /** The {@code setsid} program that starts a program in a group of its own, if there is one. */
  static Optional<Path> setsid() {
    return SETSID;
  }

  private static Path findSetsid() {
    for (String candidate : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
      Path file = Path.of(candidate);
      if (Files.isRegularFile(file) && Files.isExecutable(file)) {
        return file;
      }
    }
    return null;
  }

  /**
   * The live processes of the group led by {@code leader} (whether or not the leader itself still
   * runs), its descendants while it runs, and the leader if it runs.
   */
  static Set<ProcessHandle> members(ProcessHandle leader) {
    Set<ProcessHandle> found = new LinkedHashSet<>();
    if (leader.isAlive()) {
      found.add(leader);
      leader.descendants().forEach(found::add);
    }
    if (SETSID.isPresent()) {
      found.addAll(groups(Set.of(leader.pid())).getOrDefault(leader.pid(), Set.of()));
    }
    found.removeIf(p -> !p.isAlive());
    return found;
  }

  /**
   * Sends TERM ({@code force} false) or KILL to every member; returns how many were signalled,
   * zero when the group is gone.
   */
  static int signal(ProcessHandle leader, boolean force) {
    int signalled = 0;
    for (ProcessHandle p : members(leader)) {
      if (force ? p.destroyForcibly() : p.destroy()) {
        signalled++;
      }
    }
    return signalled;
  }

  /**
   * The live members of each of the groups {@code pgids}, in one pass over {@code /proc}: a pass
   * reads a file per process, milliseconds on a busy machine, so the groups of many programs are
   * looked up at once (see {@link GroupScanner}). Members are started after their leader, so only
   * the processes numbered after the lowest leader are read, unless process numbers have wrapped
   * around since (the last one handed out, in {@code /proc/loadavg}, is lower). A group without
   * members is absent from the result.
   */
  static Map<Long, Set<ProcessHandle>> groups(Set<Long> pgids) {
    Map<Long, Set<ProcessHandle>> found = new HashMap<>();
    if (SETSID.isEmpty() || pgids.isEmpty()) {
      return found;
    }
    long lowest = pgids.stream().mapToLong(Long::longValue).min().getAsLong();
    long from = lastPid() >= lowest ? lowest : 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessGroup::isPidDirectory)) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (pid < from) {
          continue;
        }
        long pgid = groupOf(entry);
        if (pgids.contains(pgid)) {
          ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
              .ifPresent(p -> found.computeIfAbsent(pgid, g -> new LinkedHashSet<>()).add(p));
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc (not Linux), or it changed while read: the descendants must do.
    }
    return found;
  }

  /** The last process number handed out: "0.00 0.01 0.05 1/123 4567"; 0 (read all) if unknown. */
  private static long lastPid() {
    try {
      String loadavg = new String(Files.readAllBytes(PROC.resolve("loadavg")), StandardCharsets.ISO_8859_1).strip();
      return Long.parseLong(loadavg.substring(loadavg.lastIndexOf(' ') + 1));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static boolean isPidDirectory(Path entry) {
    String name = entry.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }

  /** The process group in {@code /proc/PID/stat}: "pid (comm) state ppid pgrp ..."; -1 if gone. */
  private static long groupOf(Path pidDirectory) {
    try {
      String stat = new String(Files.readAllBytes(pidDirectory.resolve("stat")), StandardCharsets.ISO_8859_1);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
      return Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
