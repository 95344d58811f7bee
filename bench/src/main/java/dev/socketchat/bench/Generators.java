package dev.socketchat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load generator processes of one run: each a {@link Worker} JVM with its own source address (127.0.0.10 and up),
 * so that together they pass the per-process file limit and the per-address port range (the JDK client binds none:
 * see {@link JdkWebSocketConnection}). Commands go to all at once.
 */
final class Generators implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();
  private final List<Writer> inputs = new ArrayList<>();
  private final List<BufferedReader> outputs = new ArrayList<>();

  Generators(Settings settings, Protocol protocol, List<String> bases, int count, long maxSeconds) {
    this(settings, protocol, Client.OWN, bases, count, maxSeconds);
  }

  /** {@code count} generators whose connections are made by {@code client}. */
  Generators(Settings settings, Protocol protocol, Client client, List<String> bases, int count, long maxSeconds) {
    for (int k = 0; k < count; k++) {
      List<String> command = List.of(settings.generatorJava(), "-Xms128m", "-Xmx1g", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Worker.class.getName(),
          "--protocol", protocol.label(), "--client", client.label(), "--targets", String.join(",", bases),
          "--sources", "127.0.0." + (10 + k), "--max-seconds", Long.toString(maxSeconds));
      try {
        Process process = new ProcessBuilder(command)
            .redirectError(settings.logDir().resolve("generator-" + k + ".log").toFile()).start();
        processes.add(process);
        inputs.add(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        close();
        throw new UncheckedIOException(e);
      }
    }
  }

  int size() {
    return processes.size();
  }

  List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  double cpuSeconds() {
    return ProcStats.cpuSeconds(pids());
  }

  /** Sends command {@code i} to generator {@code i} and returns the answers, parsed; waits at most {@code seconds}. */
  List<Map<String, String>> ask(List<String> commands, long seconds) {
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int k = 0; k < processes.size(); k++) {
      try {
        inputs.get(k).write(commands.get(k) + "\n");
        inputs.get(k).flush();
      } catch (IOException e) {
        throw new UncheckedIOException("generator " + k + " is gone", e);
      }
      BufferedReader output = outputs.get(k);
      CompletableFuture<String> answer = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try {
          String line = output.readLine();
          answer.complete(line == null ? "error generator_exited" : line);
        } catch (IOException e) {
          answer.complete("error " + Worker.oneWord(e.toString()));
        }
      }, "generator-answer-" + k);
      reader.setDaemon(true);
      reader.start();
      answers.add(answer);
    }
    List<Map<String, String>> parsed = new ArrayList<>();
    for (CompletableFuture<String> answer : answers) {
      String line;
      try {
        line = answer.get(seconds, TimeUnit.SECONDS);
      } catch (Exception e) {
        line = "error no_answer_within_" + seconds + "s";
      }
      parsed.add(parse(line));
    }
    return parsed;
  }

  /** Sends the same command to every generator. */
  List<Map<String, String>> askAll(String command, long seconds) {
    List<String> same = new ArrayList<>();
    for (int k = 0; k < processes.size(); k++) {
      same.add(command);
    }
    return ask(same, seconds);
  }

  /** {@code ok a=1 b=2} as {@code {ok=true, a=1, b=2}}; an {@code error ...} line keeps its text under "error". */
  static Map<String, String> parse(String line) {
    Map<String, String> fields = new HashMap<>();
    String[] words = line.split(" ");
    fields.put("ok", Boolean.toString(words[0].equals("ok")));
    if (!words[0].equals("ok")) {
      fields.put("error", line);
    }
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq > 0) {
        fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
      }
    }
    return fields;
  }

  static long sum(List<Map<String, String>> answers, String field) {
    return answers.stream().mapToLong(a -> Long.parseLong(a.getOrDefault(field, "0"))).sum();
  }

  static String firstError(List<Map<String, String>> answers) {
    return answers.stream().map(a -> a.get("error") != null ? a.get("error")
        : a.get("first_failure") != null ? a.get("first_failure") : a.get("first_error"))
        .filter(e -> e != null).findFirst().orElse(null);
  }

  static Histogram histogram(List<Map<String, String>> answers) {
    Histogram total = new Histogram();
    answers.stream().map(a -> a.get("hist")).filter(h -> h != null).forEach(h -> total.add(Histogram.decode(h)));
    return total;
  }

  @Override
  public void close() {
    for (Writer input : inputs) {
      try {
        input.write("quit\n");
        input.close();
      } catch (IOException e) {
        // already gone
      }
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  static Map<String, String> none() {
    return new HashMap<>();
  }
}
