package dev.socketchat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fan-out: R rooms × M members, every member saying messages at a rate stepped up until p99 delivery latency passes
 * the limit (or messages get lost); per step the deliveries per second, loss, latency, server CPU per delivery and
 * peak memory, with the generators' own CPU next to the server's.
 */
final class FanoutScenario {
  /** One measured step. */
  record Row(String server, String layout, double rate, double deliveriesPerSecond, long expected, long received,
      Histogram latency, double serverCpu, long peakRssKib, double generatorCpu, long lagP99Micros, String note) {

    double lossPercent() {
      return expected == 0 ? 0 : 100.0 * (expected - received) / expected;
    }

    double cpuMicrosPerDelivery() {
      return received == 0 ? Double.NaN : serverCpu * 1e6 / received;
    }
  }

  private final Settings settings;
  private final Options options;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  FanoutScenario(Settings settings, Options options) {
    this.settings = settings;
    this.options = options;
  }

  String run(List<ServerSpec> servers) {
    List<int[]> layouts = options.layouts("layouts", "20x20,200x10");
    for (ServerSpec spec : servers) {
      for (int[] layout : layouts) {
        measure(spec, layout[0], layout[1]);
      }
    }
    return report(layouts);
  }

  private void measure(ServerSpec spec, int rooms, int members) {
    String layout = rooms + "×" + members;
    List<Double> rates = options.numbers("rates", "1,2,5,10,20");
    double seconds = options.number("step-seconds", 10);
    double warmup = options.number("warmup-seconds", 10);
    double drain = options.number("drain-seconds", 5);
    int size = (int) options.number("size", 64);
    double p99Limit = options.number("p99-limit-ms", 100);
    int workers = Math.max(1, Math.min(rooms, (int) options.number("workers", 1)));
    Bench.log("fanout " + spec.name() + " " + layout + ": starting the server");
    try (RunningServer server = Bench.track(RunningServer.start(spec, settings));
        Generators generators = Bench.track(new Generators(settings, spec.protocol(), options.client(), server.bases(),
            workers, (long) (120 + (warmup + rates.size() * (seconds + drain + 30)) * 2)))) {
      List<String> setup = new ArrayList<>();
      for (int k = 0; k < workers; k++) {
        int first = k * rooms / workers;
        int next = (k + 1) * rooms / workers;
        setup.add("fanout rooms=" + (next - first) + " members=" + members + " first=" + first);
      }
      List<Map<String, String>> seated = generators.ask(setup, 240);
      long connections = Generators.sum(seated, "connections");
      long settled = Generators.sum(seated, "settled_rooms");
      if (connections < (long) rooms * members || settled < rooms) {
        rows.add(new Row(spec.name(), layout, 0, 0, 0, 0, new Histogram(), 0, server.peakRssKib(), 0, 0,
            "setup failed: " + connections + " connected, " + settled + " rooms settled; " + Generators.firstError(seated)));
        return;
      }
      Bench.log("fanout " + spec.name() + " " + layout + ": " + connections + " connected; warming up " + warmup + " s");
      if (warmup > 0) {
        generators.askAll(step(0, rates.get(0), warmup, drain, size), (long) (warmup + drain + 60));
      }
      for (int i = 0; i < rates.size(); i++) {
        double rate = rates.get(i);
        double cpuBefore = server.cpuSeconds();
        double generatorBefore = generators.cpuSeconds();
        List<Map<String, String>> answers =
            generators.askAll(step(i + 1, rate, seconds, drain, size), (long) (seconds + drain + 60));
        double cpu = server.cpuSeconds() - cpuBefore;
        double generatorCpu = generators.cpuSeconds() - generatorBefore;
        long expected = Generators.sum(answers, "expected");
        long received = Generators.sum(answers, "received");
        Histogram latency = Generators.histogram(answers);
        long lag = answers.stream().mapToLong(a -> Long.parseLong(a.getOrDefault("lag_p99_us", "0"))).max().orElse(0);
        String error = answers.stream().map(a -> a.get("error")).filter(e -> e != null).findFirst().orElse("");
        long lost = Generators.sum(answers, "lost_connections");
        Row row = new Row(spec.name(), layout, rate, received / seconds, expected, received, latency, cpu,
            server.peakRssKib(), generatorCpu, lag, error + (lost > 0 ? " " + lost + " connections lost" : ""));
        rows.add(row);
        Bench.log(String.format(java.util.Locale.ROOT,
            "fanout %s %s rate %.1f: %.0f deliveries/s, loss %.2f%%, p99 %.1f ms, %.2f µs CPU/delivery",
            spec.name(), layout, rate, row.deliveriesPerSecond(), row.lossPercent(),
            latency.percentile(0.99) / 1000.0, row.cpuMicrosPerDelivery()));
        if (latency.percentile(0.99) / 1000.0 > p99Limit || row.lossPercent() > 1 || !error.isEmpty()) {
          break;
        }
      }
      generators.askAll("close", 90);
    } catch (Unavailable e) {
      skipped.add(spec.name() + " (" + layout + "): " + e.getMessage());
      Bench.log("fanout " + spec.name() + ": skipped, " + e.getMessage());
    }
  }

  private static String step(int n, double rate, double seconds, double drain, int size) {
    return "step n=" + n + " rate=" + rate + " seconds=" + seconds + " drain=" + drain + " size=" + size;
  }

  private String report(List<int[]> layouts) {
    double p99Limit = options.number("p99-limit-ms", 100);
    Client client = options.client();
    String by = client == Client.OWN ? "" : " (load from the JDK's WebSocket client)";
    Table table = new Table("Fan-out: every member sends at the given rate; each message reaches every member" + by,
        "server", "rooms×members", "msg/s per member", "deliveries/s", "loss %", "p50 ms", "p99 ms", "max ms",
        "server CPU s", "server µs CPU/delivery", "server peak RSS MiB", "generator CPU s",
        "generator µs CPU/delivery", "send lag p99 ms",
        "note");
    for (Row row : rows) {
      table.row(row.server(), row.layout(), Table.num(row.rate(), 1), Table.num(row.deliveriesPerSecond(), 0),
          Table.num(row.lossPercent(), 2), ms(row.latency().percentile(0.5)), ms(row.latency().percentile(0.99)),
          ms(row.latency().max()), Table.num(row.serverCpu(), 2), Table.num(row.cpuMicrosPerDelivery(), 2),
          Table.num(row.peakRssKib() / 1024.0, 0), Table.num(row.generatorCpu(), 2),
          Table.num(row.received() == 0 ? Double.NaN : row.generatorCpu() * 1e6 / row.received(), 2),
          ms(row.lagP99Micros()),
          row.note().strip());
    }
    table.note("- load generated by " + client.describe());
    skipped.forEach(s -> table.note("- skipped: " + s));
    StringBuilder out = new StringBuilder(table.render());

    Table knees = new Table("Fan-out: the highest rate each server carried with p99 ≤ " + Table.num(p99Limit, 0)
        + " ms and no loss" + by, "server", "rooms×members", "msg/s per member", "deliveries/s", "p99 ms",
        "server µs CPU/delivery");
    for (String server : rows.stream().map(Row::server).distinct().toList()) {
      for (int[] layout : layouts) {
        String name = layout[0] + "×" + layout[1];
        rows.stream().filter(r -> r.server().equals(server) && r.layout().equals(name))
            .filter(r -> r.latency().percentile(0.99) / 1000.0 <= p99Limit && r.received() == r.expected()
                && r.expected() > 0)
            .reduce((a, b) -> b)
            .ifPresentOrElse(
                r -> knees.row(server, name, Table.num(r.rate(), 1), Table.num(r.deliveriesPerSecond(), 0),
                    ms(r.latency().percentile(0.99)), Table.num(r.cpuMicrosPerDelivery(), 2)),
                () -> knees.row(server, name, "none", "", "", ""));
      }
    }
    if (!knees.isEmpty()) {
      out.append(knees.render());
    }

    Table ratios = new Table(
        "Fan-out: socketchat ÷ peer, same layout and rate (below 1 is better for socketchat)" + by,
        "socketchat server", "peer", "rooms×members", "msg/s per member", "CPU/delivery ratio", "p99 ratio");
    for (Row ours : rows) {
      if (!isSocketchat(ours.server())) {
        continue;
      }
      for (Row peer : rows) {
        if (isSocketchat(peer.server()) || !peer.layout().equals(ours.layout()) || peer.rate() != ours.rate()
            || peer.received() == 0 || ours.received() == 0) {
          continue;
        }
        ratios.row(ours.server(), peer.server(), ours.layout(), Table.num(ours.rate(), 1),
            Table.num(ours.cpuMicrosPerDelivery() / peer.cpuMicrosPerDelivery(), 2),
            Table.num((double) ours.latency().percentile(0.99) / Math.max(1, peer.latency().percentile(0.99)), 2));
      }
    }
    if (!ratios.isEmpty()) {
      out.append(ratios.render());
    }
    return out.toString();
  }

  private static boolean isSocketchat(String server) {
    return !server.equals("ws") && !server.equals("socketio");
  }

  static String ms(long micros) {
    return Table.num(micros / 1000.0, micros < 10_000 ? 2 : 1);
  }
}
