package dev.socketchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Capacity: as many connections as asked (each seated in a room), spread over several generator processes and source
 * addresses; then the server's memory per connection and the CPU its heartbeat costs while everyone is idle.
 */
final class CapacityScenario {
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final Settings settings;
  private final Options options;
  private final Table table;

  CapacityScenario(Settings settings, Options options) {
    this.settings = settings;
    this.options = options;
    this.table = new Table("Capacity: connections held, each in a room, then idle"
        + (options.client() == Client.OWN ? "" : " (connections from the JDK's WebSocket client)"),
        "server", "asked", "connected", "failed", "connect s", "server RSS before MiB", "server RSS after MiB",
        "KiB RSS/connection", "KiB heap/connection", "idle s", "idle CPU s", "heartbeats answered",
        "µs CPU/heartbeat", "generator CPU s (idle)", "note");
  }

  String run(List<ServerSpec> servers) {
    for (ServerSpec spec : servers) {
      measure(spec);
    }
    table.note("Connections opened by " + options.client().describe() + ".");
    table.note("KiB RSS/connection = (resident set after connecting − before) ÷ connections; KiB heap/connection "
        + "(JVM servers) = (live heap after a full GC, after − before) ÷ connections.");
    table.note("One process may hold at most " + fileLimit() + " open files here, so one server process tops out"
        + " near that many connections, whatever its design.");
    return table.render();
  }

  private void measure(ServerSpec spec) {
    int asked = (int) options.number("connections", 19000);
    int roomSize = (int) options.number("room-size", 10);
    double rate = options.number("connect-rate", 2000);
    double idle = options.number("idle-seconds", 2.2 * settings.heartbeatMillis() / 1000.0);
    int perGenerator = (int) options.number("per-generator", 9000) / roomSize * roomSize;
    int generatorsNeeded = Math.max(1, (asked + perGenerator - 1) / perGenerator);
    Bench.log("capacity " + spec.name() + ": starting the server");
    try (RunningServer server = Bench.track(RunningServer.start(spec, settings));
        Generators generators = Bench.track(new Generators(settings, spec.protocol(), options.client(),
            server.bases(), generatorsNeeded, (long) (asked / rate + idle + 600)))) {
      RunningServer.pause(2000);
      long heapBefore = liveHeapKib(server);
      long rssBefore = server.rssKib();
      List<String> commands = new ArrayList<>();
      int left = asked;
      for (int k = 0; k < generatorsNeeded; k++) {
        int count = Math.min(left, perGenerator);
        left -= count;
        commands.add("connect count=" + count + " room_size=" + roomSize + " first=" + k * perGenerator
            + " rate=" + rate / generatorsNeeded);
      }
      Bench.log("capacity " + spec.name() + ": connecting " + asked + " over " + generatorsNeeded + " generators");
      List<Map<String, String>> answers = generators.ask(commands, (long) (asked / rate) + 300);
      long connected = Generators.sum(answers, "connected");
      long failed = Generators.sum(answers, "failed");
      double connectSeconds = answers.stream()
          .mapToLong(a -> Long.parseLong(a.getOrDefault("connect_ms", "0"))).max().orElse(0) / 1000.0;
      RunningServer.pause(2000);
      long rssAfter = server.rssKib();
      long heapAfter = liveHeapKib(server);
      Bench.log("capacity " + spec.name() + ": " + connected + " connected; idle for " + Table.num(idle, 0) + " s");
      double cpuBefore = server.cpuSeconds();
      double generatorBefore = generators.cpuSeconds();
      List<Map<String, String>> idled = generators.askAll("idle seconds=" + Table.num(idle, 1), (long) idle + 60);
      double idleCpu = server.cpuSeconds() - cpuBefore;
      double generatorCpu = generators.cpuSeconds() - generatorBefore;
      long pings = Generators.sum(idled, "pings");
      long lost = Generators.sum(idled, "lost");
      Map<String, Long> status = server.status();
      generators.askAll("close", 120);
      String note = (Generators.firstError(answers) == null ? "" : "first failure: " + Generators.firstError(answers))
          + (lost > 0 ? " " + lost + " dropped while idle" : "")
          + (status.isEmpty() ? "" : " status connections=" + status.get("connections"));
      table.row(spec.name(), asked, connected, failed, Table.num(connectSeconds, 1), mib(rssBefore), mib(rssAfter),
          connected == 0 ? "–" : Table.num((rssAfter - rssBefore) / (double) connected, 1),
          heapAfter < 0 || connected == 0 ? "–" : Table.num((heapAfter - heapBefore) / (double) connected, 1),
          Table.num(idle, 0), Table.num(idleCpu, 2), pings,
          pings == 0 ? "–" : Table.num(idleCpu * 1e6 / pings, 1), Table.num(generatorCpu, 2), note.strip());
    } catch (Unavailable e) {
      table.note("- skipped " + spec.name() + ": " + e.getMessage());
      Bench.log("capacity " + spec.name() + ": skipped, " + e.getMessage());
    }
  }

  /** Live heap after a full GC, summed over the JVM nodes (jcmd GC.run, GC.heap_info); -1 for other servers. */
  private long liveHeapKib(RunningServer server) {
    if (server.spec.kind() != ServerSpec.Kind.JAR && server.spec.kind() != ServerSpec.Kind.JAR_REDIS) {
      return -1;
    }
    Path jcmd = Path.of(settings.serverJava()).getParent() == null ? Path.of("jcmd")
        : Path.of(settings.serverJava()).getParent().resolve("jcmd");
    String tool = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
    long total = 0;
    for (long pid : server.nodePids()) {
      run(tool, Long.toString(pid), "GC.run");
      String info = run(tool, Long.toString(pid), "GC.heap_info");
      long used = heapUsedKib(info);
      if (used < 0) {
        return -1;
      }
      total += used;
    }
    return total;
  }

  /**
   * The heap in use, from {@code GC.heap_info}: the sum of every generation's (serial, parallel: "def new generation
   * total 9920K, used 127K", "tenured generation total 21888K, used 6688K") or G1's one heap line; not the metaspace's
   * (no "total" before its "used"). -1 when the output has no such line.
   */
  static long heapUsedKib(String info) {
    Matcher used = HEAP_USED.matcher(info);
    long total = -1;
    while (used.find()) {
      total = Math.max(total, 0) + Long.parseLong(used.group(1));
    }
    return total;
  }

  /** Runs a tool for at most 60 s (a jcmd that cannot attach must not hold up the run) and returns its output. */
  private static String run(String... command) {
    Path output = null;
    try {
      output = Files.createTempFile("bench-jcmd-", ".out");
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        Bench.log("gave up after 60 s on: " + String.join(" ", command));
      }
      return Files.readString(output);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  private static String fileLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return line.split("\\s+")[3];
        }
      }
    } catch (IOException e) {
      // unknown
    }
    return "?";
  }

  private static String mib(long kib) {
    return Table.num(kib / 1024.0, 0);
  }
}
