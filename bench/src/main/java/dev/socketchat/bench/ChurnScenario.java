package dev.socketchat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Churn: concurrent users cycling connect → join → chat → exit → disconnect; cycles per second, cycle latency and
 * server CPU per cycle, then a leak check: the server's {@code /status} must come back to zero everywhere.
 */
final class ChurnScenario {
  /** What one server did. */
  record Outcome(String server, long cycles, long errors, double cyclesPerSecond, Histogram cycle, double cpu,
      Map<String, Long> after, boolean clean, String note) {}

  private final Settings settings;
  private final Options options;
  private final List<Outcome> outcomes = new ArrayList<>();
  private final Table table;

  ChurnScenario(Settings settings, Options options) {
    this.settings = settings;
    this.options = options;
    this.table = new Table("Churn: connect → join → chat → exit → disconnect, then everybody leaves"
        + (options.client() == Client.OWN ? "" : " (connections from the JDK's WebSocket client)"),
        "server", "churners", "cycles", "cycles/s", "cycle p50 ms", "cycle p99 ms", "errors", "server CPU s",
        "server ms CPU/cycle", "generator CPU s", "after: connections/seats/rooms/openRooms/memberships", "leak",
        "note");
  }

  String run(List<ServerSpec> servers) {
    for (ServerSpec spec : servers) {
      measure(spec);
    }
    if (options.client() != Client.OWN) {
      table.note("Connections opened by " + options.client().describe() + ".");
    }
    return table.render();
  }

  List<Outcome> outcomes() {
    return outcomes;
  }

  private void measure(ServerSpec spec) {
    int churners = (int) options.number("churners", 50);
    int rooms = (int) options.number("rooms", 10);
    double seconds = options.number("seconds", 30);
    long maxCycles = (long) options.number("max-cycles", 1_000_000);
    int workers = Math.max(1, Math.min(churners, (int) options.number("workers", 1)));
    Bench.log("churn " + spec.name() + ": starting the server");
    try (RunningServer server = Bench.track(RunningServer.start(spec, settings));
        Generators generators = Bench.track(new Generators(settings, spec.protocol(), options.client(),
            server.bases(), workers, (long) seconds + 300))) {
      List<String> commands = new ArrayList<>();
      for (int k = 0; k < workers; k++) {
        int firstRoom = k * rooms / workers;
        int firstChurner = k * churners / workers;
        commands.add("churn rooms=" + Math.max(1, (k + 1) * rooms / workers - firstRoom) + " churners="
            + ((k + 1) * churners / workers - firstChurner) + " first=" + firstRoom + " first_churner=" + firstChurner
            + " seconds=" + seconds + " max_cycles=" + maxCycles / workers);
      }
      double cpuBefore = server.cpuSeconds();
      double generatorBefore = generators.cpuSeconds();
      long began = System.nanoTime();
      List<Map<String, String>> answers = generators.ask(commands, (long) seconds + 120);
      double elapsed = (System.nanoTime() - began) / 1e9;
      double cpu = server.cpuSeconds() - cpuBefore;
      double generatorCpu = generators.cpuSeconds() - generatorBefore;
      long cycles = Generators.sum(answers, "cycles");
      long errors = Generators.sum(answers, "errors");
      Histogram cycle = Generators.histogram(answers);
      Map<String, Long> after = settle(server);
      boolean clean = !after.isEmpty() && after.values().stream().allMatch(v -> v == 0);
      String note = Generators.firstError(answers) == null ? "" : "first error: " + Generators.firstError(answers);
      Outcome outcome = new Outcome(spec.name(), cycles, errors, cycles / Math.min(seconds, elapsed), cycle, cpu,
          after, clean, note);
      outcomes.add(outcome);
      table.row(spec.name(), churners, cycles, Table.num(outcome.cyclesPerSecond(), 0),
          FanoutScenario.ms(cycle.percentile(0.5)), FanoutScenario.ms(cycle.percentile(0.99)), errors,
          Table.num(cpu, 2), cycles == 0 ? "–" : Table.num(cpu * 1000 / cycles, 3), Table.num(generatorCpu, 2),
          after.isEmpty() ? "no /status" : after.get("connections") + "/" + after.get("seats") + "/"
              + after.get("rooms") + "/" + after.get("openRooms") + "/" + after.get("memberships"),
          after.isEmpty() ? "unknown" : clean ? "none" : "LEAK", note);
      Bench.log("churn " + spec.name() + ": " + cycles + " cycles, " + errors + " errors, after " + after);
    } catch (Unavailable e) {
      table.note("- skipped " + spec.name() + ": " + e.getMessage());
      Bench.log("churn " + spec.name() + ": skipped, " + e.getMessage());
    }
  }

  /** Polls {@code /status} until every count is zero or 15 s passed (the server gives no notice when it is done). */
  private static Map<String, Long> settle(RunningServer server) {
    long deadline = System.nanoTime() + 15_000_000_000L;
    Map<String, Long> status = server.status();
    while (System.nanoTime() < deadline && !status.isEmpty() && status.values().stream().anyMatch(v -> v != 0)) {
      RunningServer.pause(200);
      status = server.status();
    }
    return status;
  }
}
