package dev.socketchat.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package) on a free loopback port, with nothing saved to disk, for tests. It
 * can be stopped and started again on the same port, which empties it, as a restart without persistence does.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final String name;
  private final int port;
  private Process process;
  private int starts;

  private RedisServer(String name, int port) {
    this.name = name;
    this.port = port;
  }

  /** Starts a server on a free port; its output goes to {@code target/logs/NAME.log}. */
  public static RedisServer start(String name) {
    RedisServer server = new RedisServer(name, freePort());
    server.start();
    return server;
  }

  /** The address nodes are given: {@code redis://127.0.0.1:PORT}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts the server (again) on its port and waits until it answers PING. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server is running already");
    }
    starts++;
    Path log = Path.of("target", "logs", name + "-" + starts + ".log");
    try {
      Files.createDirectories(log.getParent());
      process =
          new ProcessBuilder(
                  List.of(
                      "redis-server",
                      "--port", Integer.toString(port),
                      "--bind", "127.0.0.1",
                      "--save", "",
                      "--appendonly", "no",
                      "--protected-mode", "yes",
                      "--daemonize", "no",
                      "--dir", log.getParent().toAbsolutePath().toString()))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run redis-server (install the redis-server package)", e);
    }
    Eventually.await(START_TIMEOUT, this::answersPing, up -> up || !process.isAlive(), "redis-server on port " + port);
    if (!process.isAlive()) {
      throw new IllegalStateException("redis-server exited; see " + log);
    }
  }

  /** Whether the server process is running. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the server (SIGTERM) and waits for it to exit; its data is gone. */
  public synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Freezes the server (SIGSTOP): connections stay open, but nothing is read or answered until {@link #resume()}. */
  public synchronized void pause() {
    Signals.freeze(process);
  }

  /** Lets a paused server go on (SIGCONT): it then runs what queued up meanwhile, with its clock moved on. */
  public synchronized void resume() {
    Signals.thaw(process);
  }

  /** Sends one command in Redis's inline form and returns the first line of the answer (for checks from tests). */
  public String command(String inline) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return line(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends one command in Redis's inline form and returns the strings of its answer: an array's bulk strings (KEYS,
   * HVALS), or one bulk string (GET, HGET; none when it is nil).
   */
  public List<String> strings(String inline) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String head = line(in);
      if (head.startsWith("-")) {
        throw new IllegalStateException("Redis refused " + inline + ": " + head);
      }
      int count = head.startsWith("*") ? Integer.parseInt(head.substring(1)) : 1;
      List<String> strings = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String size = i == 0 && head.startsWith("$") ? head : line(in);
        if (!size.startsWith("$")) {
          throw new IllegalStateException("not a bulk string: " + size);
        }
        int length = Integer.parseInt(size.substring(1));
        if (length >= 0) {
          strings.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
          line(in);
        }
      }
      return strings;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    stop();
  }

  private boolean answersPing() {
    try {
      return command("PING").equals("+PONG");
    } catch (UncheckedIOException notYet) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
