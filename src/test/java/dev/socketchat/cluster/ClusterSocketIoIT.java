package dev.socketchat.cluster;

import static dev.socketchat.testing.SocketIoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.SocketIoClient;
import dev.socketchat.testing.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Socket.IO open rooms across nodes: pages on three nodes, over both transports, share one room through Redis. Each
 * node's events reach the others in one order, so a chat sent last proves what came (or did not come) before it.
 */
class ClusterSocketIoIT {
  private static ClusterUnderTest cluster;
  private final List<SocketIoClient> pages = new ArrayList<>();

  @BeforeAll
  static void start() {
    cluster = ClusterUnderTest.start("cluster-socketio", 3, Map.of());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void closePages() {
    pages.forEach(SocketIoClient::close);
    pages.clear();
    Status.awaitZero(cluster.node(0), "openRooms", "memberships"); // the cluster's counts, read from Redis
  }

  /** A page on the given node, in its room by a returning (silent) {@code join_room}. */
  private SocketIoClient page(int node, String name, String room, String transport) {
    SocketIoClient page = SocketIoClient.open(cluster.node(node), name, room, transport).awaitConnected();
    pages.add(page);
    assertThat(page.ask("join_room", json("type", 1)).optBoolean("status")).isTrue();
    return page;
  }

  @Test
  void pagesOnDifferentNodesShareAnOpenRoomOverBothTransports() {
    String room = "hotel-1004";
    SocketIoClient alice = page(0, "alice", room, "websocket");
    SocketIoClient bob = page(1, "bob", room, "websocket");
    SocketIoClient carol = page(2, "carol", room, "polling");
    SocketIoClient elsewhere = page(1, "dave", room + "-other", "websocket");
    assertThat(Status.of(cluster.node(2)).getInt("memberships")).isEqualTo(4);

    alice.emit("join_room", json("msg", "첫 입장", "type", 0));
    for (SocketIoClient page : List.of(alice, bob, carol)) {
      JSONObject notice = page.next("chatting");
      assertThat(notice.optString("msg")).isEqualTo("alice 님이 입장하셨습니다.");
      assertThat(notice.optString("room")).isEqualTo(room);
      assertThat(notice.optInt("size")).as("members connected on all nodes").isEqualTo(3);
      assertThat(page.next("join_room").optString("name")).isEqualTo("alice");
    }

    JSONObject ack = bob.ask("chatting", json("msg", "안녕하세요 from node 1"));
    assertThat(ack.optBoolean("status")).isTrue();
    for (SocketIoClient page : List.of(alice, bob, carol)) {
      JSONObject chat = page.next("chatting");
      assertThat(chat.optString("name")).isEqualTo("bob");
      assertThat(chat.optString("msg")).isEqualTo("안녕하세요 from node 1");
      assertThat(chat.optInt("view")).isEqualTo(3);
    }

    carol.emit("leave_room", json());
    for (SocketIoClient page : List.of(alice, bob)) {
      JSONObject notice = page.next("chatting");
      assertThat(notice.optString("msg")).isEqualTo("carol 님이 퇴장하셨습니다.");
      assertThat(notice.optInt("size")).isEqualTo(2);
    }
    alice.emit("chatting", json("msg", "after carol left"));
    assertThat(bob.next("chatting").optString("msg")).isEqualTo("after carol left");
    assertThat(alice.next("chatting").optString("msg")).isEqualTo("after carol left");

    dave(elsewhere);
  }

  @Test
  void aPageThatGoesAwayOnOneNodeLeavesSilentlyForTheOthers() {
    String room = "hotel-2002";
    SocketIoClient alice = page(0, "alice", room, "websocket");
    SocketIoClient bob = page(1, "bob", room, "polling");
    SocketIoClient leaving = page(2, "carol", room, "websocket");
    leaving.close();
    pages.remove(leaving);
    Eventually.await(
        Duration.ofSeconds(10),
        () -> Status.of(cluster.node(0)).getInt("memberships"),
        count -> count == 2,
        "carol's membership gone from Redis");

    bob.emit("chatting", json("msg", "is carol gone?"));
    JSONObject first = alice.next("chatting");
    assertThat(first.optString("msg")).as("nothing was announced before bob's message").isEqualTo("is carol gone?");
    assertThat(bob.next("chatting").optString("name")).isEqualTo("bob");
  }

  @Test
  void aPageThatLeavesAndJoinsAgainAtOnceIsInTheRoom() {
    String room = "hotel-3003";
    SocketIoClient alice = page(0, "alice", room, "websocket");
    SocketIoClient bob = page(1, "bob", room, "websocket");
    bob.emit("leave_room", json());
    assertThat(bob.ask("join_room", json("type", 1)).optBoolean("status")).as("back before the leave arrived").isTrue();
    assertThat(alice.next("chatting").optString("msg")).isEqualTo("bob 님이 퇴장하셨습니다.");
    alice.emit("chatting", json("msg", "still there?"));
    for (SocketIoClient page : List.of(alice, bob)) {
      assertThat(page.next("chatting").optString("msg")).isEqualTo("still there?");
    }
  }

  /** The page in another room heard nothing of this room: its own message is the first thing it receives. */
  private static void dave(SocketIoClient dave) {
    dave.emit("chatting", json("msg", "only me here"));
    assertThat(dave.next("chatting").optString("msg")).isEqualTo("only me here");
  }
}
