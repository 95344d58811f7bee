package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.appChat;
import static dev.socketchat.testing.Requests.appCreate;
import static dev.socketchat.testing.Requests.appJoin;
import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.list;
import static dev.socketchat.testing.Requests.nameSet;
import static dev.socketchat.testing.SocketIoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.SocketIoClient;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One client flooding a room, on a server with tight limits (a message every 5 seconds, 10 at once; 20 refusals in a
 * row close the connection, a request let through on a token that came back meanwhile breaking no row): it is told
 * {@code RATE_LIMITED}, then closed, and the room hears only what the limits let through while its other members carry
 * on.
 */
class FloodControlIT {
  private static final int BURST = 10;
  /**
   * Tokens a second. A request let through a token's time (1/rate) after the last refusal starts the row afresh, as
   * from a client that slowed down; a server or a test paused that long on a busy machine looks the same, so a token's
   * time here is far longer than any such pause (at 5 a second, pauses of 250 ms in 350 kept a flooder open).
   */
  private static final double RATE = 0.2;
  private static final int REFUSALS_TO_CLOSE = 20;
  private static final String CLOSED_FOR_FLOODING = "socketchat_connections_closed_total{cause=\"rate_limit\"}";
  private static final String CLOSED_BY_CLIENT = "socketchat_connections_closed_total{cause=\"client\"}";
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "flood-control",
            Map.of(
                "socketchat.limits.messages-per-second", Double.toString(RATE),
                "socketchat.limits.message-burst", Integer.toString(BURST),
                "socketchat.limits.requests-per-second", Double.toString(RATE),
                "socketchat.limits.request-burst", Integer.toString(BURST),
                "socketchat.limits.refusals-to-close", Integer.toString(REFUSALS_TO_CLOSE)));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aChatClientThatFloodsIsRefusedThenClosedWith1008AndTheRoomCarriesOn() throws Exception {
    Scrape before = settled();
    try (ChatClient flooder = ChatClient.connect(server).as("flooder");
        ChatClient reader = ChatClient.connect(server).as("reader")) {
      int room = flooder.createRoom("flooded");
      reader.join(room);
      flooder.expectOk("SERVER_ROOM_JOIN");
      long started = System.nanoTime();
      int sent = 100;
      try {
        for (int i = 0; i < sent; i++) {
          flooder.send(chat(room, "flooder", "spam " + i));
        }
      } catch (CompletionException closedMeanwhile) {
        // the server closed the connection part way through, as it should
      }
      List<JsonObject> answers = flooder.untilClosed(Duration.ofSeconds(10));
      int accepted = 0;
      int refused = 0;
      for (JsonObject frame : answers) {
        if (frame.getBoolean("status")) {
          accepted++; // the burst, or a token that came back while it flooded: the refusals still count
        } else {
          assertThat(frame.getString("reason")).isEqualTo("RATE_LIMITED");
          refused++;
        }
      }
      assertThat(accepted)
          .as("the burst, and the tokens that came back meanwhile")
          .isBetween(BURST, BURST + tokensBackSince(started));
      assertThat(refused).as("refusals until the connection was closed, the last one too").isEqualTo(REFUSALS_TO_CLOSE);
      assertThat(answers.get(answers.size() - 1).getString("reason", ""))
          .as("the last answer")
          .isEqualTo("RATE_LIMITED");
      assertThat(flooder.closed().join()).isEqualTo(1008);
      awaitClosedForFlooding(before);

      List<JsonObject> heard = reader.take(accepted, Duration.ofSeconds(10));
      assertThat(heard).hasSize(accepted).allSatisfy(frame -> assertThat(frame.getString("type")).isEqualTo("SERVER_CHAT_SEND"));
      assertThat(reader.expect("SERVER_ROOM_DELETE").getInt("roomID")).as("the owner's drop ends its room").isEqualTo(room);
      reader.expectNothingElse();
    }
  }

  @Test
  void anAppClientWhoseJoinOrCreateIsRefusedForItsRateStaysInItsRoomAndTheRoomGoesOn() {
    try (ChatClient host = ChatClient.connect(server).as("host");
        ChatClient guest = ChatClient.connect(server).as("guest")) {
      host.send(nameSet("host"));
      host.expectOk("SERVER_NAME_SET");
      host.send(appCreate("hosted"));
      int room = host.expectOk("SERVER_ROOM_CREATE").getInt("roomId");
      guest.join(room);
      host.expect("BROAD_ROOM_JOIN");
      int elsewhere = guest.createRoom("elsewhere");
      List<Boolean> listed = new ArrayList<>();
      for (int i = 0; i < BURST; i++) { // the name and the create took two of the burst's requests
        listed.add(host.send(list()).expect("SERVER_ROOM_LIST").getBoolean("status"));
      }
      assertThat(listed).endsWith(false);

      host.send(appJoin(elsewhere)).expectRefusal("SERVER_ROOM_JOIN", "RATE_LIMITED");
      host.send(appCreate("another")).expectRefusal("SERVER_ROOM_CREATE", "RATE_LIMITED");
      host.send(appChat("still here"));

      assertThat(host.expect("BROAD_CHAT_SEND").getString("message")).isEqualTo("still here");
      JsonObject heard = guest.expect("SERVER_CHAT_SEND");
      assertThat(heard.getInt("roomID")).as("the room did not end").isEqualTo(room);
      assertThat(heard.getString("message")).isEqualTo("still here");
    }
  }

  @Test
  void aSocketIoPageThatFloodsIsToldInItsAcksThenDisconnectedAndItsEndCountsAsFlooding() throws Exception {
    Scrape before = settled();
    try (SocketIoClient flooder = SocketIoClient.open(server, "flooder", "flood-room", "websocket").awaitConnected();
        SocketIoClient reader = SocketIoClient.open(server, "reader", "flood-room", "websocket").awaitConnected()) {
      assertThat(flooder.ask("join_room", json("type", 1)).optBoolean("status")).isTrue();
      assertThat(reader.ask("join_room", json("type", 1)).optBoolean("status")).isTrue();
      int accepted = 0;
      int refused = 0;
      long started = System.nanoTime();
      for (int i = 0; i < 200 && refused < REFUSALS_TO_CLOSE; i++) {
        JSONObject answer = flooder.ask("chatting", "spam " + i);
        if (answer.optBoolean("status")) {
          accepted++; // the burst, or a token that came back while it went on asking: the refusals still count
        } else {
          assertThat(answer.optString("reason")).isEqualTo("RATE_LIMITED");
          refused++;
        }
      }
      // the burst, and no more than the tokens that came back meanwhile; the join took a request token
      assertThat(accepted).isBetween(BURST - 1, BURST + 5 + tokensBackSince(started));
      assertThat(refused).isEqualTo(REFUSALS_TO_CLOSE);
      assertThat(flooder.disconnected().get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      for (int i = 0; i < accepted; i++) {
        reader.next("chatting");
      }
      reader.expectNothingElse();
      // its client closes the session once told, but the metrics count why: flooding, not a client's own close
      awaitClosedForFlooding(before);
      assertThat(Scrape.of(server).value(CLOSED_BY_CLIENT)).isEqualTo(before.value(CLOSED_BY_CLIENT));
    }
  }

  @Test
  void aSocketIoPageThatFloodsOverPollingHearsEveryAckAndItsDisconnectWhateverItSentAfter() throws Exception {
    Scrape before = settled();
    try (SocketIoClient flooder = SocketIoClient.open(server, "flooder", "flood-poll", "polling").awaitConnected()) {
      assertThat(flooder.ask("join_room", json("type", 1)).optBoolean("status")).isTrue();
      long started = System.nanoTime();
      List<CompletableFuture<Object>> acks = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        acks.add(flooder.emitForAck("chatting", "spam " + i)); // most of them in one POST after the first
      }

      // not a transport error: the events after the one that got it disconnected do not end the session first
      assertThat(flooder.disconnected().get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      int answered = 0;
      int accepted = 0;
      int refused = 0;
      for (; answered < acks.size() && acks.get(answered).isDone(); answered++) {
        JSONObject answer = (JSONObject) acks.get(answered).join();
        if (answer.optBoolean("status")) {
          accepted++;
        } else {
          assertThat(answer.optString("reason")).isEqualTo("RATE_LIMITED");
          refused++;
        }
      }
      assertThat(refused).as("refusals up to the disconnect, each acked").isEqualTo(REFUSALS_TO_CLOSE);
      assertThat(accepted).isBetween(BURST - 1, BURST + 5 + tokensBackSince(started));
      assertThat(acks.subList(answered, acks.size()))
          .as("what it sent after the one that got it disconnected is dropped")
          .noneMatch(CompletableFuture::isDone);
      awaitClosedForFlooding(before);
    }
  }

  @Test
  void aSocketIoPageThatConnectsAgainOnItsConnectionStartsNoFreshBurst() {
    try (EngineIoSocket flooder = EngineIoSocket.open(server, "name=flooder&room=again", true)) {
      int accepted = 0;
      int refused = 0;
      int ackId = 0;
      long started = System.nanoTime();
      for (int round = 0; round < 3; round++) {
        assertThat(flooder.connectNamespace()).startsWith("40{");
        assertThat(flooder.ack(++ackId, "[\"join_room\",{\"type\":1}]")).contains("\"status\":true");
        for (int i = 0; i < 6; i++) { // 18 in all, more than the burst, fewer refused than close a connection
          String ack = flooder.ack(++ackId, "[\"chatting\",\"spam\"]");
          if (ack.contains("\"status\":true")) {
            accepted++;
          } else {
            assertThat(ack).contains("RATE_LIMITED");
            refused++;
          }
        }
        flooder.send("41"); // then it connects again on the same connection, as Socket.IO allows
      }
      assertThat(accepted)
          .as("one burst for the connection, not one for each socket it opens")
          .isBetween(BURST, BURST + 3 + tokensBackSince(started));
      assertThat(refused).isEqualTo(18 - accepted);
    }
  }

  /** The metrics once the connections of earlier tests are closed and counted. */
  private static Scrape settled() {
    Status.awaitZero(server, "connections");
    return Scrape.of(server);
  }

  /** Waits until the server counted one more connection closed for flooding than {@code before} did. */
  private static void awaitClosedForFlooding(Scrape before) {
    Eventually.await(
        Duration.ofSeconds(10),
        () -> Scrape.of(server).value(CLOSED_FOR_FLOODING),
        (Predicate<Double>) now -> now == before.value(CLOSED_FOR_FLOODING) + 1,
        "one more connection closed for flooding");
  }

  @Test
  void aChatClientSendingOnlyBadFramesMeetsTheSameLimitsAndIsClosedWith1008() throws Exception {
    Scrape before = settled();
    try (ChatClient flooder = ChatClient.connect(server)) {
      long started = System.nanoTime();
      int sent = BURST + REFUSALS_TO_CLOSE + 20;
      try {
        for (int i = 0; i < sent; i++) {
          flooder.send(i % 3 == 0 ? "{not json" : i % 3 == 1 ? "{\"type\":\"NOPE\"}" : "x".repeat(10));
          if (i % 10 == 0) {
            flooder.sendBinary(new byte[] {1, 2, 3});
          }
        }
      } catch (CompletionException closedMeanwhile) {
        // the server closed the connection part way through, as it should
      }
      List<JsonObject> answers = flooder.untilClosed(Duration.ofSeconds(10));
      int limited = 0;
      int ownReasons = 0;
      for (JsonObject frame : answers) {
        assertThat(frame.getBoolean("status")).isFalse();
        if (frame.getString("reason").equals("RATE_LIMITED")) {
          limited++;
        } else {
          // the burst, or a token that came back while it went on: the refusals still count
          assertThat(frame.getString("reason")).isIn("BAD_JSON", "UNKNOWN_TYPE", "BINARY_NOT_SUPPORTED");
          ownReasons++;
        }
      }
      assertThat(ownReasons)
          .as("bad frames answered with their own reason: the burst, and the tokens that came back meanwhile")
          .isBetween(BURST, BURST + tokensBackSince(started));
      assertThat(limited).as("refusals until the connection was closed, the last one too").isEqualTo(REFUSALS_TO_CLOSE);
      assertThat(answers.get(answers.size() - 1).getString("reason")).as("the last answer").isEqualTo("RATE_LIMITED");
      assertThat(flooder.closed().join()).isEqualTo(1008);
      awaitClosedForFlooding(before);
    }
  }

  @Test
  void aSocketIoPageEmittingOnlyBadEventsMeetsTheSameLimitsAndIsDisconnected() throws Exception {
    Scrape before = settled();
    try (SocketIoClient flooder = SocketIoClient.open(server, "flooder", "bad-events", "websocket").awaitConnected()) {
      int refusedForTheEvent = 0;
      int limited = 0;
      long started = System.nanoTime();
      for (int i = 0; i < 200 && limited < REFUSALS_TO_CLOSE; i++) {
        JSONObject answer = i % 2 == 0 ? flooder.ask("no_such_event", "x") : flooder.ask("chatting", 42);
        assertThat(answer.optBoolean("status")).isFalse();
        if (answer.optString("reason").equals("RATE_LIMITED")) {
          limited++;
        } else {
          assertThat(answer.optString("reason")).isIn("UNKNOWN_TYPE", "BAD_MESSAGE");
          refusedForTheEvent++; // the burst, or a token that came back while it went on: the limited still count
        }
      }
      assertThat(refusedForTheEvent).as("the burst").isBetween(BURST, BURST + 5 + tokensBackSince(started));
      assertThat(limited).isEqualTo(REFUSALS_TO_CLOSE);
      assertThat(flooder.disconnected().get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      awaitClosedForFlooding(before);
    }
  }

  @Test
  void aSocketIoPageRejoiningItsOwnRoomOverAndOverMeetsTheRequestLimitAndIsDisconnected() throws Exception {
    Scrape before = settled();
    try (SocketIoClient flooder = SocketIoClient.open(server, "flooder", "rejoins", "websocket").awaitConnected()) {
      int accepted = 0;
      int limited = 0;
      long started = System.nanoTime();
      for (int i = 0; i < 200 && limited < REFUSALS_TO_CLOSE; i++) {
        JSONObject answer = flooder.ask("join_room", json("type", 1)); // a returning entry: announced to nobody
        if (answer.optBoolean("status")) {
          accepted++;
        } else {
          assertThat(answer.optString("reason")).isEqualTo("RATE_LIMITED");
          limited++;
        }
      }
      assertThat(accepted).as("the burst").isBetween(1, BURST + 5 + tokensBackSince(started));
      assertThat(limited).isEqualTo(REFUSALS_TO_CLOSE);
      assertThat(flooder.disconnected().get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      awaitClosedForFlooding(before);
    }
  }

  @Test
  void aSocketIoPageMovingFromRoomToRoomPaysOneRequestForEachFirstEntryAndIsRefusedOnlyWhereItDidNotGo() {
    try (SocketIoClient mover = SocketIoClient.open(server, "mover", "moves-0", "websocket").awaitConnected()) {
      int moved = 0;
      String refusedRoom = null;
      long started = System.nanoTime();
      for (int i = 1; i <= 2 * BURST && refusedRoom == null; i++) {
        String target = "moves-" + i;
        JSONObject answer = mover.ask("join_room", json("idx", target, "name", "mover", "type", 0, "mem_cnt", 1));
        if (answer.optBoolean("status")) {
          moved++;
          assertThat(mover.next("chatting").optString("type")).isEqualTo("notice"); // its entry, announced
          assertThat(mover.next("join_room").optString("type")).isEqualTo("notice");
        } else {
          assertThat(answer.optString("reason")).isEqualTo("RATE_LIMITED");
          refusedRoom = target;
        }
      }
      // a first entry into another room is one request (leaving the last room is never limited), not two
      assertThat(moved).as("moves within the burst").isBetween(BURST, BURST + tokensBackSince(started));
      assertThat(refusedRoom).isNotNull();
      JSONObject stayed = mover.ask("chatting", json("idx", "moves-" + moved, "msg", "still here"));
      assertThat(stayed.toString()).as("in the room it moved to last").isEqualTo("{\"status\":true}");
      try (SocketIoClient watcher = SocketIoClient.open(server, "watcher", refusedRoom, "websocket").awaitConnected()) {
        assertThat(watcher.ask("join_room", json("type", 1)).optBoolean("status")).isTrue();
        watcher.emit("chatting", "who is here?");
        assertThat(watcher.next("chatting").optInt("view")).as("members of the room it was refused").isEqualTo(1);
      }
    }
  }

  /** The tokens the limits gave back since {@code started}, by {@link System#nanoTime()}, rounded up. */
  private static int tokensBackSince(long started) {
    return (int) Math.ceil(RATE * (System.nanoTime() - started) / 1e9);
  }
}
