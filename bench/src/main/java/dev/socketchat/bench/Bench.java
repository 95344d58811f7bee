package dev.socketchat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code bench/run SCENARIO [options]}: runs a scenario against one or all servers, one server at a time, and prints
 * the tables (also written under bench/target/results/). Every process it starts is stopped when it ends, and a run
 * never lasts longer than {@code --max-minutes}.
 */
public final class Bench {
  static final String USAGE = """
      usage: bench/run fanout|capacity|churn|smoke [options]
        --servers LIST        all (default) or a comma list of: socketchat, socketchat-sio, socketchat-redis,
                              socketchat-redis-sio, ws, socketio (and names given with --attach)
        --attach NAME=PROTOCOL,BASE_URL,PID[+PID]   also measure a server started elsewhere (a WAR on Tomcat...),
                              e.g. tomcat=chat,http://127.0.0.1:8080/socketchat,4242 (PROTOCOL: chat or sio)
        --jar PATH            socketchat's standalone jar (default target/socketchat-standalone.jar)
        --server-java PATH    java that runs socketchat (default: java on the PATH)
        --jvm-opts "..."      socketchat's JVM options (default "-Xms256m -Xmx1g")
        --generator-java PATH java that runs the generators (default: the one running this)
        --client own|jdk      fanout, capacity, churn: the generators' WebSocket client: own (default, the bench's NIO
                              client) or jdk (java.net.http.WebSocket, to confirm a figure with a client we did not
                              write; connects from 127.0.0.1 only, so at most ~28,000 connections per server port)
        --heartbeat MS        heartbeat/ping interval for every server (default 25000, every server's default)
        --nodes N             socketchat nodes in the Redis cluster variants (default 1)
        --max-minutes N       stop everything after N minutes (default 120)
        --out FILE            also append the tables to FILE
      fanout:   --layouts 20x20,200x10 --rates 1,2,5,10,20 (messages/s per member) --step-seconds 10
                --warmup-seconds 10 --drain-seconds 5 --size 64 (message characters) --p99-limit-ms 100 --workers 1
      capacity: --connections 19000 --room-size 10 --connect-rate 2000 (per second) --idle-seconds (2.2 heartbeats)
                --per-generator 9000
      churn:    --churners 50 --rooms 10 --seconds 30 --max-cycles 1000000 --workers 1
      smoke:    a 10-second check that the generator, the jar and the leak check work (exit status 1 if not)""";

  private static final List<AutoCloseable> RUNNING = new CopyOnWriteArrayList<>();
  private static final long STARTED = System.nanoTime();

  private Bench() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println(USAGE);
      return;
    }
    String scenario = args[0];
    Options options;
    try {
      options = new Options(Arrays.asList(args).subList(1, args.length));
      if (!List.of("fanout", "capacity", "churn", "smoke").contains(scenario)) {
        throw new IllegalArgumentException("unknown scenario " + scenario);
      }
      if (options.client() != Client.OWN && scenario.equals("smoke")) {
        throw new IllegalArgumentException("smoke checks the own client; --client applies to fanout, capacity, churn");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Path benchDir = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath().normalize();
    Path results = benchDir.resolve("target/results");
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path logs = benchDir.resolve("target/logs/" + stamp + "-" + scenario);
    Files.createDirectories(logs);
    Files.createDirectories(results);
    Settings settings = new Settings(
        benchDir,
        Path.of(options.text("jar", benchDir.getParent().resolve("target/socketchat-standalone.jar").toString())),
        options.text("server-java", "java"),
        List.of(options.text("jvm-opts", "-Xms256m -Xmx1g").strip().split("\\s+")),
        options.text("generator-java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        (long) options.number("heartbeat", 25000),
        (int) options.number("nodes", 1),
        logs);
    if (!Files.isRegularFile(settings.jar())) {
      System.err.println("bench: no jar at " + settings.jar() + " (build it with: mvn -B package -DskipTests)");
      System.exit(2);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(Bench::stopAll, "bench-stop"));
    startWatchdog(options.number("max-minutes", 120));

    List<ServerSpec> servers = scenario.equals("smoke")
        ? List.of(ServerSpec.builtIn().get(0))
        : servers(options.text("servers", "all"), options.attached());
    String header = header(scenario, args, settings);
    String tables = switch (scenario) {
      case "fanout" -> new FanoutScenario(settings, options).run(servers);
      case "capacity" -> new CapacityScenario(settings, options).run(servers);
      case "churn" -> new ChurnScenario(settings, options).run(servers);
      default -> Smoke.run(settings);
    };
    String report = header + tables;
    System.out.println(report);
    Path file = results.resolve(stamp + "-" + scenario + ".md");
    Files.writeString(file, report, StandardCharsets.UTF_8);
    if (options.text("out", null) != null) {
      Files.writeString(Path.of(options.text("out", null)), report + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    log("tables written to " + file + "; server and generator logs in " + logs);
    if (scenario.equals("smoke") && !Smoke.passed()) {
      System.exit(1);
    }
    System.exit(0);
  }

  private static List<ServerSpec> servers(String names, List<String> attachedSpecs) {
    List<ServerSpec> all = new ArrayList<>(ServerSpec.builtIn());
    attachedSpecs.forEach(spec -> all.add(ServerSpec.attached(spec)));
    if (names.equals("all")) {
      return all;
    }
    List<ServerSpec> chosen = new ArrayList<>();
    for (String name : names.split(",")) {
      chosen.add(all.stream().filter(s -> s.name().equals(name.strip())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown server " + name)));
    }
    return chosen;
  }

  private static String header(String scenario, String[] args, Settings settings) {
    return "## " + scenario + " — " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16)
        + "\n\n`bench/run " + String.join(" ", args) + "`\n\n" + Machine.describe(settings) + "\n";
  }

  /** Keeps a server or generator pool so that an interrupted run still stops it. */
  static <T extends AutoCloseable> T track(T resource) {
    RUNNING.add(resource);
    return resource;
  }

  static void log(String line) {
    System.err.printf(Locale.ROOT, "[bench %6.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, line);
  }

  private static void stopAll() {
    for (AutoCloseable resource : RUNNING) {
      try {
        resource.close();
      } catch (Exception e) {
        // stopping anyway
      }
    }
  }

  private static void startWatchdog(double minutes) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep((long) (minutes * 60_000));
        log("time limit of " + minutes + " minutes reached: stopping everything");
        System.exit(4);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
