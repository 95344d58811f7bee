package dev.socketchat.bench;

import java.util.List;
import java.util.Map;

/**
 * The check CI runs: the generator drives the standalone jar through a short fan-out (nothing may be lost) and a
 * short churn (everything must be back to zero afterwards). It proves the tooling works, it measures nothing.
 */
final class Smoke {
  private static boolean passed;

  private Smoke() {}

  static String run(Settings settings) {
    ServerSpec socketchat = ServerSpec.builtIn().get(0);
    StringBuilder report = new StringBuilder();
    boolean fanoutOk = false;
    boolean churnOk = false;
    try (RunningServer server = Bench.track(RunningServer.start(socketchat, settings));
        Generators generators = Bench.track(new Generators(settings, Protocol.CHAT, server.bases(), 1, 120))) {
      Map<String, String> seated = generators.askAll("fanout rooms=2 members=5 first=0", 60).get(0);
      Map<String, String> step = generators.askAll("step n=1 rate=2 seconds=2 drain=3 size=64", 60).get(0);
      generators.askAll("close", 30);
      long expected = Long.parseLong(step.getOrDefault("expected", "0"));
      long received = Long.parseLong(step.getOrDefault("received", "-1"));
      fanoutOk = "10".equals(seated.get("connections")) && expected > 0 && expected == received;
      report.append("\nfan-out 2×5 at 2 msg/s for 2 s: ").append(received).append(" of ").append(expected)
          .append(" deliveries, p99 ").append(FanoutScenario.ms(Histogram.decode(step.getOrDefault("hist", "0;"))
              .percentile(0.99))).append(" ms").append(fanoutOk ? "" : "  FAILED " + seated + " " + step);
    }
    ChurnScenario churn = new ChurnScenario(settings,
        new Options(List.of("--churners", "4", "--rooms", "2", "--seconds", "3")));
    report.append(churn.run(List.of(socketchat)));
    ChurnScenario.Outcome outcome = churn.outcomes().isEmpty() ? null : churn.outcomes().get(0);
    churnOk = outcome != null && outcome.cycles() > 0 && outcome.errors() == 0 && outcome.clean();
    passed = fanoutOk && churnOk;
    report.append("\nsmoke ").append(passed ? "passed" : "FAILED").append('\n');
    return report.toString();
  }

  static boolean passed() {
    return passed;
  }
}
