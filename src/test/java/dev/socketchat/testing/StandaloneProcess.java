package dev.socketchat.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The standalone jar run as a separate JVM on a free loopback port, its output kept in a log under target/. */
public final class StandaloneProcess implements ServerUnderTest, AutoCloseable {
  private static final Pattern READY = Pattern.compile("socketchat ready at (http://\\S+/) ");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI base;
  private final Path log;
  private final Duration heartbeatTimeout;
  private final Duration resumeWindow;
  private final CompletableFuture<Void> drained;

  private StandaloneProcess(
      Process process,
      URI base,
      Path log,
      Duration heartbeatTimeout,
      Duration resumeWindow,
      CompletableFuture<Void> drained) {
    this.resumeWindow = resumeWindow;
    this.process = process;
    this.base = base;
    this.log = log;
    this.heartbeatTimeout = heartbeatTimeout;
    this.drained = drained;
  }

  /** The jar built by {@code mvn package}. */
  public static Path jar() {
    return Path.of(System.getProperty("socketchat.standaloneJar", "target/socketchat-standalone.jar"));
  }

  /** Starts the jar on a free port with test-friendly heartbeat settings and the given extra system properties. */
  public static StandaloneProcess start(String name, Map<String, String> properties, String... args) {
    return start(name, 0, properties, args);
  }

  /**
   * Starts the jar on the given loopback port (0 picks a free one), e.g. to start a server again on the port its
   * clients know, after stopping the one that had it.
   */
  public static StandaloneProcess start(String name, int port, Map<String, String> properties, String... args) {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    all.put("socketchat.heartbeat.interval", "500");
    // short enough for the heartbeat tests to finish quickly, long enough that a busy CI machine (a hundred clients in
    // the test's JVM answering pings late) does not take a live client for dead
    all.put("socketchat.heartbeat.timeout", "6000");
    // a dropped connection's session waits this long for a resume before its rooms hear it left
    all.put("socketchat.session.resume-window", "2000");
    // the warm-up at start (about 4 s here) would add minutes over the suite's many starts; WarmupIT runs it
    all.put("socketchat.warmup", "0");
    all.putAll(properties);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    all.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar().toString());
    command.add("--host");
    command.add("127.0.0.1");
    command.add("--port");
    command.add(Integer.toString(port));
    command.addAll(List.of(args));
    Path log = Path.of("target", "logs", name + ".log");
    try {
      Files.createDirectories(log.getParent());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      CompletableFuture<URI> ready = new CompletableFuture<>();
      CompletableFuture<Void> drained =
          CompletableFuture.runAsync(() -> copy(process, log, ready));
      URI base;
      try {
        base = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
        throw new IllegalStateException("standalone server did not start; log:\n" + Files.readString(log), e);
      }
      return new StandaloneProcess(
          process,
          base,
          log,
          Duration.ofMillis(Long.parseLong(all.get("socketchat.heartbeat.timeout"))),
          Duration.ofMillis(Long.parseLong(all.get("socketchat.session.resume-window"))),
          drained);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void copy(Process process, Path log, CompletableFuture<URI> ready) {
    try (BufferedReader out =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = out.readLine()) != null) {
        writer.write(line);
        writer.newLine();
        writer.flush();
        Matcher matcher = READY.matcher(line);
        if (matcher.find()) {
          ready.complete(URI.create(matcher.group(1)));
        }
      }
      ready.completeExceptionally(new IllegalStateException("server exited before it was ready"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return "standalone";
  }

  @Override
  public URI base() {
    return base;
  }

  @Override
  public Duration resumeWindow() {
    return resumeWindow;
  }

  @Override
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  /** The TCP port the server listens on. */
  public int port() {
    return base.getPort();
  }

  public Process process() {
    return process;
  }

  /** Everything the server printed so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Sends SIGTERM and waits for the process to end; returns its exit code. */
  public int stop(Duration within) throws InterruptedException {
    process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output

    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not stop within " + within + "; log:\n" + log());
    }
    try {
      drained.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // the log is as complete as it will get
    }
    return process.exitValue();
  }

  /** Stops the server if it still runs; when interrupted meanwhile, kills it and keeps the interrupt. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        stop(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
