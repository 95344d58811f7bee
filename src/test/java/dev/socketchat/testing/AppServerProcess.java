package dev.socketchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One application server running as a separate process with the WAR deployed: started on free loopback ports, ready
 * once {@code /socketchat/} answers, stopped with SIGTERM. Everything it prints goes to {@code target/logs/ID.log}.
 */
public final class AppServerProcess implements ServerUnderTest, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AppServerProcess.class.getName());
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Variables of the test's environment that would change how a server's start script behaves. */
  private static final List<String> INHERITED_SETTINGS =
      List.of("JAVA_OPTS", "CATALINA_OPTS", "CATALINA_HOME", "CATALINA_BASE", "CATALINA_PID", "JRE_HOME", "JBOSS_HOME");

  private final AppServer server;
  private final Map<String, String> extra;
  private final Process process;
  private final URI base;
  private final Path log;

  private AppServerProcess(AppServer server, Map<String, String> extra, Process process, URI base, Path log) {
    this.server = server;
    this.extra = extra;
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /**
   * Prepares and starts the server and waits until the application answers.
   *
   * @throws IllegalStateException with the end of the server's log when it exits or does not answer in time
   */
  public static AppServerProcess start(AppServer server) {
    return start(server, Map.of());
  }

  /** Starts the server with settings of a test class's own on top of {@link AppServer#TEST_SETTINGS}. */
  public static AppServerProcess start(AppServer server, Map<String, String> extra) {
    long started = System.nanoTime();
    Path log = Path.of("target", "logs", server.id() + ".log").toAbsolutePath();
    Process process;
    Launcher.Launch launch;
    try {
      Map<String, String> settings = new java.util.LinkedHashMap<>(AppServer.TEST_SETTINGS);
      settings.putAll(extra);
      launch = server.launcher().prepare(settings);
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(launch.command())
              .directory(launch.directory().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      INHERITED_SETTINGS.forEach(builder.environment()::remove);
      builder.environment().putAll(launch.environment());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + server.id(), e);
    }
    AppServerProcess running = new AppServerProcess(server, Map.copyOf(extra), process, launch.base(), log);
    try {
      running.awaitServing(started);
    } catch (RuntimeException | Error e) {
      running.close();
      throw e;
    }
    LOG.log(
        System.Logger.Level.INFO,
        "{0} serving {1} after {2} ms (log: {3})",
        server.id(),
        launch.base(),
        millisSince(started),
        log);
    return running;
  }

  /** Polls the application's page until it answers 200; the server gives no other sign that deployment finished. */
  private void awaitServing(long started) {
    long deadline = started + START_TIMEOUT.toNanos();
    HttpRequest page = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(5)).build();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            server.id() + " exited with " + process.exitValue() + " before it served " + base + "\n" + logTail(200));
      }
      try {
        if (HTTP.send(page, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + server.id(), e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            server.id() + " did not serve " + base + " within " + START_TIMEOUT + "\n" + logTail(200));
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }

  /** The settings it was started with beyond {@link AppServer#TEST_SETTINGS}. */
  public Map<String, String> extraSettings() {
    return extra;
  }

  public AppServer server() {
    return server;
  }

  @Override
  public String name() {
    return server.id();
  }

  @Override
  public boolean closesLingeringly() {
    return false;
  }

  @Override
  public URI base() {
    return base;
  }

  @Override
  public Duration heartbeatTimeout() {
    return AppServer.HEARTBEAT_TIMEOUT;
  }

  /** The process that was started (a start script, or the server's JVM itself). */
  public ProcessHandle process() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** The last {@code count} lines of the server's output. */
  public String logTail(int count) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - count), lines.size());
      return "---- last " + tail.size() + " lines of " + log + " ----\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "(" + log + " unreadable: " + e + ")";
    }
  }

  /** Stops the server with SIGTERM, as an init system would, and waits for it to exit (killing it after a minute). */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    long stopping = System.nanoTime();
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    boolean stopped = awaitExit(process.toHandle()) && children.stream().allMatch(AppServerProcess::awaitExit);
    if (!stopped) {
      children.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      LOG.log(System.Logger.Level.WARNING, "{0} did not stop within {1}; killed it", server.id(), STOP_TIMEOUT);
      return;
    }
    LOG.log(System.Logger.Level.INFO, "{0} stopped after {1} ms", server.id(), millisSince(stopping));
  }

  private static boolean awaitExit(ProcessHandle handle) {
    try {
      handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
