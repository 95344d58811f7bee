package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart of a three-node cluster with real Redis: each node in turn gets SIGTERM, drains (its clients are
 * closed with 1012 and their sessions wait in Redis), and starts again, while the members on the other nodes go on
 * chatting. The drained members reconnect to another node and resume, as the page does; in the end every member has
 * received every event of the room once, in order, and the room kept its owner and every seat.
 */
class RollingRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int NODES = 3;
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster = ClusterUnderTest.start("rolling", NODES, Map.of("socketchat.session.resume-window", "30000"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void restartingEveryNodeInTurnLosesNoMessageNoSeatAndNoRoom() throws Exception {
    List<Member> members = new ArrayList<>();
    Member owner = new Member("owner", 0);
    members.add(owner);
    int room = owner.create("rolling");
    for (int node = 1; node < NODES; node++) {
      Member member = new Member("member" + node, node);
      member.join(room);
      members.add(member);
    }
    List<String> sent = new ArrayList<>();
    talk(members, members, sent, "before");

    for (int restarted = 0; restarted < NODES; restarted++) {
      int draining = restarted;
      List<Member> moving = members.stream().filter(member -> member.node == draining).toList();
      List<Member> staying = members.stream().filter(member -> member.node != draining).toList();
      CompletableFuture<Integer> stopped =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return cluster.stop(draining);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      for (Member member : moving) {
        assertThat(member.client.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS))
            .as("%s is told its node restarts", member.name)
            .isEqualTo(1012);
      }
      // the others chat while the drained members are away
      talk(staying, staying, sent, "while node " + draining + " restarts");
      assertThat(stopped.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS)).isIn(0, 143);
      int elsewhere = (draining + 1) % NODES;
      for (Member member : moving) {
        member.resume(room, elsewhere);
        member.readUntil(sent.size()); // what it missed, replayed
      }
      cluster.startAgain(draining);
      talk(members, members, sent, "after node " + draining + " restarted");
    }

    // lines said at once by members on different nodes are in the room's order, the same for everybody
    assertThat(owner.chats).as("what the owner read").containsExactlyInAnyOrderElementsOf(sent);
    for (Member member : members) {
      assertThat(member.chats).as("what %s read, in order", member.name).containsExactlyElementsOf(owner.chats);
    }
    try (ChatClient newcomer = ChatClient.connect(cluster.node(1)).as("newcomer")) {
      JsonObject joined = newcomer.join(room);
      assertThat(joined.getString("owner")).as("the room kept its owner").isEqualTo("owner");
      assertThat(joined.getJsonArray("members").getValuesAs(jakarta.json.JsonString.class))
          .extracting(jakarta.json.JsonString::getString)
          .as("and every seat")
          .containsExactly("owner", "member1", "member2", "newcomer");
    }
  }

  /** Each speaker says a line; every listener then reads everything said so far. */
  private static void talk(List<Member> speakers, List<Member> listeners, List<String> sent, String when) {
    for (Member speaker : speakers) {
      String line = speaker.name + " " + when;
      speaker.say(line);
      sent.add(line);
    }
    for (Member listener : listeners) {
      listener.readUntil(sent.size());
    }
  }

  /** A client as the page is: it keeps its session token and each room's last event number, and resumes with them. */
  private static final class Member {
    private final String name;
    private final List<String> chats = new ArrayList<>();
    private ChatClient client;
    private int node;
    private String session;
    private int room;
    private long seq;

    Member(String name, int node) {
      this.name = name;
      this.node = node;
      this.client = ChatClient.connect(cluster.node(node)).as(name);
    }

    int create(String roomName) {
      client.send(Requests.create(roomName, name));
      JsonObject created = read("SERVER_ROOM_CREATE");
      session = created.getString("session");
      room = created.getInt("roomID");
      return room;
    }

    void join(int joined) {
      client.send(Requests.join(joined, name));
      session = read("SERVER_ROOM_JOIN").getString("session");
      room = joined;
    }

    /** Reads frames, noting each event, until it has read {@code count} chat messages. */
    void readUntil(int count) {
      while (chats.size() < count) {
        note(client.next(WAIT));
      }
    }

    void say(String line) {
      client.send(Requests.chat(room, name, line));
    }

    /** Reads frames, noting each event, until the next one of the given type; fails on a gap or a repeat. */
    JsonObject read(String type) {
      while (true) {
        JsonObject frame = client.next(WAIT);
        note(frame);
        if (frame.getString("type").equals(type)) {
          assertThat(frame.getBoolean("status")).as("%s: %s", name, frame).isTrue();
          return frame;
        }
      }
    }

    /** Notes a frame: an event must be the next of the room (its first one, the member's join, starts the count). */
    private void note(JsonObject frame) {
      if (!frame.containsKey("seq")) {
        return;
      }
      long number = frame.getJsonNumber("seq").longValue();
      if (seq != 0) {
        assertThat(number).as("%s: the event after %d: %s", name, seq, frame).isEqualTo(seq + 1);
      }
      seq = number;
      if (frame.getString("type").equals("SERVER_CHAT_SEND")) {
        chats.add(frame.getString("message"));
      }
    }

    /** Takes in what arrived before its connection closed, then resumes its session on another node. */
    void resume(int roomId, int onNode) {
      // the connection is closed: every frame it got is in the queue already; take waits 200 ms past the last
      client.take(1000, Duration.ofMillis(200)).forEach(this::note);
      StandaloneProcess target = cluster.node(onNode);
      client = ChatClient.connect(target).as(name);
      node = onNode;
      client.send(Requests.resume(session, roomId, seq));
      JsonObject resumed = client.next(WAIT);
      assertThat(resumed.getString("type")).isEqualTo("SERVER_SESSION_RESUME");
      assertThat(resumed.getBoolean("status")).as("%s resumed: %s", name, resumed).isTrue();
      assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered"))
          .as("%s recovered its room: %s", name, resumed)
          .isTrue();
    }
  }
}
