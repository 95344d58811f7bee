package dev.socketchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** One line about the machine and the software measured, so a table can be read without its run. */
final class Machine {
  private Machine() {}

  static String describe(Settings settings) {
    return "machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), "
        + memory() + " RAM, load average " + loadAverage() + "; socketchat on `" + firstLine(settings.serverJava(),
        "-version") + "` with `" + String.join(" ", settings.jvmOptions()) + "`; node " + firstLine("node", "--version")
        + "; generators on Java " + System.getProperty("java.version") + "; heartbeat " + settings.heartbeatMillis()
        + " ms";
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static String memory() {
    try {
      String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
      long kib = Long.parseLong(line.replaceAll("\\D", ""));
      return Math.round(kib / 1024.0 / 1024.0) + " GiB";
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** The 1-minute load average: other work on the machine shows here. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String firstLine(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes()).strip();
      process.waitFor(30, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse("?");
    } catch (IOException e) {
      return "not found";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
