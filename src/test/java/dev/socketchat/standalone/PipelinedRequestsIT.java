package dev.socketchat.standalone;

import static dev.socketchat.testing.RawHttp.chunked;
import static dev.socketchat.testing.RawHttp.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.RawHttp;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests pipelined on one keep-alive connection (HTTP/1.1, RFC 9112 section 9.3.2), sent in one write, are each
 * answered, in order: plain GETs, Socket.IO polling POSTs with bodies framed by {@code Content-Length} or chunked, and
 * GETs behind POSTs; also on a runner with one HTTP thread and no queue, where the request behind is the one the
 * thread serves next. Likewise requests each sent the moment the previous answer arrived.
 */
class PipelinedRequestsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final String STATUS = request("GET", "/status", null);
  private static final String TEXT = "Content-Type: text/plain;charset=UTF-8";
  // more than the requests Grizzly serves on one keep-alive connection (256)
  private static final int RIGHT_AFTER = 1000;
  private static StandaloneProcess server;
  private static StandaloneProcess oneThread;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("pipelined-requests", Map.of());
    oneThread =
        StandaloneProcess.start(
            "pipelined-requests-one-thread", Map.of("socketchat.http.threads", "1", "socketchat.http.queue", "0"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
    oneThread.close();
  }

  @Test
  void aGetBehindAGetIsAnswered() throws IOException {
    onEachRunner(
        (runner, http) -> {
          http.send(STATUS + request("GET", "/health/live", null));
          assertThat(http.next().body()).as(runner).startsWith("{\"status\":\"UP\",\"connections\"");
          assertThat(http.next().body()).as(runner).isEqualTo("{\"status\":\"UP\"}");
        });
  }

  @Test
  void aGetBehindAPollingPostIsAnswered() throws IOException {
    onEachRunner(
        (runner, http) -> {
          String sid = handshake(http);
          http.send(request("POST", polling(sid), "40", TEXT) + STATUS);
          assertThat(http.next().body()).as(runner).isEqualTo("ok");
          assertThat(http.next().body()).as(runner).startsWith("{\"status\":\"UP\"");
        });
  }

  @Test
  void thePollBehindAPollingPostIsAnsweredWithWhatThePostCaused() throws IOException {
    onEachRunner(
        (runner, http) -> {
          String sid = handshake(http);
          http.send(request("POST", polling(sid), "40", TEXT) + request("GET", polling(sid), null));
          assertThat(http.next().body()).as(runner).isEqualTo("ok");
          assertThat(http.next().body()).as(runner).startsWith("40{\"sid\":");
        });
  }

  @Test
  void aGetBehindAChunkedPollingPostIsAnswered() throws IOException {
    onEachRunner(
        (runner, http) -> {
          String sid = handshake(http);
          http.send(chunked("POST", polling(sid), "4", "0") + request("GET", polling(sid), null));
          assertThat(http.next().body()).as(runner).isEqualTo("ok");
          assertThat(http.next().body()).as(runner).startsWith("40{\"sid\":");
        });
  }

  @Test
  void aPostBehindAPostIsAnswered() throws IOException {
    onEachRunner(
        (runner, http) -> {
          String sid = handshake(http);
          http.send(
              request("POST", polling(sid), "40", TEXT)
                  + chunked("POST", polling(sid), "6\u001e", "6")
                  + request("POST", polling(sid), "6", TEXT)
                  + request("GET", polling(sid), null));
          for (int i = 0; i < 3; i++) {
            assertThat(http.next().body()).as(runner + " POST " + i).isEqualTo("ok");
          }
          assertThat(http.next().body()).as(runner).startsWith("40{\"sid\":");
        });
  }

  @Test
  void aGetBehindAPostWhoseBodySpansManyReadsIsAnswered() throws IOException {
    String noops = "6" + "\u001e6".repeat(100_000); // 200 KB of no-ops: more than one read of the socket
    onEachRunner(
        (runner, http) -> {
          String sid = handshake(http);
          http.send(request("POST", polling(sid), noops, TEXT) + STATUS);
          assertThat(http.next().body()).as(runner).isEqualTo("ok");
          assertThat(http.next().body()).as(runner).startsWith("{\"status\":\"UP\"");
          http.send(chunked("POST", polling(sid), noops, "\u001e6") + STATUS);
          assertThat(http.next().body()).as(runner).isEqualTo("ok");
          assertThat(http.next().body()).as(runner).startsWith("{\"status\":\"UP\"");
        });
  }

  /**
   * Requests each sent the moment the previous answer arrived, on one keep-alive connection, more than Grizzly keeps a
   * connection alive for: every one is answered until an answer says {@code Connection: close}, and only then does the
   * connection end. (On the one-thread runner the request's place in the pool was found neither handed over nor back
   * in the pool, now and then, and the connection closed unanswered; {@link PoolPlacesTest} races that moment.)
   */
  @Test
  void aRequestRightAfterAnAnswerIsAnsweredUntilAnAnswerSaysClose() throws IOException {
    onEachRunner(
        (runner, http) -> {
          int answered = 0;
          boolean closing = false;
          while (!closing && answered < RIGHT_AFTER) {
            http.send(STATUS);
            RawHttp.Response answer = http.next();
            assertThat(answer.status()).as(runner + " request " + answered).isEqualTo(200);
            closing = "close".equalsIgnoreCase(answer.header("Connection"));
            answered++;
          }
          assertThat(closing).as(runner + ": a connection kept alive for ever").isTrue();
          assertThat(answered).as(runner + ": requests answered before the close").isGreaterThanOrEqualTo(100);
          assertThat(http.closedByServer()).as(runner + ": closed after its answer said so").isTrue();
        });
  }

  /** Runs {@code exchange} on a new keep-alive connection to each runner: the default one, then the one-thread one. */
  private static void onEachRunner(Exchange exchange) throws IOException {
    for (StandaloneProcess runner : new StandaloneProcess[] {server, oneThread}) {
      try (RawHttp http = RawHttp.connect(runner, PATIENCE)) {
        exchange.run(runner.name(), http);
      }
    }
  }

  /** What a test does on one connection; {@code runner} names the runner, for the assertions' descriptions. */
  @FunctionalInterface
  private interface Exchange {
    void run(String runner, RawHttp http) throws IOException;
  }

  /** Opens an Engine.IO polling session on this connection, which stays open; returns its sid. */
  private static String handshake(RawHttp http) throws IOException {
    String open = http.send(request("GET", "/socket.io/?EIO=4&transport=polling&name=piper&room=pipes", null)).next()
        .body();
    return Json.createReader(new StringReader(open.substring(1))).readObject().getString("sid");
  }

  private static String polling(String sid) {
    return "/socket.io/?EIO=4&transport=polling&sid=" + sid;
  }
}
