package dev.socketchat.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.FrameQueue;
import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.RawHttp;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code socketchat.origins} set, pages from other origins cannot open a WebSocket to either endpoint: 403 with
 * {@code ORIGIN_NOT_ALLOWED}, counted; while listed pages and clients that send no {@code Origin} (apps, servers)
 * carry on. The WARs' deployment tests check the same on every app server ({@code DeploymentContract}).
 */
class OriginCheckIT {
  private static final String SITE = "https://www.example.com";
  private static final String REFUSED = "socketchat_refusals_total{reason=\"ORIGIN_NOT_ALLOWED\"}";

  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("origin-check", Map.of("socketchat.origins", SITE + ", http://localhost:3000"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aPageFromAnotherOriginIsRefusedOnBothEndpointsAndCounted() {
    Scrape before = Scrape.of(server);
    assertThat(before.has(REFUSED)).as("the series is there before any refusal").isTrue();
    assertThat(Handshakes.status(server.chat(), "https://evil.example")).isEqualTo(403);
    assertThat(Handshakes.status(Handshakes.socketIo(server), "https://evil.example")).isEqualTo(403);
    assertThat(Handshakes.status(server.chat(), SITE + ".evil.example")).as("a look-alike origin").isEqualTo(403);
    assertThat(Scrape.of(server).since(before, REFUSED))
        .as("a browser cannot show its page the 403: the operator sees it counted")
        .containsEntry(REFUSED, 3.0);
  }

  @Test
  void theRefusalSaysWhyInJsonOnBothEndpoints() throws Exception {
    String chat = server.chat().getRawPath();
    String socketIo = Handshakes.socketIo(server).getRawPath() + "?EIO=4&transport=websocket";
    for (String target : new String[] {chat, socketIo}) {
      RawHttp.Response refused = handshake(server, target, "Origin: https://evil.example");
      assertThat(refused.status()).as(target).isEqualTo(403);
      assertThat(refused.body()).as(target).isEqualTo("{\"status\":false,\"reason\":\"ORIGIN_NOT_ALLOWED\"}");
    }
  }

  @Test
  void aHandshakeWithTwoOriginsIsLetInOnlyWhenEachIsListed() throws Exception {
    // no browser sends two; whichever one a container would read, a page not listed is never let in
    String chat = server.chat().getRawPath();
    for (RawHttp.Response refused :
        List.of(
            handshake(server, chat, "Origin: " + SITE, "Origin: https://evil.example"),
            handshake(server, chat, "Origin: https://evil.example", "Origin: " + SITE))) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.body()).isEqualTo("{\"status\":false,\"reason\":\"ORIGIN_NOT_ALLOWED\"}");
    }
  }

  /** The answer to a WebSocket handshake for {@code target} with these extra header lines. */
  private static RawHttp.Response handshake(ServerUnderTest server, String target, String... headers)
      throws Exception {
    try (RawHttp http = RawHttp.connect(server, Duration.ofSeconds(10))) {
      List<String> lines =
          new ArrayList<>(
              List.of(
                  "Upgrade: websocket",
                  "Connection: Upgrade",
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                  "Sec-WebSocket-Version: 13"));
      lines.addAll(List.of(headers));
      http.send(RawHttp.request("GET", target, null, lines.toArray(String[]::new)));
      return http.next();
    }
  }

  @Test
  void aListedPageAndAClientWithoutOriginAreServed() throws Exception {
    assertThat(firstText(server.chat(), SITE, "{\"type\":\"CLIENT_ROOM_LIST\"}"))
        .contains("\"type\":\"SERVER_ROOM_LIST\"")
        .contains("\"status\":true");
    assertThat(firstText(server.chat(), null, "{\"type\":\"CLIENT_ROOM_LIST\"}")).contains("SERVER_ROOM_LIST");
    assertThat(firstText(Handshakes.socketIo(server), "http://localhost:3000", null)).startsWith("0{\"sid\":");
  }

  /** Opens a WebSocket with this Origin (none when null), sends a text if given, and returns the first text received. */
  private static String firstText(URI uri, String origin, String send) throws Exception {
    FrameQueue frames = new FrameQueue();
    WebSocket socket = Handshakes.from(origin).buildAsync(uri, frames).get(10, TimeUnit.SECONDS);
    try {
      if (send != null) {
        socket.sendText(send, true).get(10, TimeUnit.SECONDS);
      }
      String first = frames.poll(Duration.ofSeconds(10));
      assertThat(first).as("a frame from %s within 10 s", uri).isNotNull();
      return first;
    } finally {
      frames.close(socket, Duration.ofSeconds(10));
    }
  }
}
