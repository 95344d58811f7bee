package dev.socketchat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server under measurement, started for one scenario and stopped after it: its processes (for CPU and memory),
 * its base URLs (one per node) and its {@code /status}. Everything binds to 127.0.0.1 on free ports.
 */
final class RunningServer implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("ready at (http://\\S+/)");
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1) // Node's servers hand an h2c upgrade to their WebSocket side
      .connectTimeout(Duration.ofSeconds(5)).build();

  final ServerSpec spec;
  private final List<Process> processes = new ArrayList<>();
  private final List<Long> pids = new ArrayList<>();
  private final List<String> bases = new ArrayList<>();
  private final List<Long> nodePids = new ArrayList<>();

  private RunningServer(ServerSpec spec) {
    this.spec = spec;
  }

  /** Starts the server and waits until it answers; throws {@link Unavailable} when this build lacks the mode. */
  static RunningServer start(ServerSpec spec, Settings settings) {
    RunningServer server = new RunningServer(spec);
    try {
      switch (spec.kind()) {
        case JAR -> server.startNode(settings, null, 0);
        case JAR_REDIS -> {
          int redis = server.startRedis(settings);
          for (int node = 0; node < settings.nodes(); node++) {
            server.startNode(settings, "redis://127.0.0.1:" + redis, node);
          }
          server.requireCluster(redis, settings.nodes());
        }
        case NODE -> server.startPeer(settings, spec.baseUrl());
        case ATTACHED -> {
          server.bases.add(spec.baseUrl().endsWith("/") ? spec.baseUrl() : spec.baseUrl() + "/");
          server.pids.addAll(spec.pids());
          server.nodePids.addAll(spec.pids());
        }
      }
      if (spec.protocol() == Protocol.SOCKETIO) {
        server.requireSocketIo();
      }
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  List<String> bases() {
    return List.copyOf(bases);
  }

  /** Every process whose CPU and memory count as the server's (nodes and Redis). */
  List<Long> pids() {
    return List.copyOf(pids);
  }

  /** The application nodes only (JVMs for socketchat), without Redis. */
  List<Long> nodePids() {
    return List.copyOf(nodePids);
  }

  double cpuSeconds() {
    return ProcStats.cpuSeconds(pids);
  }

  long peakRssKib() {
    return ProcStats.kib(pids, "VmHWM");
  }

  long rssKib() {
    return ProcStats.kib(pids, "VmRSS");
  }

  /** The {@code /status} counts, summed over the nodes for connections and seats; empty when there is none. */
  Map<String, Long> status() {
    Map<String, Long> total = new LinkedHashMap<>();
    for (int i = 0; i < bases.size(); i++) {
      Map<String, Long> node = status(bases.get(i));
      for (Map.Entry<String, Long> entry : node.entrySet()) {
        boolean perNode = entry.getKey().equals("connections") || entry.getKey().equals("seats");
        if (i == 0 || perNode) {
          total.merge(entry.getKey(), entry.getValue(), Long::sum);
        }
      }
    }
    return total;
  }

  private static Map<String, Long> status(String base) {
    Map<String, Long> counts = new LinkedHashMap<>();
    try {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(URI.create(base + "status")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher field = Pattern.compile("\"(\\w+)\":(\\d+)").matcher(response.body());
      while (field.find()) {
        counts.put(field.group(1), Long.parseLong(field.group(2)));
      }
    } catch (IOException e) {
      // no status: the caller reports it as unknown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return counts;
  }

  private void startNode(Settings settings, String redisUrl, int node) {
    List<String> command = new ArrayList<>();
    command.add(settings.serverJava());
    command.addAll(settings.jvmOptions());
    command.add("-Dsocketchat.heartbeat.interval=" + settings.heartbeatMillis());
    command.add("-Dsocketchat.heartbeat.timeout=" + Math.max(60_000, 3 * settings.heartbeatMillis()));
    if (redisUrl != null) {
      command.add("-Dsocketchat.redis.url=" + redisUrl);
    }
    command.addAll(List.of("-jar", settings.jar().toString(), "--host", "127.0.0.1", "--port", "0"));
    Process process = launch(command, spec.name() + (node > 0 ? "-" + node : ""), settings);
    nodePids.add(process.pid());
  }

  private void startPeer(Settings settings, String script) {
    Path peers = settings.benchDir().resolve("peers");
    if (!Files.isDirectory(peers.resolve("node_modules"))) {
      throw new Unavailable("bench/peers has no node_modules: run `npm ci --prefix bench/peers`");
    }
    Process process = launch(List.of("node", peers.resolve(script).toString(), "--host", "127.0.0.1", "--port", "0",
        "--heartbeat-interval", Long.toString(settings.heartbeatMillis())), spec.name(), settings);
    nodePids.add(process.pid());
  }

  private int startRedis(Settings settings) {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = List.of("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
        "--save", "", "--appendonly", "no", "--protected-mode", "yes");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(settings.logDir().resolve(spec.name() + "-redis.log").toFile()).start();
    } catch (IOException e) {
      throw new Unavailable("redis-server cannot be started (apt-get install redis-server): " + e.getMessage());
    }
    processes.add(process);
    pids.add(process.pid());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!Redis.ping(port)) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IllegalStateException("redis-server did not start on port " + port);
      }
      pause(100);
    }
    return port;
  }

  /** A jar without cluster mode ignores the Redis setting; it then never connects to Redis. */
  private void requireCluster(int redis, int nodes) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Redis.connectedClients(redis) < nodes + 1) {
      if (System.nanoTime() > deadline) {
        throw new Unavailable("this jar ignores socketchat.redis.url (no cluster mode yet)");
      }
      pause(200);
    }
  }

  /** A jar without the Socket.IO endpoint answers its upgrade with 404. */
  private void requireSocketIo() {
    URI uri = URI.create(bases.get(0).replaceFirst("^http", "ws") + "socket.io/?EIO=4&transport=websocket");
    CompletableFuture<String> open = new CompletableFuture<>();
    WebSocket.Listener listener = new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        open.complete(data.toString());
        return null;
      }
    };
    try {
      WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(uri, listener).get(15, TimeUnit.SECONDS);
      String first = open.get(15, TimeUnit.SECONDS);
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
      if (!first.startsWith("0{")) {
        throw new Unavailable("/socket.io/ did not open an Engine.IO session: " + first);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new Unavailable("this build has no /socket.io/ endpoint (" + e.getCause() + ")");
    }
  }

  private Process launch(List<String> command, String logName, Settings settings) {
    Path log = settings.logDir().resolve(logName + ".log");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new Unavailable("cannot run " + command.get(0) + ": " + e.getMessage());
    }
    processes.add(process);
    pids.add(process.pid());
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread copier = new Thread(() -> copy(process, log, ready), "log-" + logName);
    copier.setDaemon(true);
    copier.start();
    try {
      String base = ready.get(90, TimeUnit.SECONDS);
      bases.add(base);
      return process;
    } catch (Exception e) {
      throw new IllegalStateException(logName + " did not start (see " + log + "): " + e);
    }
  }

  private static void copy(Process process, Path log, CompletableFuture<String> ready) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = out.readLine()) != null) {
        writer.write(line);
        writer.write('\n');
        writer.flush();
        Matcher matcher = READY.matcher(line);
        if (!ready.isDone() && matcher.find()) {
          ready.complete(matcher.group(1));
        }
      }
      ready.completeExceptionally(new IllegalStateException("exited before it was ready"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops what this run started (SIGTERM, then SIGKILL after 15 s); attached servers are left alone. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
  }
}
