package dev.socketchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What Linux says about a process: CPU time used (from /proc/PID/stat) and memory (from /proc/PID/status). */
final class ProcStats {
  private static final double TICKS_PER_SECOND = ticks();

  private ProcStats() {}

  /** User plus system CPU seconds the process has used so far; 0 when it is gone. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": field 3 is state, so utime (14) and stime (15) are at 11 and 12
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static double cpuSeconds(List<Long> pids) {
    return pids.stream().mapToDouble(ProcStats::cpuSeconds).sum();
  }

  /** A line of /proc/PID/status in KiB ({@code VmHWM}: peak resident set, {@code VmRSS}: resident now). */
  static long kib(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone
    }
    return 0;
  }

  static long kib(List<Long> pids, String field) {
    return pids.stream().mapToLong(pid -> kib(pid, field)).sum();
  }

  /** How many file descriptors the process holds open now. */
  static int openFiles(long pid) {
    String[] names = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
    return names == null ? 0 : names.length;
  }

  private static double ticks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).strip();
      getconf.waitFor();
      return Double.parseDouble(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
