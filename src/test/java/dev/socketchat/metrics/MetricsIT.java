package dev.socketchat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.StandaloneProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on the standalone runner, read as Prometheus reads it while real clients use {@code /chat} and
 * Socket.IO: what they ask, what is refused, what reaches them and how their connections end is counted. The tests of
 * this class run one after another on a server of their own, so each change it counts is the test's.
 */
class MetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String TOKEN = "metrics-token-for-the-test-0123456789";
  private static StandaloneProcess server;
  private static StandaloneProcess guarded;
  private static StandaloneProcess off;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("metrics", Map.of());
    guarded = StandaloneProcess.start("metrics-token", Map.of("socketchat.metrics.token", TOKEN));
    off = StandaloneProcess.start("metrics-off", Map.of("socketchat.metrics.enabled", "false"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
    guarded.close();
    off.close();
  }

  @Test
  void requestsRefusalsAndDeliveriesAreCountedAsTheyHappen() {
    Scrape before = Scrape.of(server);
    try (ChatClient owner = ChatClient.connect(server).as("owner");
        ChatClient guest = ChatClient.connect(server).as("guest")) {
      int room = owner.createRoom("counted");
      guest.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");
      for (String message : new String[] {"하나", "two", "three"}) {
        owner.send(Requests.chat(room, "owner", message));
        owner.expectOk("SERVER_CHAT_SEND");
        guest.expectOk("SERVER_CHAT_SEND");
      }
      guest.send("not json");
      guest.expectRefusal("SERVER_ERROR", "BAD_JSON");
      guest.send(Requests.chat(room + 1000, "guest", "nowhere"));
      guest.expectRefusal("SERVER_CHAT_SEND", "NO_SUCH_ROOM");
      guest.sendBinary(new byte[] {1, 2, 3});
      guest.expectRefusal("SERVER_ERROR", "BINARY_NOT_SUPPORTED");
      // 1 create + 2 join + 6 chat + 3 refusals, each counted once its send completed
      Scrape during = awaitDelta(before, "socketchat_deliveries_total", 12);
      assertThat(delta(before, during, "socketchat_requests_total{protocol=\"chat\",type=\"CLIENT_ROOM_CREATE\"}"))
          .isEqualTo(1);
      assertThat(delta(before, during, "socketchat_requests_total{protocol=\"chat\",type=\"CLIENT_ROOM_JOIN\"}"))
          .isEqualTo(1);
      assertThat(delta(before, during, "socketchat_requests_total{protocol=\"chat\",type=\"CLIENT_CHAT_SEND\"}"))
          .isEqualTo(4);
      assertThat(delta(before, during, "socketchat_requests_total{protocol=\"chat\",type=\"other\"}"))
          .as("the frame that is no JSON and the binary one")
          .isEqualTo(2);
      assertThat(delta(before, during, "socketchat_refusals_total{reason=\"BAD_JSON\"}")).isEqualTo(1);
      assertThat(delta(before, during, "socketchat_refusals_total{reason=\"BINARY_NOT_SUPPORTED\"}")).isEqualTo(1);
      assertThat(delta(before, during, "socketchat_refusals_total{reason=\"NO_SUCH_ROOM\"}")).isEqualTo(1);
      assertThat(delta(before, during, "socketchat_delivery_latency_seconds_count")).isEqualTo(12);
      assertThat(delta(before, during, "socketchat_sent_bytes_total")).as("bytes of 12 JSON frames").isGreaterThan(500);
      awaitValue("socketchat_connections{protocol=\"chat\",transport=\"websocket\"}", 2);
      awaitValue("socketchat_rooms", 1);
      awaitValue("socketchat_memberships", 2);
    }
    awaitDelta(before, "socketchat_connections_closed_total{cause=\"client\"}", 2);
    awaitValue("socketchat_connections{protocol=\"chat\",transport=\"websocket\"}", 0);
    awaitValue("socketchat_rooms", 0);
  }

  @Test
  void connectionsThatEndAreCountedByCause() throws Exception {
    Scrape before = Scrape.of(server);
    ChatClient oversized = ChatClient.connect(server).as("big");
    oversized.send("x".repeat(70 * 1024));
    assertThat(oversized.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1009);
    awaitDelta(before, "socketchat_connections_closed_total{cause=\"protocol\"}", 1);

    // a member whose network goes away is suspended for its session, then expires when nobody resumes it
    ChatClient owner = ChatClient.connect(server).as("owner2");
    int room = owner.createRoom("dropped");
    ChatClient dropped = ChatClient.connect(server).as("dropper");
    dropped.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    dropped.abort();
    Scrape suspended = awaitDelta(before, "socketchat_sessions_suspended_total", 1);
    assertThat(delta(before, suspended, "socketchat_connections_closed_total{cause=\"network\"}")).isEqualTo(1);
    awaitValue("socketchat_sessions_waiting", 1);
    owner.expect("SERVER_ROOM_EXIT"); // the window (2 s here) passed
    awaitDelta(before, "socketchat_sessions_expired_total", 1);
    awaitValue("socketchat_sessions_waiting", 0);
    owner.close();
  }

  @Test
  void socketIoEventsAndSessionsAreCountedByNameAndTransport() {
    Scrape before = Scrape.of(server);
    try (EngineIoSocket page = EngineIoSocket.open(server, "name=kim&room=metrics", true)) {
      assertThat(page.connectNamespace()).startsWith("40");
      page.send("42[\"join_room\",{\"type\":0}]").send("42[\"chatting\",\"hi\"]").send("42[\"no_such_event\"]");
      Scrape during =
          awaitDelta(before, "socketchat_requests_total{protocol=\"socketio\",type=\"other\"}", 1);
      assertThat(delta(before, during, "socketchat_requests_total{protocol=\"socketio\",type=\"join_room\"}"))
          .isEqualTo(1);
      assertThat(delta(before, during, "socketchat_requests_total{protocol=\"socketio\",type=\"chatting\"}"))
          .isEqualTo(1);
      awaitValue("socketchat_connections{protocol=\"socketio\",transport=\"websocket\"}", 1);
      awaitValue("socketchat_rooms_open", 1);
    }
    // a close frame without 1001 suspends the socket for recovery; the window (2 s here) passes
    awaitValue("socketchat_sockets_waiting", 1);
    awaitDelta(before, "socketchat_connections_closed_total{cause=\"client\"}", 1);
    awaitValue("socketchat_connections{protocol=\"socketio\",transport=\"websocket\"}", 0);
    awaitValue("socketchat_sockets_waiting", 0);
  }

  @Test
  void aSocketIoConnectRefusedIsCountedByItsReason() {
    Scrape before = Scrape.of(server);
    try (EngineIoSocket page = EngineIoSocket.open(server, "name=" + "n".repeat(11) + "&room=metrics", true)) {
      assertThat(page.connectNamespace()).startsWith("44{").contains("BAD_USER_NAME");
      Scrape after = awaitDelta(before, "socketchat_refusals_total{reason=\"BAD_USER_NAME\"}", 1);
      assertThat(delta(before, after, "socketchat_refusals_total{reason=\"BAD_USER_NAME\"}")).isEqualTo(1);
    }
  }

  @Test
  void theJvmAndTheProcessAreMeasuredToo() {
    Scrape scrape = Scrape.of(server);
    assertThat(scrape.names())
        .contains(
            "jvm_memory_used_bytes",
            "jvm_gc_overhead",
            "jvm_threads_live_threads",
            "process_cpu_usage",
            "process_files_open_files",
            "process_uptime_seconds");
  }

  @Test
  void everyRequestTypeIsAZeroSeriesBeforeAnyRequestCame() {
    // nobody sends the guarded server a request: its scrapes are all it serves
    Scrape scrape = Scrape.parse(Scrape.get(guarded, "Bearer " + TOKEN).body());
    for (String series :
        List.of(
            "socketchat_requests_total{protocol=\"chat\",type=\"CLIENT_CHAT_SEND\"}",
            "socketchat_requests_total{protocol=\"chat\",type=\"CLIENT_ROOM_CREATE\"}",
            "socketchat_requests_total{protocol=\"chat\",type=\"other\"}",
            "socketchat_requests_total{protocol=\"socketio\",type=\"chatting\"}",
            "socketchat_requests_total{protocol=\"socketio\",type=\"CONNECT\"}",
            "socketchat_requests_total{protocol=\"socketio\",type=\"other\"}")) {
      assertThat(scrape.has(series)).as(series).isTrue();
      assertThat(scrape.value(series)).as(series).isZero();
    }
  }

  @Test
  void aTokenKeepsTheMetricsPrivate() {
    HttpResponse<String> none = Scrape.get(guarded, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    assertThat(Scrape.get(guarded, "Bearer wrong-token").statusCode()).isEqualTo(401);
    assertThat(Scrape.get(guarded, TOKEN).statusCode()).as("the token without its scheme").isEqualTo(401);
    assertThat(Scrape.get(guarded, "Bearer" + TOKEN).statusCode()).as("no space after the scheme").isEqualTo(401);
    assertThat(Scrape.get(guarded, "bearer " + TOKEN).statusCode()).as("the scheme in any case").isEqualTo(200);
    assertThat(Scrape.get(guarded, "BEARER  " + TOKEN).statusCode()).isEqualTo(200);
    HttpResponse<String> allowed = Scrape.get(guarded, "Bearer " + TOKEN);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(Scrape.parse(allowed.body()).names()).contains("socketchat_deliveries_total");
  }

  @Test
  void switchedOffThereAreNoMetricsAndChatGoesOn() {
    assertThat(Scrape.get(off, null).statusCode()).isEqualTo(404);
    try (ChatClient client = ChatClient.connect(off).as("quiet")) {
      assertThat(client.createRoom("unmeasured")).isPositive();
    }
  }

  /** Waits until the series has grown by at least {@code by} since {@code before}; returns that scrape. */
  private static Scrape awaitDelta(Scrape before, String series, double by) {
    return Eventually.await(
        WAIT,
        () -> Scrape.of(server),
        (Predicate<Scrape>) now -> delta(before, now, series) >= by,
        series + " to grow by " + by);
  }

  /** Waits until the gauge reads {@code value} (the server may finish a close after the client saw it). */
  private static void awaitValue(String series, double value) {
    Eventually.await(
        WAIT, () -> Scrape.of(server).value(series), (Predicate<Double>) now -> now == value, series + " at " + value);
  }

  private static double delta(Scrape before, Scrape after, String series) {
    return after.value(series) - before.value(series);
  }
}
