package dev.socketchat.socketio;

import static dev.socketchat.testing.SocketIoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.NodeScript;
import dev.socketchat.testing.RawHttp;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.SocketIoClient;
import dev.socketchat.testing.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The Socket.IO chat as the seed pages see it, run against a real server over real sockets with socket.io-client-java
 * (and once with the npm socket.io-client). Each server the WAR or the jar runs on has a subclass that says where the
 * server is. Start the server with a short Engine.IO ping interval ({@code socketchat.socketio.ping-interval} of a
 * few hundred milliseconds), or the heartbeat tests take several default intervals of 25 s.
 */
abstract class SocketIoContract {
  /** HTTP/1.1 like a browser's polling: no {@code Upgrade: h2c} on POSTs. */
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final AtomicInteger ROOMS = new AtomicInteger();
  private static final String CLOSED_FOR_PROTOCOL = "socketchat_connections_closed_total{cause=\"protocol\"}";
  private static final String CLOSED_BY_NETWORK = "socketchat_connections_closed_total{cause=\"network\"}";
  private static final String CLOSED_BY_CLIENT = "socketchat_connections_closed_total{cause=\"client\"}";
  private final List<AutoCloseable> clients = new ArrayList<>();
  private String room;

  /** The server under test. */
  abstract ServerUnderTest server();

  @AfterEach
  void closeClientsAndCheckNothingIsLeft() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    clients.clear();
    Status.awaitZero(server(), "connections", "seats", "openRooms", "memberships");
  }

  /** A room of its own for each test. */
  private String room(TestInfo test) {
    if (room == null) {
      room = "room-" + ROOMS.incrementAndGet() + "-" + test.getTestMethod().orElseThrow().getName();
      room = room.substring(0, Math.min(room.length(), 64));
    }
    return room;
  }

  private SocketIoClient page(String name, String roomKey, String... transports) {
    SocketIoClient client = SocketIoClient.open(server(), name, roomKey, transports);
    clients.add(client);
    return client;
  }

  /** A page in the test's room: connected, then in the room by a returning (silent) {@code join_room}. */
  private SocketIoClient member(String name, TestInfo test, String... transports) {
    SocketIoClient client =
        page(name, room(test), transports.length == 0 ? new String[] {"websocket"} : transports).awaitConnected();
    return joined(client);
  }

  private static SocketIoClient joined(SocketIoClient client) {
    assertThat(client.ask("join_room", json("type", 1)).optBoolean("status")).as("join_room acked").isTrue();
    return client;
  }

  private EngineIoSocket raw(String query, boolean answerPings) {
    EngineIoSocket socket = EngineIoSocket.open(server(), query, answerPings);
    clients.add(socket);
    return socket;
  }

  // --- entering, chatting, leaving ---------------------------------------------------------------------------------

  @Test
  void aPageIsInItsRoomOnceItJoinsAndAFirstEntryIsToldOnChattingAndJoinRoom(TestInfo test) {
    SocketIoClient alice = page("alice", room(test), "websocket").awaitConnected();
    SocketIoClient bob = page("bob", room(test), "websocket").awaitConnected();
    expectRefusal(bob.ask("chatting", "before joining"), "NOT_MEMBER");

    alice.emit("join_room", json("msg", "클라이언트 첫 입장", "type", 0));
    for (String event : List.of("chatting", "join_room")) {
      JSONObject notice = alice.next(event);
      assertThat(notice.optString("msg")).isEqualTo("alice 님이 입장하셨습니다.");
      assertThat(notice.optString("type")).isEqualTo("notice");
      assertThat(notice.optInt("size")).as("members connected").isEqualTo(1);
      assertThat(notice.optString("name")).isEqualTo("alice");
      assertThat(notice.optString("room")).isEqualTo(room(test));
      assertThat(Instant.parse(notice.optString("timestamp"))).isBeforeOrEqualTo(Instant.now());
    }
    bob.expectNothingElse();

    bob.emit("join_room", json("msg", "클라이언트 첫 입장", "type", 0, "mem_cnt", 7));
    for (SocketIoClient member : List.of(alice, bob)) {
      JSONObject notice = member.next("chatting");
      assertThat(notice.optString("msg")).isEqualTo("bob 님이 입장하셨습니다.");
      assertThat(notice.optInt("size")).as("the site's count, as the page gave it").isEqualTo(7);
      assertThat(member.next("join_room").toString()).isEqualTo(notice.toString());
    }
    alice.expectNothingElse();
    bob.expectNothingElse();
  }

  @Test
  void aPlainStringMessageReachesEveryMemberWithTheSeedServersFields(TestInfo test) {
    SocketIoClient alice = member("alice", test);
    SocketIoClient bob = member("bob", test);
    SocketIoClient elsewhere = page("carol", "other-" + ROOMS.incrementAndGet(), "websocket").awaitConnected();
    elsewhere.ask("join_room", json("type", 1));
    assertThat(bob.ask("chatting", "안녕하세요 👋").optBoolean("status")).isTrue();
    for (SocketIoClient client : List.of(alice, bob)) {
      JSONObject chat = client.next("chatting");
      assertThat(chat.optString("msg")).isEqualTo("안녕하세요 👋");
      assertThat(chat.optString("name")).isEqualTo("bob");
      assertThat(chat.optString("type")).isEqualTo("chat");
      assertThat(chat.optString("time")).matches("(오전|오후) (0[1-9]|1[0-2]):[0-5][0-9]");
      assertThat(chat.optInt("view", -1)).as("members connected").isEqualTo(2);
      assertThat(chat.optString("room")).isEqualTo(room(test));
      assertThat(Instant.parse(chat.optString("timestamp"))).isBeforeOrEqualTo(Instant.now());
    }
    elsewhere.expectNothingElse();
  }

  @Test
  void reactPagesNameTheRoomWithIdxAndSpeakUnderTheirHandshakeName(TestInfo test) {
    String idx = "react-" + ROOMS.incrementAndGet();
    SocketIoClient alice = page("alice", room(test), "websocket").awaitConnected();
    SocketIoClient bob = page("bob", room(test), "websocket").awaitConnected();
    alice.emit("join_room", json("idx", idx, "name", "alice", "type", 0, "mem_cnt", 3));
    assertThat(alice.next("chatting").optString("room")).isEqualTo(idx);
    alice.next("join_room");
    bob.emit("join_room", json("idx", idx, "name", "mallory", "type", 0, "mem_cnt", 3));
    for (SocketIoClient member : List.of(alice, bob)) {
      JSONObject notice = member.next("chatting");
      assertThat(notice.optString("msg")).isEqualTo("bob 님이 입장하셨습니다.");
      assertThat(notice.optInt("size")).isEqualTo(3);
      assertThat(member.next("join_room").optString("name")).isEqualTo("bob");
    }
    bob.emit("chatting", json("idx", idx, "name", "mallory", "msg", "from the react page"));
    for (SocketIoClient member : List.of(alice, bob)) {
      JSONObject chat = member.next("chatting");
      assertThat(chat.optString("name")).as("the handshake's name, not the payload's").isEqualTo("bob");
      assertThat(chat.optString("msg")).isEqualTo("from the react page");
      assertThat(chat.optString("room")).isEqualTo(idx);
    }
    expectRefusal(bob.ask("chatting", json("idx", room(test), "msg", "x")), "NOT_MEMBER");
    alice.expectNothingElse();
    bob.expectNothingElse();
  }

  @Test
  void aReturningEntryIsNotAnnounced(TestInfo test) {
    SocketIoClient alice = member("alice", test);
    SocketIoClient bob = page("bob", room(test), "websocket").awaitConnected();
    assertThat(bob.ask("join_room", json("msg", "back from another page", "type", 1)).optBoolean("status")).isTrue();
    alice.emit("chatting", json("msg", "after bob's return"));
    assertThat(bob.next("chatting").optString("msg")).isEqualTo("after bob's return");
    assertThat(alice.next("chatting").optString("msg")).isEqualTo("after bob's return");
    alice.expectNothingElse();
    bob.expectNothingElse();
  }

  @Test
  void leavingIsToldToTheOthersAndTheLeaverIsOutUntilItJoinsAgain(TestInfo test) {
    SocketIoClient alice = member("alice", test);
    SocketIoClient bob = member("bob", test);
    SocketIoClient carol = member("carol", test);
    assertThat(bob.ask("leave_room", json("mem_cnt", 5)).optBoolean("status")).isTrue();
    for (SocketIoClient client : List.of(alice, carol)) {
      JSONObject notice = client.next("chatting");
      assertThat(notice.optString("msg")).isEqualTo("bob 님이 퇴장하셨습니다.");
      assertThat(notice.optString("type")).isEqualTo("notice");
      assertThat(notice.optInt("size")).as("the site's count less the one leaving").isEqualTo(4);
    }
    bob.expectNothingElse();
    expectRefusal(bob.ask("chatting", "still there?"), "NOT_MEMBER");
    expectRefusal(bob.ask("leave_room", "채팅방 나가기"), "NOT_MEMBER");

    carol.emit("leave_room", "채팅방 나가기");
    assertThat(alice.next("chatting").optInt("size")).as("members left, when the page gives no count").isEqualTo(1);
    bob.ask("join_room", json("type", 1));
    alice.emit("chatting", "bob is back");
    for (SocketIoClient client : List.of(alice, bob)) {
      assertThat(client.next("chatting").optString("msg")).isEqualTo("bob is back");
    }
    carol.expectNothingElse();
  }

  @Test
  void exitRoomAnnouncesARemovalToEveryoneAndRemovesNobody(TestInfo test) {
    SocketIoClient alice = member("alice", test);
    SocketIoClient bob = member("bob", test);
    assertThat(alice.ask("exit_room", json("name", "bob", "mem_cnt", 3)).optBoolean("status")).isTrue();
    for (SocketIoClient client : List.of(alice, bob)) {
      JSONObject notice = client.next("chatting");
      assertThat(notice.optString("msg")).isEqualTo("bob 님을 챗방에서 내보냈습니다.");
      assertThat(notice.optString("type")).isEqualTo("notice");
      assertThat(notice.optInt("size")).isEqualTo(2);
    }
    bob.emit("chatting", "the site removes me, not alice");
    for (SocketIoClient client : List.of(alice, bob)) {
      assertThat(client.next("chatting").optString("name")).isEqualTo("bob");
    }
    alice.expectNothingElse();
    bob.expectNothingElse();
  }

  @Test
  void aPageThatGoesAwayLeavesSilently(TestInfo test) throws Exception {
    SocketIoClient alice = member("alice", test);
    SocketIoClient bob = member("bob", test);
    bob.close();
    bob.disconnected().get(SocketIoClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    Eventually.await(
        SocketIoClient.WAIT, () -> Status.of(server()).getInt("memberships"), count -> count == 1, "bob gone");
    alice.emit("chatting", json("msg", "alone now"));
    assertThat(alice.next("chatting").optInt("view")).isEqualTo(1);
    alice.expectNothingElse();
  }

  // --- acks and refusals -------------------------------------------------------------------------------------------

  @Test
  void everyChatEventThatAsksForAnAckIsAnswered(TestInfo test) {
    SocketIoClient alice = member("alice", test);
    SocketIoClient bob = member("bob", test);
    assertThat(alice.ask("join_room", json("msg", "", "type", 1)).optBoolean("status")).isTrue();
    assertThat(alice.ask("chatting", json("msg", "with an ack")).optBoolean("status")).isTrue();
    assertThat(bob.next("chatting").optString("msg")).isEqualTo("with an ack");
    alice.next("chatting");

    expectRefusal(alice.ask("chatting", json("msg", "ㅋ".repeat(129))), "BAD_MESSAGE");
    expectRefusal(alice.ask("chatting", "ㅋ".repeat(129)), "BAD_MESSAGE");
    expectRefusal(alice.ask("chatting", json("msg", " \n\t ")), "BAD_MESSAGE");
    expectRefusal(alice.ask("chatting", json("msg", 42)), "BAD_MESSAGE");
    expectRefusal(alice.ask("chatting", json()), "BAD_MESSAGE");
    expectRefusal(alice.ask("chatting", 42), "BAD_MESSAGE");
    expectRefusal(alice.ask("join_room", json("msg", "", "type", 7)), "BAD_TYPE");
    expectRefusal(alice.ask("join_room", json("type", 4_294_967_296L)), "BAD_TYPE");
    expectRefusal(alice.ask("join_room", json("type", 0.5)), "BAD_TYPE");
    expectRefusal(alice.ask("join_room", "not an object"), "NOT_OBJECT");
    expectRefusal(alice.ask("join_room", json("type", 0, "mem_cnt", -1)), "BAD_MEMBER_COUNT");
    expectRefusal(alice.ask("join_room", json("type", 0, "mem_cnt", "many")), "BAD_MEMBER_COUNT");
    expectRefusal(alice.ask("join_room", json("type", 0, "idx", json())), "BAD_ROOM_KEY");
    expectRefusal(alice.ask("exit_room", json()), "BAD_USER_NAME");
    expectRefusal(alice.ask("exit_room", json("name", "abcdefghijk")), "BAD_USER_NAME");
    expectRefusal(alice.ask("dance", json()), "UNKNOWN_TYPE");
    bob.expectNothingElse();

    assertThat(alice.ask("leave_room", json()).optBoolean("status")).isTrue();
    assertThat(bob.next("chatting").optString("type")).isEqualTo("notice");
    expectRefusal(alice.ask("leave_room", json()), "NOT_MEMBER");
    expectRefusal(alice.ask("exit_room", json("name", "bob")), "NOT_MEMBER");
    expectRefusal(alice.ask("chatting", json("msg", "not in the room")), "NOT_MEMBER");
    bob.expectNothingElse();
    alice.expectNothingElse();
  }

  @Test
  void aWholeNumberCountsHoweverItIsWrittenAsJavaScriptHasOneKindOfNumber(TestInfo test) {
    EngineIoSocket page = raw("name=raw&room=" + room(test), true);
    assertThat(page.connectNamespace()).startsWith("40{\"sid\":");
    page.send("421[\"join_room\",{\"idx\":7.0,\"type\":0,\"mem_cnt\":5.0}]");
    assertThat(ackOf(page, "431[")).as("7.0 and 5.0 are 7 and 5").contains("\"status\":true");
    page.send("422[\"join_room\",{\"idx\":0.7e1,\"type\":1,\"mem_cnt\":5e0}]");
    assertThat(ackOf(page, "432[")).contains("\"status\":true");
    page.send("423[\"join_room\",{\"type\":1,\"mem_cnt\":5.5}]");
    assertThat(ackOf(page, "433[")).contains("BAD_MEMBER_COUNT");
    page.send("424[\"join_room\",{\"idx\":1e30,\"type\":1}]");
    assertThat(ackOf(page, "434[")).contains("BAD_ROOM_KEY");
    // a name given as a number is its text as JavaScript writes it, as the Node server would show it
    page.send("425[\"exit_room\",{\"name\":1e3}]");
    String notice = "\"1000 님을 챗방에서 내보냈습니다.\"";
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < 10 && !(has(frames, "435[") && has(frames, notice)); i++) {
      frames.add(page.next());
    }
    assertThat(frames).as("the ack").anyMatch(frame -> frame.startsWith("435[") && frame.contains("true"));
    assertThat(frames).as("the notice naming 1000").anyMatch(frame -> frame.contains(notice));
  }

  private static boolean has(List<String> frames, String part) {
    return frames.stream().anyMatch(frame -> frame.startsWith(part) || frame.contains(part));
  }

  /** The ack that starts with {@code prefix}, past the notices that come before it. */
  private static String ackOf(EngineIoSocket page, String prefix) {
    for (int i = 0; i < 10; i++) {
      String packet = page.next();
      if (packet.startsWith(prefix)) {
        return packet;
      }
    }
    throw new AssertionError("no ack " + prefix);
  }

  @Test
  void messagesAndNamesAreMeasuredInCodePoints(TestInfo test) {
    SocketIoClient emoji = member("😀".repeat(10), test);
    SocketIoClient hangul = member("가나다라마바사아자차", test);
    assertThat(emoji.ask("chatting", json("msg", "ㅋ".repeat(128))).optBoolean("status")).isTrue();
    for (SocketIoClient client : List.of(emoji, hangul)) {
      JSONObject chat = client.next("chatting");
      assertThat(chat.optString("name")).isEqualTo("😀".repeat(10));
      assertThat(chat.optString("msg")).hasSize(128);
    }
  }

  @Test
  void aBadHandshakeIsRefusedWithAConnectErrorThatSaysWhy(TestInfo test) {
    expectConnectError(page(null, room(test), "websocket"), "BAD_USER_NAME", "name");
    expectConnectError(page("abcdefghijk", room(test), "websocket"), "BAD_USER_NAME", "1 to 10");
    expectConnectError(page("   ", room(test), "polling"), "BAD_USER_NAME", "blank");
    expectConnectError(page("alice", null, "websocket"), "BAD_ROOM_KEY", "room");
    expectConnectError(page("alice", "r".repeat(65), "polling"), "BAD_ROOM_KEY", "1 to 64");
    member("alice", test).expectNothingElse();
  }

  @Test
  void anUnknownNamespaceIsRefused() {
    SocketIoClient stranger = SocketIoClient.openNamespace(server(), "/nowhere", "websocket");
    clients.add(stranger);
    assertThat(stranger.awaitRefusal().optString("message")).isEqualTo("Invalid namespace");
  }

  @Test
  void binaryAttachmentsAreRefusedAndTheConnectionCarriesOn(TestInfo test) {
    binaryIsRefusedAndTheConnectionCarriesOn(member("alice", test), member("bob", test));
  }

  @Test
  void binaryAttachmentsOverPollingAreRefusedAndTheConnectionCarriesOn(TestInfo test) {
    // socket.io-client-java sends an attachment over polling as base64 with a line break at its end
    binaryIsRefusedAndTheConnectionCarriesOn(member("alice", test, "polling"), member("bob", test));
  }

  private static void binaryIsRefusedAndTheConnectionCarriesOn(SocketIoClient alice, SocketIoClient bob) {
    expectRefusal(alice.ask("chatting", json("msg", new byte[] {1, 2, 3})), "BINARY_NOT_SUPPORTED");
    alice.emit("chatting", json("msg", "text is fine"));
    assertThat(bob.next("chatting").optString("msg")).isEqualTo("text is fine");
    assertThat(alice.next("chatting").optString("msg")).isEqualTo("text is fine");
    bob.expectNothingElse();
  }

  // --- transports --------------------------------------------------------------------------------------------------

  @Test
  void aPollingOnlyPageChatsWithAWebSocketPage(TestInfo test) {
    SocketIoClient polling = member("poller", test, "polling");
    SocketIoClient websocket = member("socket", test, "websocket");
    polling.emit("chatting", json("msg", "from polling"));
    for (SocketIoClient client : List.of(polling, websocket)) {
      assertThat(client.next("chatting").optString("msg")).isEqualTo("from polling");
    }
    websocket.emit("chatting", json("msg", "from websocket"));
    for (SocketIoClient client : List.of(polling, websocket)) {
      assertThat(client.next("chatting").optString("msg")).isEqualTo("from websocket");
    }
    assertThat(polling.messagesOver("polling")).isPositive();
    assertThat(polling.messagesOver("websocket")).isZero();
    assertThat(websocket.messagesOver("polling")).isZero();
  }

  @Test
  void aPageThatStartsPollingUpgradesToWebSocketAndKeepsItsRoom(TestInfo test) {
    SocketIoClient upgrading = member("upgrader", test, "polling", "websocket");
    SocketIoClient other = member("other", test);
    assertThat(upgrading.messagesOver("polling")).as("the handshake came by polling").isPositive();
    Eventually.await(
        SocketIoClient.WAIT,
        () -> {
          upgrading.ask("chatting", json("msg", ""));
          return upgrading.messagesOver("websocket");
        },
        count -> count > 0,
        "acks arriving over the upgraded WebSocket");
    upgrading.emit("chatting", json("msg", "after the upgrade"));
    for (SocketIoClient client : List.of(upgrading, other)) {
      assertThat(client.next("chatting").optString("msg")).isEqualTo("after the upgrade");
    }
    other.emit("chatting", json("msg", "to the upgraded page"));
    for (SocketIoClient client : List.of(upgrading, other)) {
      assertThat(client.next("chatting").optString("msg")).isEqualTo("to the upgraded page");
    }
  }

  @Test
  void theHeartbeatKeepsIdlePagesConnectedOverSeveralPingIntervals(TestInfo test) {
    Duration interval = Duration.ofMillis(handshake().getInt("pingInterval"));
    SocketIoClient websocket = member("ws", test, "websocket");
    SocketIoClient polling = member("poll", test, "polling");
    for (SocketIoClient client : List.of(websocket, polling)) {
      Eventually.await(
          interval.multipliedBy(5).plus(SocketIoClient.WAIT),
          client::pings,
          pings -> pings >= 4,
          "four pings answered");
      assertThat(client.isConnected()).isTrue();
    }
    polling.emit("chatting", json("msg", "still here"));
    assertThat(websocket.next("chatting").optString("msg")).isEqualTo("still here");
    assertThat(polling.next("chatting").optString("msg")).isEqualTo("still here");
  }

  @Test
  void aPeerThatStopsAnsweringPingsIsClosedAndLeavesSilently(TestInfo test) throws Exception {
    SocketIoClient alice = member("alice", test);
    EngineIoSocket silent = raw("name=zombie&room=" + room(test), false);
    assertThat(silent.connectNamespace()).startsWith("40{\"sid\":");
    Duration deadline =
        Duration.ofMillis(silent.handshake().getInt("pingInterval") + silent.handshake().getInt("pingTimeout"))
            .plus(SocketIoClient.WAIT);
    silent.closed().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    alice.expectNothingElse();
  }

  @Test
  void manyPagesChattingAtOnceGetEveryMessageOnceAndInEachSendersOrder(TestInfo test) {
    int pages = 30;
    int messagesEach = 4;
    List<SocketIoClient> crowd = new ArrayList<>();
    for (int i = 0; i < pages; i++) {
      crowd.add(page("p" + i, room(test), i % 3 == 0 ? "polling" : "websocket"));
    }
    crowd.forEach(page -> joined(page.awaitConnected()));
    crowd.parallelStream()
        .forEach(
            page -> {
              String name = nameOf(page, crowd);
              for (int i = 0; i < messagesEach; i++) {
                page.emit("chatting", json("msg", name + "#" + i));
              }
            });
    for (SocketIoClient page : crowd) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < pages * messagesEach; i++) {
        JSONObject chat = page.next("chatting", SocketIoClient.WAIT.multipliedBy(3));
        seen.add(chat.optString("msg"));
        assertThat(chat.optString("msg")).startsWith(chat.optString("name") + "#");
      }
      assertThat(seen).doesNotHaveDuplicates();
      for (int sender = 0; sender < pages; sender++) {
        String prefix = "p" + sender + "#";
        assertThat(seen.stream().filter(text -> text.startsWith(prefix)))
            .as("p%d's messages as one page saw them", sender)
            .containsExactly(
                java.util.stream.IntStream.range(0, messagesEach).mapToObj(i -> prefix + i).toArray(String[]::new));
      }
    }
    crowd.get(0).expectNothingElse();
  }

  private static String nameOf(SocketIoClient page, List<SocketIoClient> crowd) {
    return "p" + crowd.indexOf(page);
  }

  // --- protocol errors ---------------------------------------------------------------------------------------------

  @Test
  void malformedPacketsCloseOnlyTheSessionThatSentThem(TestInfo test) throws Exception {
    SocketIoClient alice = member("alice", test);
    SocketIoClient bob = member("bob", test);
    List<String> malformed =
        List.of(
            "4abc",
            "42{}",
            "42abc[\"chatting\",{\"msg\":\"x\"}]",
            "42[\"connect\"]",
            "42",
            "40",
            "41/elsewhere,",
            "451-[\"chatting\",{\"_placeholder\":true,\"num\":0}]\u0000",
            "4211-[]",
            "9",
            "");
    for (String packet : malformed) {
      EngineIoSocket fuzzer = raw("name=fuzzer&room=" + room(test), true);
      assertThat(fuzzer.connectNamespace()).startsWith("40{\"sid\":");
      fuzzer.send(packet);
      Integer code;
      try {
        code = fuzzer.closed().get(SocketIoClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("not closed after " + packet, e);
      }
      assertThat(code).as("close code after %s", packet).isEqualTo(1002);
    }
    EngineIoSocket binaryFirst = raw("name=fuzzer&room=" + room(test), true);
    binaryFirst.connectNamespace();
    binaryFirst.sendBinary(new byte[] {1, 2, 3});
    binaryFirst.closed().get(SocketIoClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);

    alice.emit("chatting", json("msg", "unharmed"));
    assertThat(bob.next("chatting").optString("msg")).isEqualTo("unharmed");
    assertThat(alice.next("chatting").optString("msg")).isEqualTo("unharmed");
    alice.expectNothingElse();
    bob.expectNothingElse();
  }

  @Test
  void aTextFrameThatIsNotUtf8IsClosedWith1007AndItsSessionEndsForBreakingTheProtocol(TestInfo test)
      throws Exception {
    byte[] notUtf8 = {'4', '2', '[', '"', (byte) 0xc3, '(', '"', ']'}; // a lead byte with no continuation byte
    aBrokenFrameEndsItsSession(test, "not UTF-8", 0x81, notUtf8, 1007);
  }

  @Test
  void aFrameWithAReservedBitSetIsClosedWith1002AndItsSessionEndsForBreakingTheProtocol(TestInfo test)
      throws Exception {
    aBrokenFrameEndsItsSession(test, "rsv1", 0x81 | 0x40, "3".getBytes(StandardCharsets.UTF_8), 1002);
  }

  /**
   * A socket in a room sends a frame the container closes the WebSocket for itself: the session ends, counted as
   * {@code protocol} (not as a network's doing, which would keep the socket's seat for a recovery), and the room
   * carries on.
   */
  private void aBrokenFrameEndsItsSession(TestInfo test, String what, int firstByte, byte[] payload, int code)
      throws Exception {
    Scrape before = Scrape.of(server());
    SocketIoClient alice = member("alice", test);
    URI uri = URI.create(Handshakes.socketIo(server()) + "&name=broken&room=" + room(test));
    try (RawWebSocket broken = RawWebSocket.open(uri, 0)) {
      assertThat(broken.nextText(SocketIoClient.WAIT)).startsWith("0{");
      broken.sendText("40");
      assertThat(broken.nextText(SocketIoClient.WAIT)).startsWith("40{");
      broken.sendText("421[\"join_room\",{\"type\":1}]");
      String reply = broken.nextText(SocketIoClient.WAIT);
      while (reply.equals("2")) {
        broken.sendText("3");
        reply = broken.nextText(SocketIoClient.WAIT);
      }
      assertThat(reply).as("the join's acknowledgement").isEqualTo("431[{\"status\":true}]");
      // right after a pong, so that no ping is on its way while the container closes the connection: a send that
      // fails then makes the server take the peer for lost (a network's doing), which is not what this test is about
      assertThat(broken.nextText(SocketIoClient.WAIT)).as("a ping").isEqualTo("2");
      broken.sendText("3");
      broken.sendFrame(firstByte, payload);
      assertThat(broken.readUntilClose(SocketIoClient.WAIT).closeCode()).as("the close after a frame %s", what)
          .isEqualTo(code);
    }
    awaitOneClosedForTheProtocol(before, "a frame " + what);
    alice.emit("chatting", json("msg", "unharmed"));
    assertThat(alice.next("chatting").optString("msg")).isEqualTo("unharmed");
  }

  /**
   * Waits until the server counted one session more closed for breaking the protocol than {@code before}, whether the
   * container closed it or this side did (the WARs' containers report this side's 1009 back as a close like any other).
   */
  private void awaitOneClosedForTheProtocol(Scrape before, String what) {
    Eventually.await(
        SocketIoClient.WAIT,
        () -> Scrape.of(server()).since(before, CLOSED_FOR_PROTOCOL, CLOSED_BY_NETWORK, CLOSED_BY_CLIENT),
        (Predicate<Map<String, Double>>) now -> now.get(CLOSED_FOR_PROTOCOL) == 1,
        "the server counting one session closed for breaking the protocol (" + what + ")");
  }

  @Test
  void attachmentsThatTogetherPassMaxPayloadCloseTheirSessionRatherThanWaitInMemory(TestInfo test) throws Exception {
    SocketIoClient alice = member("alice", test);
    EngineIoSocket hoarder = raw("name=hoarder&room=" + room(test), true);
    assertThat(hoarder.connectNamespace()).startsWith("40{");
    hoarder.send(
        "453-[\"chatting\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},"
            + "{\"_placeholder\":true,\"num\":2}]");
    byte[] part = new byte[600_000]; // each under max-payload (1,000,000 bytes), two of them over it
    hoarder.sendBinary(part);
    hoarder.sendBinary(part);

    Integer code = hoarder.closed().get(SocketIoClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(code).as("a protocol error, not a third attachment awaited").isEqualTo(1002);
    alice.emit("chatting", json("msg", "unharmed"));
    assertThat(alice.next("chatting").optString("msg")).isEqualTo("unharmed");
  }

  @Test
  void textThatCannotBeSentBackIsRefusedAndNeitherTheSessionNorTheRoomFallsSilent(TestInfo test) {
    SocketIoClient alice = member("alice", test);
    EngineIoSocket raw = raw("name=raw&room=" + room(test), true);
    assertThat(raw.connectNamespace()).startsWith("40{");
    raw.send("421[\"join_room\",{\"type\":1}]");
    assertThat(raw.next()).isEqualTo("431[{\"status\":true}]");
    // JSON lets an unpaired surrogate through as an escape; no UTF-8 encoder can write it back out
    raw.send("422[\"x\\ud800\",{}]");
    assertThat(raw.next()).startsWith("432[{\"status\":false,\"reason\":\"UNKNOWN_TYPE\"");
    raw.send("423[\"chatting\",\"a\\ud800\"]");
    assertThat(raw.next()).startsWith("433[{\"status\":false,\"reason\":\"BAD_MESSAGE\"");
    raw.send("424[\"join_room\",{\"type\":0,\"msg\":\"\\udfff\"}]");
    assertThat(raw.next()).startsWith("434[{\"status\":false,\"reason\":\"BAD_MESSAGE\"");
    raw.send("425[\"chatting\",\"still here\"]");
    assertThat(raw.next()).startsWith("42[\"chatting\",{\"msg\":\"still here\"");
    assertThat(raw.next()).isEqualTo("435[{\"status\":true}]");
    assertThat(alice.next("chatting").optString("msg"))
        .as("the room heard only the good message")
        .isEqualTo("still here");
    alice.expectNothingElse();
  }

  /**
   * No container may keep a buffer of {@code max-payload} for each connection: Tomcat kept 2 MB of chars for each from
   * its first text message on, and its 512 MB of heap here ran out near 250 pages.
   */
  @Test
  void threeHundredWebSocketPagesThatHaveEachSaidSomethingAreAllAnswered(TestInfo test) {
    List<EngineIoSocket> pages = new ArrayList<>();
    for (int page = 0; page < 300; page++) {
      EngineIoSocket socket = raw("name=page" + page + "&room=" + room(test), true);
      assertThat(socket.connectNamespace()).as("page %d's CONNECT answer", page).startsWith("40{");
      pages.add(socket);
    }
    for (EngineIoSocket socket : pages) {
      socket.send("421[\"chatting\",\"anyone?\"]");
    }
    for (EngineIoSocket socket : pages) {
      assertThat(socket.next()).startsWith("431[{\"status\":false,\"reason\":\"NOT_MEMBER\"");
    }
  }

  @Test
  void aTextMessageOfExactlyMaxPayloadIsReadWholeAndAnsweredOnItsOpenSession(TestInfo test) {
    SocketIoClient alice = member("alice", test);
    EngineIoSocket big = raw("name=big&room=" + room(test), true);
    int maxPayload = big.handshake().getInt("maxPayload");
    assertThat(big.connectNamespace()).startsWith("40{");
    big.send("421[\"join_room\",{\"type\":1}]");
    assertThat(big.next()).isEqualTo("431[{\"status\":true}]");
    String head = "427[\"chatting\",{\"msg\":\"";
    big.send(head + "x".repeat(maxPayload - head.length() - 3) + "\"}]"); // maxPayload bytes exactly
    assertThat(big.next()).as("refused by the chat's own limit, not closed").startsWith("437[{\"status\":false");
    big.send("428[\"chatting\",\"and now a short one\"]");
    assertThat(big.next()).startsWith("42[\"chatting\",{\"msg\":\"and now a short one\"");
    assertThat(big.next()).isEqualTo("438[{\"status\":true}]");
    assertThat(alice.next("chatting").optString("msg")).isEqualTo("and now a short one");
    alice.expectNothingElse();
  }

  @Test
  void aBinaryAttachmentOfExactlyMaxPayloadIsReadWholeAndAnsweredOnItsOpenSession(TestInfo test) {
    EngineIoSocket big = raw("name=big&room=" + room(test), true);
    int maxPayload = big.handshake().getInt("maxPayload");
    assertThat(big.connectNamespace()).startsWith("40{");
    big.send("421[\"join_room\",{\"type\":1}]");
    assertThat(big.next()).isEqualTo("431[{\"status\":true}]");
    big.send("451-7[\"chatting\",{\"_placeholder\":true,\"num\":0}]");
    big.sendBinary(new byte[maxPayload]);
    assertThat(big.next()).startsWith("437[{\"status\":false,\"reason\":\"BINARY_NOT_SUPPORTED\"");
    big.send("428[\"chatting\",\"after the attachment\"]");
    assertThat(big.next()).startsWith("42[\"chatting\",{\"msg\":\"after the attachment\"");
    assertThat(big.next()).isEqualTo("438[{\"status\":true}]");
  }

  @Test
  void aMessageOverMaxPayloadClosesOnlyItsSession(TestInfo test) throws Exception {
    SocketIoClient alice = member("alice", test);
    Scrape before = Scrape.of(server());
    EngineIoSocket big = raw("name=big&room=" + room(test), true);
    int maxPayload = big.handshake().getInt("maxPayload");
    assertThat(big.connectNamespace()).startsWith("40{");
    big.send("42[\"chatting\",{\"msg\":\"" + "x".repeat(maxPayload) + "\"}]");
    assertThat(big.closed().get(SocketIoClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isIn(1002, 1009);
    awaitOneClosedForTheProtocol(before, "a text message over maxPayload");

    String sid = handshake().getString("sid");
    HttpResponse<String> tooLarge = post("?EIO=4&transport=polling&sid=" + sid, "4" + "x".repeat(maxPayload));
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(get("?EIO=4&transport=polling&sid=" + sid).body())
        .as("the session of the oversized POST is closed")
        .contains("Session ID unknown");
    alice.expectNothingElse();
  }

  @Test
  void aBinaryFrameOverMaxPayloadIsClosedWith1009AsATextOneIs(TestInfo test) throws Exception {
    SocketIoClient alice = member("alice", test);
    Scrape before = Scrape.of(server());
    EngineIoSocket big = raw("name=big&room=" + room(test), true);
    int maxPayload = big.handshake().getInt("maxPayload");
    assertThat(big.connectNamespace()).startsWith("40{");
    big.sendBinary(new byte[maxPayload + 1]);

    Integer code = big.closed().get(SocketIoClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(code).as("a message over max-payload, whatever its kind").isEqualTo(1009);
    awaitOneClosedForTheProtocol(before, "a binary message over maxPayload");
    alice.emit("chatting", json("msg", "unharmed"));
    assertThat(alice.next("chatting").optString("msg")).isEqualTo("unharmed");
    alice.expectNothingElse();
  }

  @Test
  void aPollingPostThatBreaksTheProtocolIsRefusedAndClosesItsSession(TestInfo test) throws Exception {
    SocketIoClient alice = member("alice", test);
    String deep = "[".repeat(5000) + "]".repeat(5000);
    for (String body : List.of("42[", "42-1[\"chatting\",\"x\"]", "42[\"chatting\"," + deep + "]")) {
      HttpResponse<String> open = get("?EIO=4&transport=polling&name=poster&room=" + room(test));
      String sid = Json.createReader(new StringReader(open.body().substring(1))).readObject().getString("sid");
      String query = "?EIO=4&transport=polling&sid=" + sid;
      assertThat(post(query, "40").body()).isEqualTo("ok");
      assertThat(polledUntil(query, "40{")).as("the namespace is joined").isTrue();

      HttpResponse<String> refused = post(query, body);
      assertThat(refused.statusCode()).as("POST %s", abbreviated(body)).isEqualTo(400);
      assertThat(refused.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
      assertThat(get(query).body()).as("the session after %s", abbreviated(body)).contains("Session ID unknown");
    }
    alice.expectNothingElse();
  }

  @Test
  void textThatIsNotUtf8IsRefusedOverPollingAsOverWebSocket(TestInfo test) throws Exception {
    SocketIoClient alice = member("alice", test);
    HttpResponse<String> open = get("?EIO=4&transport=polling&name=poster&room=" + room(test));
    String sid = Json.createReader(new StringReader(open.body().substring(1))).readObject().getString("sid");
    String query = "?EIO=4&transport=polling&sid=" + sid;
    assertThat(post(query, "40").body()).isEqualTo("ok");
    assertThat(polledUntil(query, "40{")).as("the namespace is joined").isTrue();
    ByteArrayOutputStream broken = new ByteArrayOutputStream();
    broken.writeBytes("42[\"chatting\",\"bad".getBytes(StandardCharsets.US_ASCII));
    broken.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC0, (byte) 0x80});
    broken.writeBytes("\"]".getBytes(StandardCharsets.US_ASCII));

    HttpResponse<String> refused = post(query, broken.toByteArray());

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(get(query).body()).as("the session after a body that is not UTF-8").contains("Session ID unknown");
    HttpResponse<String> badName = get("?EIO=4&transport=polling&name=%FF&room=" + room(test));
    assertThat(badName.statusCode()).as("a handshake whose escapes are not UTF-8").isEqualTo(400);
    assertThat(get("?EIO=4&transport=polling&name=%ED%95%9C&room=" + room(test)).statusCode())
        .as("a handshake whose escapes are UTF-8 (한)")
        .isEqualTo(200);
    alice.expectNothingElse();
  }

  /** More POSTs whose bodies stall than WildFly 39 has request threads on two cores (32). */
  private static final int STALLED_POSTS = 40;

  @Test
  void postsWhoseBodiesStopArrivingHoldNoRequestThreadAndAreRefused() throws Exception {
    List<RawHttp> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < STALLED_POSTS; i++) {
        String sid = handshake().getString("sid");
        RawHttp connection = RawHttp.connect(server(), Duration.ofSeconds(30));
        stalled.add(connection);
        String target = server().socketIoPath() + "?EIO=4&transport=polling&sid=" + sid;
        connection.send(
            "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                + "Content-Length: 100\r\n\r\n40");
      }

      assertThat(get("?EIO=4&transport=polling").statusCode())
          .as("a handshake while %s POST bodies stall", STALLED_POSTS)
          .isEqualTo(200);
      assertThat(stalled.get(0).next().status()).as("a POST whose body stopped arriving").isEqualTo(400);
    } finally {
      for (RawHttp connection : stalled) {
        connection.close();
      }
    }
  }

  /** Polls (a few times: pings come in between) until a packet starting with {@code packet} arrives. */
  private boolean polledUntil(String query, String packet) {
    for (int poll = 0; poll < 10; poll++) {
      for (String part : get(query).body().split("\u001e", -1)) {
        if (part.startsWith(packet)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A polling payload without the heartbeat's pings, which a slow machine may let come before what a test awaits. */
  private static String withoutPings(String payload) {
    return String.join("\u001e", Arrays.stream(payload.split("\u001e", -1)).filter(p -> !p.equals("2")).toList());
  }

  private static String abbreviated(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  @Test
  void theLongPollingTransportAnswersAndRefusesAsTheSpecSays() throws Exception {
    HttpResponse<String> open = get("?EIO=4&transport=polling");
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.body()).startsWith("0{");
    JsonObject handshake = Json.createReader(new StringReader(open.body().substring(1))).readObject();
    assertThat(handshake.keySet())
        .containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
    assertThat(handshake.getJsonArray("upgrades").getString(0)).isEqualTo("websocket");
    String sid = handshake.getString("sid");

    assertThat(get("?EIO=3&transport=polling").statusCode()).isEqualTo(400);
    assertThat(get("?transport=polling").statusCode()).isEqualTo(400);
    assertThat(get("?EIO=4&transport=carrier-pigeon").body()).contains("\"code\":0");
    assertThat(get("?EIO=4&transport=polling&sid=nobody").body()).contains("Session ID unknown");
    assertThat(post("?EIO=4&transport=polling", "40").statusCode()).isEqualTo(400);

    String query = "?EIO=4&transport=polling&sid=" + sid;
    assertThat(post(query, "3\u001e40").body()).isEqualTo("ok");
    HttpResponse<String> answered = get(query);
    assertThat(withoutPings(answered.body())).startsWith("44{").contains("handshake query needs");
    assertThat(post(query, "1").body()).isEqualTo("ok");
    assertThat(withoutPings(get(query).body())).as("a GET that raced the client's close").isEqualTo("6");
    assertThat(get(query).statusCode()).as("a session its client closed").isEqualTo(400);

    for (int attempt = 1; ; attempt++) {
      String session = handshake().getString("sid");
      String again = "?EIO=4&transport=polling&sid=" + session;
      CompletableFuture<HttpResponse<String>> first = getAsync(again);
      CompletableFuture<HttpResponse<String>> second = getAsync(again);
      List<HttpResponse<String>> both = List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
      if (both.stream().anyMatch(response -> response.body().equals("2")) && attempt < 5) {
        continue; // a ping answered the first GET before the second came: no overlap to see, try again
      }
      assertThat(both)
          .as("two GETs at once: one refused, the other told the session is closed")
          .extracting(response -> response.statusCode() + " " + (response.statusCode() == 200 ? response.body() : ""))
          .containsExactlyInAnyOrder("400 ", "200 1");
      assertThat(get(again).statusCode()).as("the session is closed").isEqualTo(400);
      break;
    }
  }

  @Test
  void theBrowserClientIsServedWhereSocketIoServesIt() throws Exception {
    String version = new String(resource("VERSION"), StandardCharsets.UTF_8).trim();
    for (String file : ClientScriptServlet.FILES) {
      HttpResponse<byte[]> script = fetch(file, "identity", null);
      assertThat(script.statusCode()).as(file).isEqualTo(200);
      assertThat(script.headers().firstValue("Content-Type").orElse(""))
          .as(file)
          .startsWith(file.endsWith(".map") ? "application/json" : "application/javascript");
      assertThat(script.headers().firstValue("ETag")).as(file).hasValue('"' + version + '"');
      assertThat(script.body()).as(file).isEqualTo(resource(file));
    }
    assertThat(new String(fetch("socket.io.js", "identity", null).body(), StandardCharsets.UTF_8))
        .startsWith("/*!\n * Socket.IO v" + version);

    HttpResponse<byte[]> gzipped = fetch("socket.io.min.js", "gzip, deflate, br", null);
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (var unzip = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
      assertThat(unzip.readAllBytes()).isEqualTo(resource("socket.io.min.js"));
    }
    HttpResponse<byte[]> unchanged = fetch("socket.io.min.js", "gzip", '"' + version + '"');
    assertThat(unchanged.statusCode()).as("a cached copy is still good").isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
  }

  private HttpResponse<byte[]> fetch(String file, String acceptEncoding, String ifNoneMatch) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(polling(file)).timeout(SocketIoClient.WAIT).header("Accept-Encoding", acceptEncoding);
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A file of the client bundle as the build put it into the application. */
  private static byte[] resource(String file) throws IOException {
    try (var in = ClientScriptServlet.class.getResourceAsStream("/dev/socketchat/socketio/client/" + file)) {
      assertThat(in).as("%s in the build output", file).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void postsOneAfterAnotherEachOnAFreshConnectionAreNeverTakenForOverlapping() throws Exception {
    // as socket.io-client in Node posts: the next only once the answer to the last came, on a new connection; a server
    // that sent the answer before it counted the POST as done took the next for one at the same time (400)
    String target = server().socketIoPath() + "?EIO=4&transport=polling&sid=" + handshake().getString("sid");
    String query = target.substring(target.indexOf('?'));
    for (int i = 0; i < 2000; i++) {
      if (i % 200 == 199) {
        // the session lives on pongs, not on these: take the server's pings and answer one, as a client would
        assertThat(get(query).body()).as("what waits before POST %d", i).startsWith("2");
        assertThat(post(query, "3").body()).isEqualTo("ok");
      }
      try (RawHttp http = RawHttp.connect(server(), SocketIoClient.WAIT)) {
        http.send(RawHttp.request("POST", target, "6", "Content-Type: text/plain;charset=UTF-8"));
        assertThat(http.next().body()).as("the answer to POST %d", i).isEqualTo("ok");
      }
    }
    assertThat(post(query, "1").body()).isEqualTo("ok"); // it closes
  }

  // --- the seed page on the npm client -----------------------------------------------------------------------------

  @Test
  void theSeedPageWorksUnchangedOnTheNpmClient(TestInfo test) {
    String url = server().socketIoOrigin().toString().replaceFirst("^http", "ws");
    NodeScript.run("seed-page.mjs", url, server().socketIoPath(), room(test));
  }

  @Test
  void pagesThatLeaveABusyRoomGiveUpTheirSeatsAtOnce(TestInfo test) {
    String url = server().socketIoOrigin().toString().replaceFirst("^http", "ws");
    NodeScript.run("socketio-goodbyes.mjs", url, server().socketIoPath(), room(test));
  }

  // --- helpers -----------------------------------------------------------------------------------------------------

  private static void expectRefusal(JSONObject answer, String reason) {
    assertThat(answer.optBoolean("status", true)).as("status of %s", answer).isFalse();
    assertThat(answer.optString("reason")).as("reason of %s", answer).isEqualTo(reason);
    assertThat(answer.optString("detail")).as("detail of %s", answer).isNotBlank();
  }

  static void expectConnectError(SocketIoClient client, String reason, String mentions) {
    JSONObject error = client.awaitRefusal();
    assertThat(error.optString("message")).as("message of %s", error).containsIgnoringCase(mentions);
    JSONObject data = error.optJSONObject("data");
    assertThat(data).as("data of %s", error).isNotNull();
    assertThat(data.optString("reason")).isEqualTo(reason);
  }

  private JsonObject handshake() {
    HttpResponse<String> open = get("?EIO=4&transport=polling");
    return Json.createReader(new StringReader(open.body().substring(1))).readObject();
  }

  private URI polling(String query) {
    return server().socketIoOrigin().resolve(server().socketIoPath() + query);
  }

  private HttpResponse<String> get(String query) {
    return getAsync(query).join();
  }

  private CompletableFuture<HttpResponse<String>> getAsync(String query) {
    HttpRequest request = HttpRequest.newBuilder(polling(query)).timeout(SocketIoClient.WAIT).build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String query, String body) {
    return post(query, body.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(String query, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(polling(query))
            .timeout(SocketIoClient.WAIT)
            .header("Content-Type", "text/plain;charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
  }
}
