package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.delete;
import static dev.socketchat.testing.Requests.join;
import static dev.socketchat.testing.Requests.kick;
import static dev.socketchat.testing.Requests.resume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.connection.ContainerCloses;
import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.NodeScript;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.Status;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions over real sockets, on every server: a member whose connection the network drops (reset through a relay)
 * resumes on a new connection with every missed event once and in order, still in its rooms and still owner; nobody
 * hears of the drop unless the window passes; a clean close leaves at once.
 */
abstract class SessionContract {
  final ExecutorService pool = Executors.newSingleThreadExecutor();
  DroppingProxy proxy;
  private final List<ChatClient> clients = new ArrayList<>();

  abstract ServerUnderTest server();

  @BeforeEach
  void relay() throws Exception {
    proxy = DroppingProxy.to(server().base().getPort());
  }

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    clients.forEach(ChatClient::abort);
    proxy.close();
  }

  ChatClient direct(String name) {
    ChatClient client = ChatClient.connect(server()).as(name);
    clients.add(client);
    return client;
  }

  /** A client whose connection goes through the relay, so the test can drop it. */
  ChatClient relayed(String name) {
    URI chat = server().chat();
    ChatClient client = ChatClient.connect(URI.create("ws://127.0.0.1:" + proxy.port() + chat.getRawPath())).as(name);
    clients.add(client);
    return client;
  }

  /** The owner, kim, says {@code text} in {@code room} and hears it back. */
  static void kimSays(ChatClient owner, int room, String text) {
    owner.send(chat(room, "kim", text));
    awaitChat(owner, text);
  }

  static void awaitChat(ChatClient client, String text) {
    JsonObject reply = client.expectOk("SERVER_CHAT_SEND");
    assertThat(reply.getString("message")).isEqualTo(text);
  }

  @Test
  void membersWhoSayGoodbyeInABusyRoomAndAreGoneAMomentLaterLeaveAtOnce() {
    NodeScript.run("goodbyes.mjs", server().chat().toString());
  }

  @Test
  void aMemberThatClosesToResumeKeepsItsSeatAndResumesWithWhatItMissed() {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("coming back");
    ChatClient guest = direct("lee");
    JsonObject joined = guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    guest.close(ContainerCloses.CLIENT_RESUMES); // a page that took its silent connection for lost
    kimSays(owner, room, "still there?");

    ChatClient back = direct("lee");
    back.send(resume(joined.getString("session"), room, seq(joined)));
    JsonObject resumed = back.expectOk("SERVER_SESSION_RESUME");
    assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered")).isTrue();
    assertThat(back.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("still there?");
    owner.expectNothingElse(); // nobody heard it leave or come back
  }

  @Test
  void aMemberCutOffResumesWithEveryMissedMessageOnceInOrderAndNobodyHearsOfIt() {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("cut");
    ChatClient guest = relayed("lee");
    JsonObject joined = guest.join(room);
    String session = joined.getString("session");
    assertThat(session).matches("[A-Za-z0-9_-]{22,}");
    owner.expectOk("SERVER_ROOM_JOIN");

    proxy.cut();
    for (String text : List.of("one", "two", "three")) {
      kimSays(owner, room, text);
    }

    ChatClient back = direct("lee");
    back.send(resume(session, room, seq(joined)));
    JsonObject resumed = back.expectOk("SERVER_SESSION_RESUME");
    assertThat(resumed.getString("session")).isEqualTo(session);
    assertThat(resumed.getString("userName")).isEqualTo("lee");
    assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getInt("roomID")).isEqualTo(room);
    assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered")).isTrue();
    long seq = seq(joined);
    for (String text : List.of("one", "two", "three")) {
      JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
      assertThat(missed.getString("message")).isEqualTo(text);
      assertThat(seq(missed)).isEqualTo(++seq);
    }
    owner.send(chat(room, "kim", "live"));
    awaitChat(back, "live");
    back.send(chat(room, "lee", "back"));
    awaitChat(owner, "live");
    awaitChat(owner, "back");
    back.expectOk("SERVER_CHAT_SEND");
    owner.expectNothingElse();
    back.expectNothingElse();
  }

  @Test
  void aReplayOfADeletedRoomThatTheNetworkCutsShortIsReplayedInFullOnTheNextResume() {
    // the counts awaited below are this test's only while no session an earlier test dropped is waiting
    awaitSuspended(0, "the sessions earlier tests dropped to expire");
    ChatClient owner = direct("kim");
    int room = owner.createRoom("ending");
    JsonObject joined = leeJoinsThroughTheRelay(owner, room);
    String session = joined.getString("session");
    long seq = seq(joined);
    proxy.cut();
    awaitSuspended(1, "the server to notice the drop");
    for (String text : List.of("one", "two")) {
      kimSays(owner, room, text);
    }
    owner.send(delete(room, "kim"));
    owner.expectOk("SERVER_ROOM_DELETE");

    // the first resume's reply and replay go into a network that fails again before any of it arrives
    resumeAndCutTheReplayShort(server(), session, room, seq);

    ChatClient back = direct("lee");
    back.send(resume(session, room, seq));
    JsonObject outcome = expectOutcome(back);
    assertThat(outcome.getInt("roomID")).isEqualTo(room);
    assertThat(outcome.getBoolean("recovered")).isTrue();
    for (String text : List.of("one", "two")) {
      JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
      assertThat(missed.getString("message")).isEqualTo(text);
      assertThat(seq(missed)).isEqualTo(++seq);
    }
    JsonObject deleted = back.expectOk("SERVER_ROOM_DELETE");
    assertThat(deleted.getInt("roomID")).isEqualTo(room);
    assertThat(seq(deleted)).isEqualTo(++seq);
    back.expectNothingElse();
    owner.expectNothingElse();
  }

  @Test
  void aRoomDeletedJustBeforeTheMembersConnectionDropsIsReplayedToItsEndOnResume() {
    // the counts awaited below are this test's only while no session an earlier test dropped is waiting
    awaitSuspended(0, "the sessions earlier tests dropped to expire");
    ChatClient owner = direct("kim");
    int room = owner.createRoom("last words");
    JsonObject joined = leeJoinsThroughTheRelay(owner, room);
    String session = joined.getString("session");
    long seq = seq(joined);

    // the server sends the last message and the deletion to lee's live connection, and the network loses them
    proxy.muteReplies();
    kimSays(owner, room, "closing now");
    owner.send(delete(room, "kim"));
    owner.expectOk("SERVER_ROOM_DELETE");
    cutAndAwaitTheDrop(server());

    ChatClient back = direct("lee");
    back.send(resume(session, room, seq));
    JsonObject outcome = expectOutcome(back);
    assertThat(outcome.getInt("roomID")).isEqualTo(room);
    assertThat(outcome.getBoolean("recovered")).as("%s", outcome).isTrue();
    expectTheRoomsEnd(back, room, seq, "closing now");
    owner.expectNothingElse();
  }

  @Test
  void aRoomDeletedAsTheMembersNetworkDiesSilentlyIsReplayedToItsEndThoughTheHeartbeatNoticesItPastTheWindow() {
    awaitSuspended(0, "the sessions earlier tests dropped to expire");
    ChatClient owner = direct("kim");
    int room = owner.createRoom("quiet end");
    JsonObject joined = leeJoinsThroughTheRelay(owner, room);
    String session = joined.getString("session");
    long seq = seq(joined);

    // the network goes dead without a word: the last message and the deletion go into it, and only the heartbeat
    // finds out, its timeout after the last pong (on the runner, past the window)
    int connections = Status.of(server()).getInt("connections");
    proxy.freeze();
    kimSays(owner, room, "anyone still here?");
    owner.send(delete(room, "kim"));
    owner.expectOk("SERVER_ROOM_DELETE");
    Eventually.await(
        server().heartbeatTimeout().plusSeconds(10),
        () -> Status.of(server()),
        status -> status.getInt("suspended") == 1 || status.getInt("connections") < connections,
        "the heartbeat to give up on lee's connection");

    ChatClient back = direct("lee");
    back.send(resume(session, room, seq));
    JsonObject outcome = expectOutcome(back);
    assertThat(outcome.getBoolean("recovered")).as("%s", outcome).isTrue();
    expectTheRoomsEnd(back, room, seq, "anyone still here?");
    owner.expectNothingElse();
  }

  @Test
  void aMemberKickedJustBeforeItsConnectionDropsHearsOfItsKickOnResumeAndStaysBanned() {
    // the counts awaited below are this test's only while no session an earlier test dropped is waiting
    awaitSuspended(0, "the sessions earlier tests dropped to expire");
    ChatClient owner = direct("kim");
    int room = owner.createRoom("no spam");
    JsonObject joined = leeJoinsThroughTheRelay(owner, room);
    String session = joined.getString("session");
    long seq = seq(joined);

    // the server sends the warning and the kick to lee's live connection, and the network loses them
    proxy.muteReplies();
    kimSays(owner, room, "last warning");
    owner.send(kick(room, "kim", "lee"));
    owner.expectOk("SERVER_ROOM_KICK");
    cutAndAwaitTheDrop(server());
    kimSays(owner, room, "after the kick");

    ChatClient back = direct("lee");
    back.send(resume(session, room, seq));
    JsonObject outcome = expectOutcome(back);
    assertThat(outcome.getInt("roomID")).isEqualTo(room);
    assertThat(outcome.getBoolean("recovered")).as("%s", outcome).isTrue();
    JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
    assertThat(missed.getString("message")).isEqualTo("last warning");
    assertThat(seq(missed)).isEqualTo(seq + 1);
    JsonObject kicked = back.expectOk("SERVER_ROOM_KICK");
    assertThat(kicked.getString("nickName")).isEqualTo("lee");
    assertThat(kicked.getString("by")).isEqualTo("kim");
    assertThat(seq(kicked)).isEqualTo(seq + 2);
    back.expectNothingElse();
    back.send(join(room, "lee"));
    back.expectRefusal("SERVER_ROOM_JOIN", "BANNED");
    owner.expectNothingElse();
  }

  @Test
  void aResumeFromBeforeItsJoinReplaysOnlyTheRoomsEventsAfterTheJoin() {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("older");
    for (String text : List.of("before one", "before two")) {
      kimSays(owner, room, text);
    }
    JsonObject joined = leeJoinsThroughTheRelay(owner, room);
    long seq = seq(joined);
    proxy.cut();
    kimSays(owner, room, "while away");

    ChatClient back = direct("lee");
    back.send(resume(joined.getString("session"), room, 0));
    JsonObject outcome = expectOutcome(back);
    assertThat(outcome.getBoolean("recovered")).isTrue();
    JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
    assertThat(missed.getString("message")).isEqualTo("while away");
    assertThat(seq(missed)).isEqualTo(seq + 1);
    back.expectNothingElse();
  }

  @Test
  void aResumeMarkPastTheRoomsLatestEventIsBadSeqAndTheSeatStays() {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("ahead");
    JsonObject joined = leeJoinsThroughTheRelay(owner, room);
    long seq = seq(joined);
    proxy.cut();
    kimSays(owner, room, "while away");

    ChatClient back = direct("lee");
    back.send(resume(joined.getString("session"), room, seq + 1000));
    JsonObject outcome = expectOutcome(back);
    assertThat(outcome.getBoolean("recovered")).isFalse();
    assertThat(outcome.getString("reason")).isEqualTo("BAD_SEQ");
    owner.send(chat(room, "kim", "live"));
    awaitChat(back, "live");
    awaitChat(owner, "live");
    back.expectNothingElse();
  }

  /** Lee joins {@code room} through the relay, and the owner hears of it; returns lee's join reply. */
  JsonObject leeJoinsThroughTheRelay(ChatClient owner, int room) {
    JsonObject joined = relayed("lee").join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    return joined;
  }

  static long seq(JsonObject event) {
    return event.getJsonNumber("seq").longValue();
  }

  /** Expects the reply to a resume and returns the outcome for its first room. */
  static JsonObject expectOutcome(ChatClient back) {
    return back.expectOk("SERVER_SESSION_RESUME").getJsonArray("rooms").getJsonObject(0);
  }

  /** Expects the replay of a deleted room's end: {@code lastWords} at seq + 1, the deletion at seq + 2, and no more. */
  static void expectTheRoomsEnd(ChatClient back, int room, long seq, String lastWords) {
    JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
    assertThat(missed.getString("message")).isEqualTo(lastWords);
    assertThat(seq(missed)).isEqualTo(seq + 1);
    JsonObject deleted = back.expectOk("SERVER_ROOM_DELETE");
    assertThat(deleted.getInt("roomID")).isEqualTo(room);
    assertThat(seq(deleted)).isEqualTo(seq + 2);
    back.expectNothingElse();
  }

  /**
   * Resumes lee's session through the relay into a network that loses every reply, waits until {@code node} has taken
   * the session over (so this test's server holds none suspended), then cuts the relay: the replay reached nobody.
   */
  void resumeAndCutTheReplayShort(ServerUnderTest node, String session, int room, long seq) {
    ChatClient cutShort = relayed("lee");
    proxy.muteReplies();
    cutShort.send(resume(session, room, seq));
    awaitSuspended(0, "the resume to take the session over");
    cutAndAwaitTheDrop(node);
  }

  /** Cuts the relay and waits until {@code node} notices: it holds a suspended session, or fewer connections. */
  void cutAndAwaitTheDrop(ServerUnderTest node) {
    int connections = Status.of(node).getInt("connections");
    proxy.cut();
    Eventually.await(
        ChatClient.WAIT,
        () -> Status.of(node),
        status -> status.getInt("suspended") == 1 || status.getInt("connections") < connections,
        "the server to notice the drop");
  }

  /** Waits until the server holds {@code count} suspended sessions. */
  void awaitSuspended(int count, String what) {
    Eventually.await(ChatClient.WAIT, () -> Status.of(server()).getInt("suspended"), n -> n == count, what);
  }

  @Test
  void whenTheWindowPassesTheRoomHearsTheDropAndTheSessionIsExpired() {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("window");
    String session = leeJoinsThroughTheRelay(owner, room).getString("session");

    proxy.cut();
    JsonObject exit = owner.next(server().resumeWindow().plusSeconds(10));
    assertThat(exit.getString("type")).isEqualTo("SERVER_ROOM_EXIT");
    assertThat(exit.getString("nickName")).isEqualTo("lee");

    ChatClient late = direct("lee");
    late.send(resume(session, room, 1));
    late.expectRefusal("SERVER_SESSION_RESUME", "SESSION_EXPIRED");
    late.join(room); // starting afresh works: the name is free again
  }

  @Test
  void aCleanCloseLeavesAtOnceAndEndsTheSession() throws Exception {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("clean");
    ChatClient guest = relayed("lee");
    String session = guest.join(room).getString("session");
    owner.expectOk("SERVER_ROOM_JOIN");

    guest.close();
    assertThat(owner.expectOk("SERVER_ROOM_EXIT").getString("nickName")).isEqualTo("lee");
    ChatClient again = direct("lee");
    again.send(resume(session));
    again.expectRefusal("SERVER_SESSION_RESUME", "SESSION_EXPIRED");
  }

  @Test
  void resumingASessionWhoseConnectionIsStillOpenClosesTheOldOneWith1008() throws Exception {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("takeover");
    ChatClient guest = direct("lee");
    JsonObject joined = guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    ChatClient second = direct("lee");
    second.send(resume(joined.getString("session"), room, seq(joined)));
    second.expectOk("SERVER_SESSION_RESUME");

    assertThat(guest.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1008);
    kimSays(owner, room, "who is there?");
    awaitChat(second, "who is there?");
    owner.expectNothingElse();
  }

  /**
   * Two resumes of one session at once: the later takes it over from the earlier, which is answered all the same
   * before its close with 1008 (it was closed with no answer when the takeover came between its taking the session and
   * its answer going out). Round after round, as the two race.
   */
  @Test
  void twoResumesOfOneSessionAtOnceAreBothAnsweredAndTheOneThatLostItIsClosedWith1008() throws Exception {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("twice");
    for (int round = 0; round < 20; round++) {
      ChatClient guest = relayed("lee" + round);
      JsonObject joined = guest.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");
      proxy.cut();
      ChatClient first = direct("lee" + round);
      ChatClient second = direct("lee" + round);
      first.send(resume(joined.getString("session"), room, seq(joined)));
      second.send(resume(joined.getString("session"), room, seq(joined)));

      first.expectOk("SERVER_SESSION_RESUME");
      second.expectOk("SERVER_SESSION_RESUME");
      assertThat(CompletableFuture.anyOf(first.closed(), second.closed()).get(10, TimeUnit.SECONDS))
          .as("round %d: the one that lost the session", round)
          .isEqualTo(1008);
      ChatClient kept = first.closed().isDone() ? second : first;
      kimSays(owner, room, "round " + round);
      awaitChat(kept, "round " + round);
      assertThat(first.closed().isDone() && second.closed().isDone()).as("round %d: one stays", round).isFalse();
      kept.close();
      assertThat(owner.expectOk("SERVER_ROOM_EXIT").getString("nickName")).isEqualTo("lee" + round);
    }
  }

  @Test
  void aResumeIsOnlyTheFirstRequestOfAConnectionAndItsFieldsAreChecked() {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("rules");
    ChatClient guest = relayed("lee");
    String session = guest.join(room).getString("session");
    proxy.cut();

    ChatClient busy = direct("park");
    busy.join(room);
    busy.send(resume(session));
    busy.expectRefusal("SERVER_SESSION_RESUME", "NOT_FIRST_REQUEST");
    busy.send("{\"type\":\"CLIENT_SESSION_RESUME\",\"session\":\"not a token\"}");
    busy.expectRefusal("SERVER_SESSION_RESUME", "BAD_SESSION");
    busy.send("{\"type\":\"CLIENT_SESSION_RESUME\",\"session\":\"abc\",\"rooms\":[{\"roomID\":1,\"seq\":-1}]}");
    busy.expectRefusal("SERVER_SESSION_RESUME", "BAD_SEQ");
  }

  @Test
  void aResumeRacingWithChatIntoTheRoomLosesAndRepeatsNothing() throws Exception {
    raceResumes(15, this::direct);
  }

  /**
   * Drops a member through the relay, round after round, and resumes it on a connection {@code resumer} opens while
   * the owner chats into the room: every message reaches it once, in order, and nothing else.
   */
  void raceResumes(int rounds, Function<String, ChatClient> resumer) throws Exception {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("race");
    for (int round = 0; round < rounds; round++) {
      ChatClient guest = relayed("lee" + round);
      JsonObject joined = guest.join(room);
      long seq = seq(joined);
      owner.expectOk("SERVER_ROOM_JOIN");
      proxy.cut();
      CountDownLatch go = new CountDownLatch(1);
      int messages = 12;
      Future<?> chatter =
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < messages; i++) {
                  owner.send(chat(room, "kim", "r" + i));
                }
                return null;
              });
      try (ChatClient back = resumer.apply("lee" + round)) {
        go.countDown();
        back.send(resume(joined.getString("session"), room, seq));
        back.expectOk("SERVER_SESSION_RESUME");
        chatter.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < messages; i++) {
          JsonObject got = back.expectOk("SERVER_CHAT_SEND");
          assertThat(got.getString("message")).as("round %d", round).isEqualTo("r" + i);
          assertThat(seq(got)).as("round %d", round).isEqualTo(++seq);
        }
        for (int i = 0; i < messages; i++) {
          owner.expectOk("SERVER_CHAT_SEND");
        }
        back.expectNothingElse();
      }
      assertThat(owner.expectOk("SERVER_ROOM_EXIT").getString("nickName")).isEqualTo("lee" + round);
    }
  }

  /**
   * A member that misses more than its room keeps ({@code keep} events, as the server was told) resumes, on a
   * connection {@code resumer} opens, with {@code HISTORY_GONE} for the room but still in it.
   */
  void missMoreThanKept(int keep, Function<String, ChatClient> resumer) {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("busy");
    JsonObject joined = leeJoinsThroughTheRelay(owner, room);
    proxy.cut();
    for (int i = 0; i <= keep; i++) {
      kimSays(owner, room, "m" + i);
    }

    ChatClient back = resumer.apply("lee");
    back.send(resume(joined.getString("session"), room, seq(joined)));
    JsonObject outcome = expectOutcome(back);
    assertThat(outcome.getBoolean("recovered")).isFalse();
    assertThat(outcome.getString("reason")).isEqualTo("HISTORY_GONE");
    owner.send(chat(room, "kim", "live"));
    awaitChat(back, "live");
  }
}
