package dev.socketchat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one of the npm test clients in {@code src/test/node} (property {@code socketchat.nodeTests}; Maven installs
 * their packages with {@code npm ci} before the integration tests) with node, and asserts that it passed: exit code 0
 * and "checks passed" in its output. The scripts print one {@code ok N ...} line per check.
 */
public final class NodeScript {
  /** How long a script may run; the scripts have their own, shorter limits. */
  public static final Duration TIME_LIMIT = Duration.ofMinutes(2);

  private NodeScript() {}

  /** The folder of the npm test clients. */
  public static Path scripts() {
    return Path.of(System.getProperty("socketchat.nodeTests", "src/test/node"));
  }

  /**
   * Runs {@code node script args...} in {@link #scripts()}, writes what it printed (stdout and stderr) to {@code
   * target/<script>.out}, asserts it passed and returns the output.
   */
  public static String run(String script, String... args) {
    Path scripts = scripts();
    assertThat(scripts.resolve("node_modules"))
        .as("%s/node_modules, which Maven installs (npm ci) before the integration tests run", scripts)
        .isDirectory();
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(script);
    command.addAll(List.of(args));
    String printed;
    boolean finished;
    int exit;
    try {
      Process node = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true).start();
      CompletableFuture<String> output =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  return "(output unreadable: " + e + ")";
                }
              });
      finished = node.waitFor(TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        node.destroyForcibly();
        node.waitFor(10, TimeUnit.SECONDS);
      }
      printed = output.get(10, TimeUnit.SECONDS);
      exit = finished ? node.exitValue() : -1;
      Path out = Path.of("target", script.replaceFirst("\\.m?js$", "") + ".out");
      Files.createDirectories(out.getParent());
      Files.writeString(out, printed);
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read the output of " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(finished).as("node %s finished within %s; it printed:%n%s", script, TIME_LIMIT, printed).isTrue();
    assertThat(exit).as("node %s exit code; it printed:%n%s", script, printed).isZero();
    assertThat(printed).as("output of node %s", script).contains("checks passed");
    return printed;
  }
}
