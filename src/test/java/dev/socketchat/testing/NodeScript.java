package dev.socketchat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
import java.util.function.Function;

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
    return run(script, null, args);
  }

  /**
   * As {@link #run(String, String...)}, for a script that asks the test to act: a line {@code ? <request>} it prints
   * is handed to {@code prompts}, on the thread reading the output, and what that returns is written back to the
   * script's stdin as one line (so the script waits on the test, never on time).
   */
  public static String run(String script, Function<String, String> prompts, String... args) {
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
                StringBuilder read = new StringBuilder();
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                    Writer answers = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
                  for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    read.append(line).append('\n');
                    if (prompts != null && line.startsWith("? ")) {
                      answers.write(prompts.apply(line.substring(2)) + "\n");
                      answers.flush();
                    }
                  }
                  return read.toString();
                } catch (IOException | RuntimeException e) {
                  return read + "(output unreadable: " + e + ")";
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
