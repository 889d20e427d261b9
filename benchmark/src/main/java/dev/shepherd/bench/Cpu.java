package dev.shepherd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used by processes and their descendants, read from Linux's /proc: a process's own user and system
 * time plus what its children that have ended used (PostgreSQL's backends, a CLI that started the server), and
 * the own time of every descendant still running.
 */
final class Cpu {

  private static final double TICKS_PER_SECOND = 100.0;  // USER_HZ, 100 on Linux

  private Cpu() {}

  /** Seconds of CPU used so far by these processes and their descendants (0 for one that has gone). */
  static double seconds(List<Long> roots) throws IOException {
    Map<Long, List<Long>> children = new HashMap<>();
    Map<Long, long[]> times = new HashMap<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        long[] stat = stat(dir.resolve("stat"));
        if (stat != null) {
          long pid = Long.parseLong(dir.getFileName().toString());
          times.put(pid, stat);
          children.computeIfAbsent(stat[0], k -> new ArrayList<>()).add(pid);
        }
      }
    }
    double ticks = 0;
    for (long root : roots) {
      long[] own = times.get(root);
      if (own == null) {
        continue;
      }
      ticks += own[1] + own[2] + own[3] + own[4];
      List<Long> queue = new ArrayList<>(children.getOrDefault(root, List.of()));
      while (!queue.isEmpty()) {
        long pid = queue.remove(queue.size() - 1);
        long[] t = times.get(pid);
        ticks += t[1] + t[2];
        queue.addAll(children.getOrDefault(pid, List.of()));
      }
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** ppid, utime, stime, cutime, cstime of one process; null if it has gone. */
  private static long[] stat(Path file) {
    try {
      String line = Files.readString(file);
      // The command name is in parentheses and may hold spaces: fields count from after its ')'.
      String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
          Long.parseLong(f[14])};
    } catch (IOException | RuntimeException gone) {
      return null;
    }
  }
}
