package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.delete;
import static dev.socketchat.testing.Requests.kick;
import static dev.socketchat.testing.Requests.resume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions in a cluster of two nodes: every client of the contract is on node 0 (the dropped ones through the relay),
 * whose suspended sessions take their rooms' kept events from Redis; chat from a member on node 1 reaches a session
 * suspended on node 0; and a session dropped on node 0, or still open there, is resumed on node 1, which takes its
 * seats over in Redis. Rooms keep 20 events here.
 */
class ClusterSessionIT extends SessionContract {
  private static final int KEEP = 20;
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster =
        ClusterUnderTest.start(
            "cluster-sessions",
            2,
            Map.of(
                "socketchat.session.resume-window", "4000",
                "socketchat.history.keep", Integer.toString(KEEP),
                "socketchat.limits.messages-per-second", "0"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Override
  ServerUnderTest server() {
    return cluster.node(0);
  }

  @Test
  void chatFromAnotherNodeIsKeptForASessionSuspendedOnThisOneAndReplayedOnResume() {
    try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
      int room = owner.createRoom("across");
      ChatClient guest = relayed("lee");
      kimSays(owner, room, "before");
      JsonObject joined = guest.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");
      kimSays(owner, room, "seen");
      awaitChat(guest, "seen");
      long seq = seq(joined) + 1;

      proxy.cut();
      for (String text : List.of("one", "two", "three")) {
        kimSays(owner, room, text);
      }
      ChatClient back = direct("lee");
      back.send(resume(joined.getString("session"), room, seq));
      JsonObject outcome = expectOutcome(back);
      assertThat(outcome.getBoolean("recovered")).isTrue();
      for (String text : List.of("one", "two", "three")) {
        JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
        assertThat(missed.getString("message")).isEqualTo(text);
        assertThat(seq(missed)).isEqualTo(++seq);
      }
      back.send(chat(room, "lee", "back"));
      awaitChat(back, "back");
      awaitChat(owner, "back");
      owner.expectNothingElse();
      back.expectNothingElse();
    }
  }

  @Test
  void moreMissedThanTheRoomKeepsIsHistoryGoneButTheSeatStays() {
    missMoreThanKept(KEEP, this::direct);
  }

  @Test
  void anOwnerDroppedOnOneNodeResumesOnTheOtherWithEveryMissedMessageOnceInOrderStillOwner() {
    ChatClient owner = relayed("kim");
    owner.send(Requests.create("moving", "kim"));
    JsonObject created = owner.expectOk("SERVER_ROOM_CREATE");
    int room = created.getInt("roomID");
    try (ChatClient guest = ChatClient.connect(cluster.node(1)).as("lee")) {
      long seq = seq(guest.join(room));
      owner.expectOk("SERVER_ROOM_JOIN");

      proxy.cut();
      for (String text : List.of("one", "two", "three")) {
        guest.send(chat(room, "lee", text));
        awaitChat(guest, text);
      }
      try (ChatClient back = ChatClient.connect(cluster.node(1)).as("kim")) {
        back.send(resume(created.getString("session"), room, seq));
        JsonObject resumed = back.expectOk("SERVER_SESSION_RESUME");
        assertThat(resumed.getString("userName")).isEqualTo("kim");
        assertThat(resumed.getString("session")).isEqualTo(created.getString("session"));
        assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered")).isTrue();
        for (String text : List.of("one", "two", "three")) {
          JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
          assertThat(missed.getString("message")).isEqualTo(text);
          assertThat(seq(missed)).isEqualTo(++seq);
        }
        Eventually.await(
            Duration.ofSeconds(10),
            () -> Status.of(cluster.node(0)).getInt("suspended"),
            suspended -> suspended == 0,
            "the node the owner dropped from to let go of its session");
        guest.send(chat(room, "lee", "live"));
        awaitChat(guest, "live");
        awaitChat(back, "live");
        back.send(delete(room, "kim"));
        back.expectOk("SERVER_ROOM_DELETE");
        assertThat(guest.expectOk("SERVER_ROOM_DELETE").getInt("roomID")).isEqualTo(room);
        guest.expectNothingElse();
        back.expectNothingElse();
      }
    }
  }

  @Test
  void aRoomDeletedWhileAwayIsReplayedToItsEndByAResumeOnTheOtherNode() {
    try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
      int room = owner.createRoom("short-lived");
      JsonObject joined = leeJoinsThroughTheRelay(owner, room);
      long seq = seq(joined);

      proxy.cut();
      kimSays(owner, room, "closing time");
      owner.send(delete(room, "kim"));
      owner.expectOk("SERVER_ROOM_DELETE");

      try (ChatClient back = ChatClient.connect(cluster.node(1)).as("lee")) {
        back.send(resume(joined.getString("session"), room, seq));
        JsonObject outcome = expectOutcome(back);
        assertThat(outcome.getBoolean("recovered")).as("%s", outcome).isTrue();
        expectTheRoomsEnd(back, room, seq, "closing time");
      }
    }
  }

  @Test
  void aRoomDeletedJustBeforeTheMembersConnectionDropsIsReplayedToItsEndByAResumeOnTheOtherNode() {
    // the counts awaited below are node 0's only while no session an earlier test dropped is waiting there
    awaitSuspended(0, "the sessions earlier tests dropped to expire");
    try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
      int room = owner.createRoom("ends live");
      ChatClient witness = direct("park"); // on node 0 with lee: node 0 hands the room's events to both at once
      witness.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");
      JsonObject joined = leeJoinsThroughTheRelay(owner, room);
      long seq = seq(joined);
      witness.expectOk("SERVER_ROOM_JOIN");

      proxy.muteReplies(); // node 0 sends lee the last message and the deletion, and the network loses them
      kimSays(owner, room, "closing now");
      owner.send(delete(room, "kim"));
      owner.expectOk("SERVER_ROOM_DELETE");
      awaitChat(witness, "closing now");
      witness.expectOk("SERVER_ROOM_DELETE"); // so node 0 handed the deletion to lee's live connection too
      proxy.cut();
      awaitSuspended(1, "node 0 to notice the drop and keep the session");

      try (ChatClient back = ChatClient.connect(cluster.node(1)).as("lee")) {
        back.send(resume(joined.getString("session"), room, seq));
        JsonObject outcome = expectOutcome(back);
        assertThat(outcome.getBoolean("recovered")).as("%s", outcome).isTrue();
        expectTheRoomsEnd(back, room, seq, "closing now");
      }
    }
  }

  @Test
  void aResumeOnTheOtherNodeFromBeforeTheJoinReplaysOnlyWhatCameAfterIt() {
    resumeOnTheOtherNodeFromBeforeTheJoin(false);
  }

  @Test
  void aResumeOnTheOtherNodeFromBeforeTheJoinReplaysADeletedRoomOnlyFromTheJoinToItsEnd() {
    resumeOnTheOtherNodeFromBeforeTheJoin(true);
  }

  /** A member that joined after a message resumes on the other node with seq 0: it gets what came after its join. */
  private void resumeOnTheOtherNodeFromBeforeTheJoin(boolean deleted) {
    try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
      int room = owner.createRoom("joined late");
      kimSays(owner, room, "before you came");
      JsonObject joined = leeJoinsThroughTheRelay(owner, room);
      long seq = seq(joined);
      proxy.cut();
      kimSays(owner, room, "while away");
      if (deleted) {
        owner.send(delete(room, "kim"));
        owner.expectOk("SERVER_ROOM_DELETE");
      }

      try (ChatClient back = ChatClient.connect(cluster.node(1)).as("lee")) {
        back.send(resume(joined.getString("session"), room, 0));
        JsonObject outcome = expectOutcome(back);
        assertThat(outcome.getBoolean("recovered")).as("%s", outcome).isTrue();
        JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
        assertThat(missed.getString("message")).isEqualTo("while away");
        assertThat(seq(missed)).isEqualTo(seq + 1);
        if (deleted) {
          assertThat(seq(back.expectOk("SERVER_ROOM_DELETE"))).isEqualTo(seq + 2);
        }
        back.expectNothingElse();
      }
    }
  }

  @Test
  void aResumeOnTheOtherNodeWithAMarkPastTheRoomsLatestEventIsBadSeqAndTheSeatStays() {
    try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
      int room = owner.createRoom("ahead across");
      JsonObject joined = leeJoinsThroughTheRelay(owner, room);
      long seq = seq(joined);
      proxy.cut();
      kimSays(owner, room, "while away");

      try (ChatClient back = ChatClient.connect(cluster.node(1)).as("lee")) {
        back.send(resume(joined.getString("session"), room, seq + 1000));
        JsonObject outcome = expectOutcome(back);
        assertThat(outcome.getBoolean("recovered")).isFalse();
        assertThat(outcome.getString("reason")).isEqualTo("BAD_SEQ");
        kimSays(owner, room, "live");
        awaitChat(back, "live");
        back.expectNothingElse();
      }
    }
  }

  @Test
  void aSessionWhoseOnlyRoomWasDeletedWhileAwayAndThatResumedOnTheOtherNodeResumesBackOnTheFirstAfterItsNextDrop() {
    resumesBackOnTheFirstNodeAfterItsOnlyRoomEndedWhileAway(room -> delete(room, "kim"), "SERVER_ROOM_DELETE");
  }

  @Test
  void aMemberKickedJustBeforeItsConnectionDropsHearsOfItsKickOnResumeOnTheOtherNode() {
    // the counts awaited below are node 0's only while no session an earlier test dropped is waiting there
    awaitSuspended(0, "the sessions earlier tests dropped to expire");
    try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
      int room = owner.createRoom("no spam");
      JsonObject joined = leeJoinsThroughTheRelay(owner, room);
      long seq = seq(joined);

      // node 0 sends the warning and the kick to lee's live connection, and the network loses them
      proxy.muteReplies();
      kimSays(owner, room, "last warning");
      owner.send(kick(room, "kim", "lee"));
      owner.expectOk("SERVER_ROOM_KICK");
      cutAndAwaitTheDrop(cluster.node(0));
      kimSays(owner, room, "after the kick");

      try (ChatClient back = ChatClient.connect(cluster.node(1)).as("lee")) {
        back.send(resume(joined.getString("session"), room, seq));
        JsonObject outcome = expectOutcome(back);
        assertThat(outcome.getBoolean("recovered")).as("%s", outcome).isTrue();
        JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
        assertThat(missed.getString("message")).isEqualTo("last warning");
        assertThat(seq(missed)).isEqualTo(seq + 1);
        JsonObject kicked = back.expectOk("SERVER_ROOM_KICK");
        assertThat(kicked.getString("nickName")).isEqualTo("lee");
        assertThat(seq(kicked)).isEqualTo(seq + 2);
        back.expectNothingElse();
        back.send(Requests.join(room, "lee"));
        back.expectRefusal("SERVER_ROOM_JOIN", "BANNED");
        owner.expectNothingElse();
      }
    }
  }

  @Test
  void aSessionKickedFromItsOnlyRoomWhileAwayAndThatResumedOnTheOtherNodeResumesBackOnTheFirstAfterItsNextDrop() {
    resumesBackOnTheFirstNodeAfterItsOnlyRoomEndedWhileAway(room -> kick(room, "kim", "lee"), "SERVER_ROOM_KICK");
  }

  @Test
  void aReplayOfADeletedRoomCutShortOnTheOtherNodeIsReplayedInFullByAResumeBackOnTheFirst() {
    // the counts awaited below are node 0's only while no session an earlier test dropped is waiting there
    awaitSuspended(0, "the sessions earlier tests dropped to expire");
    try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
      int room = owner.createRoom("cut twice");
      JsonObject joined = leeJoinsThroughTheRelay(owner, room);
      String session = joined.getString("session");
      long seq = seq(joined);
      proxy.cut();
      awaitSuspended(1, "node 0 to notice the drop");
      kimSays(owner, room, "one");
      owner.send(delete(room, "kim"));
      owner.expectOk("SERVER_ROOM_DELETE");

      // node 1 takes the session over, and its reply and replay go into a network that fails before any arrives
      proxy.retarget(cluster.node(1).base().getPort());
      resumeAndCutTheReplayShort(cluster.node(1), session, room, seq);

      try (ChatClient back = ChatClient.connect(cluster.node(0)).as("lee")) {
        back.send(resume(session, room, seq));
        JsonObject outcome = expectOutcome(back);
        assertThat(outcome.getBoolean("recovered")).as("%s", outcome).isTrue();
        JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
        assertThat(missed.getString("message")).isEqualTo("one");
        assertThat(seq(missed)).isEqualTo(seq + 1);
        JsonObject deleted = back.expectOk("SERVER_ROOM_DELETE");
        assertThat(seq(deleted)).isEqualTo(seq + 2);
        back.expectNothingElse();
        owner.expectNothingElse();
      }
    }
  }

  /**
   * Lee drops from node 0 and, while away, its only room ends for it; it resumes on node 1 (the end replayed), joins
   * another room there, drops again and resumes on node 0: node 0 let go of its old connection when the session moved,
   * so the session is taken over from node 1 as any resume on another node is, well within node 0's window.
   */
  private void resumesBackOnTheFirstNodeAfterItsOnlyRoomEndedWhileAway(
      IntFunction<JsonObject> ending, String ended) {
    try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
      int room = owner.createRoom("ending");
      JsonObject joined = leeJoinsThroughTheRelay(owner, room);
      String session = joined.getString("session");

      proxy.cut();
      owner.send(ending.apply(room));
      owner.expectOk(ended);
      proxy.retarget(cluster.node(1).base().getPort());
      ChatClient away = relayed("lee");
      away.send(resume(session, room, seq(joined)));
      JsonObject outcome = expectOutcome(away);
      assertThat(outcome.getBoolean("recovered")).as("%s", outcome).isTrue();
      assertThat(away.expectOk(ended).getInt("roomID")).isEqualTo(room);

      int next = owner.createRoom("next");
      JsonObject rejoined = away.join(next);
      assertThat(rejoined.getString("session")).isEqualTo(session);
      owner.expectOk("SERVER_ROOM_JOIN");
      proxy.cut();
      kimSays(owner, next, "while away again");

      try (ChatClient back = ChatClient.connect(cluster.node(0)).as("lee")) {
        back.send(resume(session, next, seq(rejoined)));
        JsonObject resumed = back.expectOk("SERVER_SESSION_RESUME");
        assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered")).as("%s", resumed).isTrue();
        awaitChat(back, "while away again");
        back.send(chat(next, "lee", "back on the first node"));
        awaitChat(back, "back on the first node");
        awaitChat(owner, "back on the first node");
        for (int node = 0; node < 2; node++) {
          StandaloneProcess server = cluster.node(node);
          Eventually.await(
              Duration.ofSeconds(10),
              () -> Status.of(server).getInt("suspended"),
              suspended -> suspended == 0,
              "no node to hold on to a session that moved");
        }
        owner.expectNothingElse();
        back.expectNothingElse();
      }
    }
  }

  @Test
  void aClientsOwnReplyKeepsItsRequestIdInEveryReplayAsItsSessionMovesFromNodeToNodeAndBack() throws Exception {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("hops");
    ChatClient holder = direct("lee");
    JsonObject joined = holder.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    long mark = seq(joined);
    holder.send(Requests.withRequestId(chat(room, "lee", "mine"), "r-1"));
    holder.expectOk("SERVER_CHAT_SEND");
    owner.expectOk("SERVER_CHAT_SEND");

    // node 1 takes the session over from node 0, node 0 back from node 1, then node 0 again from itself
    for (int node : new int[] {1, 0, 0}) {
      ChatClient next = ChatClient.connect(cluster.node(node)).as("lee");
      try {
        next.send(resume(joined.getString("session"), room, mark));
        next.expectOk("SERVER_SESSION_RESUME");
        JsonObject replayed = next.expectOk("SERVER_CHAT_SEND");
        assertThat(replayed.getString("message")).isEqualTo("mine");
        assertThat(replayed.getString("requestId", null)).as("replayed on node %d", node).isEqualTo("r-1");
        assertThat(holder.closed().get(10, TimeUnit.SECONDS)).as("taken over").isEqualTo(1008);
      } finally {
        holder.close();
      }
      holder = next;
    }
    owner.expectNothingElse();
    holder.close();
  }

  /**
   * A connection whose join was refused has a session it was never told of; it then resumes a dropped session, on the
   * session's own node and on the other: its own session is gone from Redis, not kept there without an end.
   */
  @Test
  void aSessionARefusedJoinOpenedEndsWhenItsConnectionResumesAnotherOnEitherNode() {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("refused, then resumed");
    List<ChatClient> resumed = new ArrayList<>();
    try {
      for (int node = 0; node < 2; node++) {
        ChatClient guest = relayed("lee" + node);
        JsonObject joined = guest.join(room);
        owner.expectOk("SERVER_ROOM_JOIN");
        proxy.cut();
        String stranger = "s" + node + UUID.randomUUID().toString().substring(0, 8); // a name only it has
        ChatClient back = ChatClient.connect(cluster.node(node)).as(stranger);
        resumed.add(back);
        back.send(Requests.join(999_999, stranger));
        back.expectRefusal("SERVER_ROOM_JOIN", "NO_SUCH_ROOM");
        back.send(resume(joined.getString("session"), room, seq(joined)));
        assertThat(expectOutcome(back).getBoolean("recovered")).isTrue();

        List<String> names = new ArrayList<>();
        for (String key : cluster.redis().strings("KEYS socketchat:session:*")) {
          names.addAll(cluster.redis().strings("HGET " + key + " name"));
        }
        assertThat(names).as("the sessions Redis holds, by name").contains("lee" + node).doesNotContain(stranger);
      }
    } finally {
      resumed.forEach(ChatClient::abort);
    }
  }

  @Test
  void aSessionStillOpenOnOneNodeIsTakenOverByAResumeOnTheOtherAndClosedWith1008() throws Exception {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("takeover across");
    ChatClient guest = direct("lee");
    JsonObject joined = guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    try (ChatClient second = ChatClient.connect(cluster.node(1)).as("lee")) {
      second.send(resume(joined.getString("session"), room, seq(joined)));
      assertThat(second.expectOk("SERVER_SESSION_RESUME").getString("userName")).isEqualTo("lee");
      assertThat(guest.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1008);
      kimSays(owner, room, "who is there?");
      awaitChat(second, "who is there?");
      second.send(chat(room, "lee", "me, on the other node"));
      awaitChat(second, "me, on the other node");
      awaitChat(owner, "me, on the other node");
      owner.expectNothingElse();
      second.expectNothingElse();
    }
  }

  /**
   * Two connections resume one dropped session at the same moment, one on each node: one of them ends up holding it,
   * the other is closed with 1008, and the holder is not told the session expired (the home node follows a session the
   * other node has just taken over); the other may be, with the detail that says why (PROTOCOL.md: the later resume
   * took the session before the earlier had it in hand). A race: several rounds.
   */
  @Test
  void twoResumesOfOneSessionAtOnceOnBothNodesLeaveItWithOneAndTellOnlyTheLoserItWentElsewhere() throws Exception {
    for (int round = 1; round <= 6; round++) {
      try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
        int room = owner.createRoom("twin resumes " + round);
        JsonObject joined = leeJoinsThroughTheRelay(owner, room);
        String session = joined.getString("session");
        proxy.cut();
        Eventually.await(
            Duration.ofSeconds(10),
            () -> cluster.redis().command("PTTL socketchat:session:" + session),
            ttl -> ttl.matches(":[1-9][0-9]*"),
            "the dropped session to wait for a resume");
        ChatClient home = direct("lee");
        ChatClient away = ChatClient.connect(cluster.node(1)).as("lee");
        try (home;
            away) {
          home.send(resume(session, room, seq(joined)));
          away.send(resume(session, room, seq(joined)));
          JsonObject homeReply = home.take(1, Duration.ofSeconds(10)).get(0);
          JsonObject awayReply = away.take(1, Duration.ofSeconds(10)).get(0);
          assertThat(List.of(homeReply, awayReply))
              .as("round %d: the replies", round)
              .allSatisfy(
                  reply -> {
                    if (!reply.getBoolean("status")) {
                      assertThat(reply.getString("reason")).isEqualTo("SESSION_EXPIRED");
                      assertThat(reply.getString("detail"))
                          .isEqualTo("the session was resumed on another connection meanwhile");
                    }
                  })
              .anyMatch(reply -> reply.getBoolean("status"));
          ChatClient loser =
              Eventually.await(
                  Duration.ofSeconds(10),
                  () -> home.closed().isDone() ? home : away.closed().isDone() ? away : null,
                  closed -> closed != null,
                  "one of the two connections to be closed");
          assertThat(loser.closed().get(1, TimeUnit.SECONDS)).as("round %d", round).isEqualTo(1008);
          ChatClient holder = loser == home ? away : home;
          assertThat(holder.closed()).as("round %d: one keeps the session", round).isNotDone();
          assertThat((loser == home ? awayReply : homeReply).getBoolean("status"))
              .as("round %d: the holder's resume succeeded", round)
              .isTrue();
          holder.send(chat(room, "lee", "held " + round));
          awaitChat(holder, "held " + round);
          awaitChat(owner, "held " + round);
          owner.expectNothingElse();
        }
      }
    }
  }

  @Test
  void theWindowPassingAnnouncesTheDropOnceOnEveryNodeAndNoNodeResumesTheSession() {
    try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
      int room = owner.createRoom("expiring");
      String session = leeJoinsThroughTheRelay(owner, room).getString("session");
      ChatClient neighbour = direct("park");
      neighbour.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");

      proxy.cut();
      for (ChatClient member : List.of(owner, neighbour)) {
        JsonObject exit = member.next(cluster.node(0).resumeWindow().plusSeconds(10));
        assertThat(exit.getString("type")).isEqualTo("SERVER_ROOM_EXIT");
        assertThat(exit.getString("nickName")).isEqualTo("lee");
        member.expectNothingElse();
      }
      try (ChatClient late = ChatClient.connect(cluster.node(1)).as("lee")) {
        late.send(resume(session, room, 1));
        late.expectRefusal("SERVER_SESSION_RESUME", "SESSION_EXPIRED");
        late.join(room); // the name is free again
      }
    }
  }

  @Test
  void aResumeOnTheOtherNodeRacingWithChatIntoTheRoomLosesAndRepeatsNothing() throws Exception {
    raceResumes(10, name -> ChatClient.connect(cluster.node(1)).as(name));
  }
}
