package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.StandaloneProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runnable jar as an operator uses it: flags, the PORT variable, the page, and SIGTERM. */
class StandaloneRunnerIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Process java(Map<String, String> environment, String... args) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                StandaloneProcess.jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    return builder.start();
  }

  @Test
  void anUnknownFlagPrintsTheUsageAndExitsNonZero() throws Exception {
    Process process = java(Map.of(), "--verbose");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err).contains("unknown option --verbose").contains("usage: java -jar socketchat-standalone.jar");
  }

  @Test
  void anHmacSecretShorterThan32BytesStopsTheStartWithASentenceThatSaysSo() throws Exception {
    Process process =
        java(Map.of("SOCKETCHAT_AUTH_MODE", "required", "SOCKETCHAT_AUTH_HMAC_SECRET", "too-short"), "--port", "0");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err)
        .contains("socketchat: socketchat.auth.hmac-secret must be at least 32 bytes")
        .contains("(set as the environment variable SOCKETCHAT_AUTH_HMAC_SECRET)")
        .doesNotContain("Exception in thread");
  }

  @Test
  void aPortInUseStopsTheStartWithASentenceThatSaysWhy() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      Process process = java(Map.of(), "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(1);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(err)
          .contains("socketchat: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use")
          .doesNotContain("Exception");
    }
  }

  @Test
  void theHelpFlagPrintsTheUsageAndExitsZero() throws Exception {
    Process process = java(Map.of(), "--help");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("--port PORT");
  }

  @Test
  void thePortComesFromThePortVariableWhenNoFlagIsGiven() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Process process = java(Map.of("PORT", Integer.toString(port)), "--host", "127.0.0.1");
    try {
      String ready = new java.io.BufferedReader(
              new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
          .lines()
          .filter(line -> line.startsWith("socketchat ready"))
          .findFirst()
          .orElseThrow();
      assertThat(ready).isEqualTo(
          "socketchat ready at http://127.0.0.1:%d/ (WebSocket ws://127.0.0.1:%d/chat)".formatted(port, port));
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMisspeltSettingAndAKeyWithAuthOffAreToldInWarningsAndTheServerStarts() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Process process =
        java(
            Map.of(
                "SOCKETCHAT_WARMUP", "0",
                "SOCKETCHAT_HEARTBEAT_INTERVALL", "5",
                "SOCKETCHAT_AUTH_HMAC_SECRET", "a-secret-of-the-site-at-least-32-bytes-long"),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port));
    java.util.Queue<String> err = new java.util.concurrent.ConcurrentLinkedQueue<>();
    Thread reader =
        new Thread(
            () ->
                new java.io.BufferedReader(
                        new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))
                    .lines()
                    .forEach(err::add));
    reader.start();
    try {
      Eventually.await(
          Duration.ofSeconds(60),
          () -> String.join("\n", err),
          text -> text.contains("did you mean") && text.contains("socketchat.auth.mode is off"),
          "both warnings on standard error");
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(String.join("\n", err))
        .contains(
            "environment variable SOCKETCHAT_HEARTBEAT_INTERVALL is no setting of socketchat and is ignored; did you"
                + " mean SOCKETCHAT_HEARTBEAT_INTERVAL?")
        .contains("a key of socketchat.auth.* is set but socketchat.auth.mode is off")
        .doesNotContain("SOCKETCHAT_WARMUP");
  }

  @Test
  void itServesThePageAndTheStatusReport() throws Exception {
    try (StandaloneProcess server = StandaloneProcess.start("standalone-runner-page", Map.of())) {
      HttpResponse<String> page =
          HTTP.send(HttpRequest.newBuilder(server.base()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).containsIgnoringCase("<!doctype html>");
      HttpResponse<String> status =
          HTTP.send(HttpRequest.newBuilder(server.resolve("status")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(status.body()).startsWith("{\"status\":\"UP\"");
      HttpResponse<String> missing =
          HTTP.send(HttpRequest.newBuilder(server.resolve("no-such-file.js")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aWaitingQueueAsLongAsTheLargestNumberLetsRequestsIn() throws Exception {
    // threads plus queue once wrapped round to a negative count of places: every request was closed unanswered
    Map<String, String> hugeQueue = Map.of("socketchat.http.queue", Integer.toString(Integer.MAX_VALUE));
    try (StandaloneProcess server = StandaloneProcess.start("standalone-runner-huge-queue", hugeQueue)) {
      HttpResponse<String> status =
          HTTP.send(HttpRequest.newBuilder(server.resolve("status")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).startsWith("{\"status\":\"UP\"");
    }
  }

  @Test
  void sigtermDrainsTheServerClosingEveryConnectionWith1012AndExits() throws Exception {
    StandaloneProcess server = StandaloneProcess.start("standalone-runner-sigterm", Map.of());
    ChatClient owner = ChatClient.connect(server).as("owner");
    ChatClient idle = ChatClient.connect(server).as("idle");
    owner.createRoom("until shutdown");

    int exit = server.stop(Duration.ofSeconds(30));
    assertThat(owner.closed().get(10, TimeUnit.SECONDS)).as("service restart: come back").isEqualTo(1012);
    assertThat(idle.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1012);
    assertThat(exit).isIn(0, 143);
    assertThat(server.log()).contains("socketchat stopped");
    assertThat(server.log()).as("what it logs while it stops").contains("closed 2 connection(s) with 1012");
    assertThat(URI.create("ws://x").getScheme()).isEqualTo("ws");
  }
}
