package dev.socketchat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.Listeners;
import dev.socketchat.testing.RawHttp;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.Status;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a deployment of the WAR must give its users on any server, besides the WebSocket protocols: the page and the
 * status report under the context path, one room engine behind every entry point, no socket outside loopback while
 * under test, and an orderly goodbye when the server stops. Each server has a subclass; its last test stops the
 * server, so the subclass is named to run after the server's other classes ({@code ...WarDeploymentIT}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DeploymentContract {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The deployment under test. */
  abstract DeployedServer server();

  @Test
  void thePageIsServedUnderTheContextPath() {
    HttpResponse<String> page = get(server().base());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("<title>socketchat</title>");
  }

  /** A browser that kept an old module of the page past an upgrade of the WAR would run it with the new ones. */
  @Test
  void thePagesFilesAreCheckedWithTheServerBeforeEachUse() {
    for (String file : new String[] {"", "index.html", "app.js", "style.css"}) {
      HttpResponse<String> response = get(server().resolve(file));
      assertThat(response.statusCode()).as(file).isEqualTo(200);
      assertThat(response.headers().firstValue("Cache-Control")).as(file).hasValue("no-cache");
    }
    assertThat(get(server().resolve("status")).headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void pagesFromOriginsTheSettingsDoNotListCannotOpenWebSocketsAndAreCounted() throws IOException {
    // the WAR's filter answers before the container's upgrade, so every container answers alike (Undertow let its own
    // refusal fall through to the servlets: 404 on /chat, 400 on /socket.io/)
    String refused = "socketchat_refusals_total{reason=\"ORIGIN_NOT_ALLOWED\"}";
    Scrape before = Scrape.of(server());
    assertThat(Handshakes.status(server().chat(), "https://evil.example")).isEqualTo(403);
    assertThat(Handshakes.status(Handshakes.socketIo(server()), "https://evil.example")).isEqualTo(403);
    assertThat(Scrape.of(server()).since(before, refused)).containsEntry(refused, 2.0);
    // what some container still upgrades: Tomcat reads every Upgrade header, Undertow takes any with a key
    List<List<String>> odd =
        List.of(
            List.of("Upgrade: websocket", "Origin: " + AppServer.LISTED_PAGE_ORIGIN, "Origin: https://evil.example"),
            List.of("Upgrade: foo", "Upgrade: websocket", "Origin: https://evil.example"),
            List.of("Upgrade: foo", "Origin: https://evil.example"));
    String socketIo = Handshakes.socketIo(server()).getRawPath() + "?EIO=4&transport=polling";
    for (String target : List.of(server().chat().getRawPath(), socketIo)) {
      for (List<String> headers : odd) {
        RawHttp.Response answer = handshake(target, headers);
        assertThat(answer.status()).as("%s with %s", target, headers).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"status\":false,\"reason\":\"ORIGIN_NOT_ALLOWED\"}");
      }
    }
    assertThat(Scrape.of(server()).since(before, refused)).as("each counted once").containsEntry(refused, 8.0);
    assertThat(Handshakes.status(server().chat(), AppServer.LISTED_PAGE_ORIGIN)).isEqualTo(101);
    assertThat(Handshakes.status(server().chat(), server().socketIoOrigin().toString()))
        .as("the application's own page")
        .isEqualTo(101);
    assertThat(Handshakes.status(Handshakes.socketIo(server()), null)).as("a client that sends no Origin").isEqualTo(101);
  }

  /** The answer to a WebSocket handshake for {@code target} with its key and version and these header lines. */
  private RawHttp.Response handshake(String target, List<String> headers) throws IOException {
    try (RawHttp http = RawHttp.connect(server(), Duration.ofSeconds(10))) {
      List<String> lines =
          new ArrayList<>(
              List.of(
                  "Connection: Upgrade",
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                  "Sec-WebSocket-Version: 13"));
      lines.addAll(headers);
      http.send(RawHttp.request("GET", target, null, lines.toArray(String[]::new)));
      return http.next();
    }
  }

  @Test
  void aWebSocketHandshakeWithABrokenEscapeInItsQueryIsRefusedWith400() throws IOException {
    String path = server().base().getPath();
    List<String> targets =
        List.of(path + "chat?x=%G1", path + "chat?x=%", path + "socket.io/?EIO=4&transport=websocket&x=%4");
    for (String target : targets) {
      try (RawHttp connection = RawHttp.connect(server(), Duration.ofSeconds(10))) {
        String upgrade =
            RawHttp.request(
                "GET",
                target,
                null,
                "Upgrade: websocket",
                "Connection: Upgrade",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version: 13");
        assertThat(connection.send(upgrade).next().status()).as(target).isEqualTo(400);
      }
    }
  }

  @Test
  void theStatusReportIsServedAsJson() {
    HttpResponse<String> status = get(server().resolve("status"));
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(Status.of(server()).getString("status")).isEqualTo("UP");
  }

  @Test
  void theHealthProbesSayLiveAndReady() {
    for (String probe : List.of("health/live", "health/ready")) {
      HttpResponse<String> health = get(server().resolve(probe));
      assertThat(health.statusCode()).as(probe).isEqualTo(200);
      assertThat(health.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
    }
  }

  @Test
  void theMetricsAreServedInPrometheusFormat() {
    try (ChatClient client = ChatClient.connect(server()).as("measured")) {
      client.createRoom("measured");
    }
    HttpResponse<String> metrics = get(server().resolve("metrics"));
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(Scrape.parse(metrics.body()).names())
        .contains(
            "socketchat_connections",
            "socketchat_requests_total",
            "socketchat_deliveries_total",
            "socketchat_delivery_latency_seconds_bucket",
            "jvm_memory_used_bytes",
            "jvm_gc_overhead",
            // the dashboard's CPU and open-files panels: WildFly hid com.sun.management from the WAR
            "process_cpu_usage",
            "process_files_open_files",
            "system_cpu_usage");
  }

  @Test
  void theStatusReportAndEveryConnectionShareOneRoomEngine() {
    JsonObject before = Status.of(server());
    try (ChatClient first = ChatClient.connect(server()).as("first");
        ChatClient second = ChatClient.connect(server()).as("second")) {
      int room = first.createRoom("one engine");
      assertThat(second.join(room).getString("owner")).isEqualTo("first");
      JsonObject during = Status.of(server());
      assertThat(during.getInt("connections") - before.getInt("connections")).isEqualTo(2);
      assertThat(during.getInt("rooms") - before.getInt("rooms")).isEqualTo(1);
      assertThat(during.getInt("memberships") - before.getInt("memberships")).isEqualTo(2);
    }
  }

  @Test
  void everyListeningSocketIsOnLoopback() {
    assumeTrue(Listeners.supported(), "needs Linux /proc to list a process's sockets");
    List<InetSocketAddress> listening = Listeners.of(server().running().process());
    assertThat(listening)
        .as("sockets %s listens on", server().name())
        .isNotEmpty()
        .anySatisfy(address -> assertThat(address.getPort()).isEqualTo(server().base().getPort()))
        .allSatisfy(address -> assertThat(address.getAddress().isLoopbackAddress()).as("%s is loopback", address).isTrue());
  }

  @Test
  @Order(Integer.MAX_VALUE) // stops the server
  void stoppingTheServerClosesEveryConnectionWith1001() throws Exception {
    ChatClient client = ChatClient.connect(server()).as("last");
    client.createRoom("closing time");
    server().stop();
    assertThat(client.closed().get(30, TimeUnit.SECONDS)).isEqualTo(1001);
  }

  static HttpResponse<String> get(URI uri) {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
