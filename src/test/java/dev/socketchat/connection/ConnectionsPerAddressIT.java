package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that lets one address hold 3 connections ({@code socketchat.limits.connections-per-address}): the tests'
 * every connection comes from 127.0.0.1, so the 4th, whether {@code /chat} or a Socket.IO session over either
 * transport, is refused with 429 {@code TOO_MANY_CONNECTIONS} until one of the 3 ends; and a connection from the
 * address takes over the chat message limit an ended one spent (a burst of 3, a token back every 20 s).
 */
class ConnectionsPerAddressIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CLOSED_FOR_PROTOCOL = "socketchat_connections_closed_total{cause=\"protocol\"}";
  private static final String TOO_MANY = "socketchat_refusals_total{reason=\"TOO_MANY_CONNECTIONS\"}";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private StandaloneProcess server;
  private final List<AutoCloseable> open = new ArrayList<>();

  /** A server of its own for each test, so no connection of one test holds a slot in the next. */
  @BeforeEach
  void start() {
    server =
        StandaloneProcess.start(
            "connections-per-address",
            Map.of(
                "socketchat.limits.connections-per-address", "3",
                "socketchat.limits.messages-per-second", "0.05",
                "socketchat.limits.message-burst", "3"));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      for (AutoCloseable connection : open) {
        connection.close();
      }
    } finally {
      server.close();
    }
  }

  @Test
  void theFourthChatConnectionIsRefusedAndClosingOneFreesASlot() {
    ChatClient first = chat();
    chat();
    chat();
    assertThat(chatHandshakeStatus()).isEqualTo(429);
    first.close();
    open.remove(first);
    ChatClient again =
        Eventually.await(WAIT, this::tryChat, client -> client != null, "a slot freed by a close");
    open.add(again);
    again.send(Requests.list()).expectOk("SERVER_ROOM_LIST");
    assertThat(chatHandshakeStatus()).isEqualTo(429);
  }

  @Test
  void theEndpointsPathSpelledAnotherWayIsRefusedAlike() {
    chat();
    chat();
    chat();
    URI chat = server.chat();
    for (String path : new String[] {"/%63hat", "/chat;x=1"}) {
      assertThat(Handshakes.status(chat.resolve(path), null)).as(path).isEqualTo(429);
    }
    URI socketIo = Handshakes.socketIo(server);
    String query = "?" + socketIo.getRawQuery();
    for (String path : new String[] {"/%73ocket.io/", "/socket.io;a/"}) {
      assertThat(Handshakes.status(socketIo.resolve(path + query), null)).as(path).isEqualTo(429);
    }
  }

  @Test
  void aChatClientThatConnectsAgainStartsNoFreshBurst() {
    for (int round = 0; round < 2; round++) {
      ChatClient client = chat().as("sender" + round);
      int room = client.createRoom("burst " + round);
      for (int i = 0; i < (round == 0 ? 3 : 0); i++) {
        client.send(Requests.chat(room, client.nickname(), "within the burst " + i)).expectOk("SERVER_CHAT_SEND");
      }
      client
          .send(Requests.chat(room, client.nickname(), "one too many"))
          .expectRefusal("SERVER_CHAT_SEND", "RATE_LIMITED");
      client.close();
      open.remove(client);
      Status.awaitZero(server, "connections"); // its slot is released before its connection is forgotten
    }
  }

  @Test
  void aSocketIoPageThatConnectsAgainStartsNoFreshBurst() {
    for (int round = 0; round < 2; round++) {
      try (EngineIoSocket page = EngineIoSocket.open(server, "name=page" + round + "&room=burst" + round, true)) {
        assertThat(page.connectNamespace()).startsWith("40{");
        assertThat(page.ack(1, "[\"join_room\",{\"type\":1}]")).contains("\"status\":true");
        for (int i = 0; i < (round == 0 ? 3 : 0); i++) {
          assertThat(page.ack(2 + i, "[\"chatting\",\"within the burst\"]")).contains("\"status\":true");
        }
        assertThat(page.ack(9, "[\"chatting\",\"one too many\"]")).contains("RATE_LIMITED");
      }
      Eventually.await( // its slot is released before its socket is suspended or forgotten
          WAIT,
          () -> Status.of(server),
          status -> status.getInt("connections") == status.getInt("suspended"),
          "the session ended");
    }
  }

  @Test
  void socketIoSessionsOverEitherTransportCountWithChatConnections() throws Exception {
    Scrape before = Scrape.of(server);
    chat();
    String sid = openPolling();
    assertThat(sid).isNotNull();
    socketIoWebSocket();
    HttpResponse<String> refused = HTTP.send(pollingRequest(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("TOO_MANY_CONNECTIONS");
    assertThat(Handshakes.status(Handshakes.socketIo(server), null)).isEqualTo(429);
    assertThat(chatHandshakeStatus()).isEqualTo(429);
    assertThat(Scrape.of(server).since(before, TOO_MANY))
        .as("each refusal counted by its reason")
        .containsEntry(TOO_MANY, 3.0);

    assertThat(closePolling(sid)).as("a polling session its client closes frees its slot").isEqualTo(200);
    Eventually.await(WAIT, this::openPolling, opened -> opened != null, "a slot freed by closing a polling session");
    assertThat(openPolling()).isNull();
  }

  @Test
  void aSocketIoWebSocketClosedForBreakingTheProtocolHoldsItsSlotUntilItHasClosed() throws Exception {
    String query = "?EIO=4&transport=websocket&name=breaker&room=slots";
    RawWebSocket page = RawWebSocket.open(server.socketIoOrigin().resolve(server.socketIoPath() + query), 4096);
    assertThat(page.nextText(WAIT)).startsWith("0{");
    holdsItsSlotUntilItHasClosed(page);
  }

  @Test
  void aPollingSessionUpgradedToAWebSocketClosedForBreakingTheProtocolHoldsItsSlotUntilItHasClosed() throws Exception {
    HttpResponse<String> opened =
        HTTP.send(
            HttpRequest.newBuilder(pollingUri("&name=upgrader&room=slots")).timeout(WAIT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    String sid = opened.body().replaceFirst("(?s)^0\\{.*\"sid\":\"([^\"]+)\".*$", "$1");
    String query = "?EIO=4&transport=websocket&sid=" + sid;
    RawWebSocket page = RawWebSocket.open(server.socketIoOrigin().resolve(server.socketIoPath() + query), 4096);
    page.sendText("2probe");
    assertThat(page.nextText(WAIT)).isEqualTo("3probe");
    page.sendText("5");
    holdsItsSlotUntilItHasClosed(page);
  }

  /**
   * Two {@code /chat} connections and a Socket.IO page on a WebSocket take the address's three slots; the page breaks
   * the protocol while answers wait for it (it reads nothing): its session ends, and its slot stays taken until its
   * WebSocket has closed.
   */
  private void holdsItsSlotUntilItHasClosed(RawWebSocket page) throws Exception {
    chat();
    chat();
    Scrape before = Scrape.of(server);
    try (page) {
      page.sendText("40");
      assertThat(page.nextText(WAIT)).startsWith("40{");
      page.sendText("420[\"join_room\",{\"type\":1}]");
      assertThat(page.nextText(WAIT)).isEqualTo("430[{\"status\":true}]");
      // pongs that fill the socket's buffers (the page reads nothing), so that the answers to the lines, and the close
      // for the packet that breaks the protocol, wait behind them
      ByteArrayOutputStream bytes = EngineIoSocket.ackedLinesBehindPongs(3);
      bytes.writeBytes(RawWebSocket.frame(0x81, "garbage".getBytes(StandardCharsets.UTF_8)));
      page.sendRaw(bytes.toByteArray());
      Eventually.await(
          WAIT,
          () -> Scrape.of(server).since(before, CLOSED_FOR_PROTOCOL).get(CLOSED_FOR_PROTOCOL),
          ended -> ended == 1,
          "the page's session ending");

      assertThat(chatHandshakeStatus()).as("the page's WebSocket is still open").isEqualTo(429);
      assertThat(page.readUntilClose(WAIT).closeCode()).isEqualTo(1002);
      page.sendClose(1002);
      assertThat(page.endsInOrder(WAIT)).isTrue();
    }
    ChatClient again = Eventually.await(WAIT, this::tryChat, client -> client != null, "a slot freed by the close");
    open.add(again);
  }

  /** A /chat connection the server has opened (it answered a request), so its slot is taken. */
  private ChatClient chat() {
    ChatClient client = ChatClient.connect(server);
    open.add(client);
    client.send(Requests.list()).expectOk("SERVER_ROOM_LIST");
    return client;
  }

  private ChatClient tryChat() {
    try {
      return ChatClient.connect(server);
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused && refused.getResponse().statusCode() == 429) {
        return null;
      }
      throw e;
    }
  }

  private int chatHandshakeStatus() {
    return Handshakes.status(server.chat(), null);
  }

  /** Opens a polling session and returns its sid, or null when refused with 429. */
  private String openPolling() {
    HttpResponse<String> response;
    try {
      response = HTTP.send(pollingRequest(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("the polling handshake failed", e);
    }
    if (response.statusCode() == 429) {
      return null;
    }
    assertThat(response.statusCode()).isEqualTo(200);
    String sid = response.body().replaceFirst("(?s)^0\\{.*\"sid\":\"([^\"]+)\".*$", "$1");
    open.add(() -> closePolling(sid));
    return sid;
  }

  private int closePolling(String sid) throws Exception {
    HttpRequest.Builder close =
        HttpRequest.newBuilder(pollingUri("&sid=" + sid)).timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString("1"));
    return HTTP.send(close.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A Socket.IO session over WebSocket the server has opened (it sent the open packet), so its slot is taken. */
  private void socketIoWebSocket() {
    open.add(EngineIoSocket.open(server, "", true));
  }

  private HttpRequest pollingRequest() {
    return HttpRequest.newBuilder(pollingUri("")).timeout(WAIT).GET().build();
  }

  private URI pollingUri(String extra) {
    return server.resolve("socket.io/?EIO=4&transport=polling" + extra);
  }
}
