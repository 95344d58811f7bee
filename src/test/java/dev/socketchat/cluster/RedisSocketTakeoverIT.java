package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.Announcement;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.Identity;
import dev.socketchat.domain.Member;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.domain.SocketTakeover;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.RecordingFanOut;
import dev.socketchat.testing.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code takeover.lua} does for a Socket.IO socket's session (Socket.IO's connection state recovery across a
 * cluster), against a real Redis: the socket's open-room seats move to the new connection, and it gets back the
 * events of its rooms after its offset (the cluster's event numbers), in order; or it is told they are gone.
 */
class RedisSocketTakeoverIT {
  private static final Duration LIVENESS = Duration.ofSeconds(1);
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private static final String PID = "pid-of-alice-0123456789a";
  private static RedisServer redis;

  private final List<RedisRoomRegistry> nodes = new ArrayList<>();
  private final AtomicInteger serial = new AtomicInteger();
  private final RoomKey room = new RoomKey("lobby-7");

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start("redis-socket-takeover");
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.command("FLUSHALL");
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(RedisRoomRegistry::close);
  }

  private RedisRoomRegistry node(String id, RecordingFanOut events) {
    ClusterSettings cluster = new ClusterSettings(URI.create(redis.url()), Duration.ofSeconds(2), LIVENESS);
    RedisRoomRegistry node = RedisRoomRegistry.open(cluster, events, id);
    nodes.add(node);
    return node;
  }

  private Member member(String node, String name) {
    return new Member(new ConnectionId(node + ":" + serial.incrementAndGet()), new Nickname(name));
  }

  private ConnectionId connection(String node) {
    return new ConnectionId(node + ":" + serial.incrementAndGet());
  }

  private static void say(RedisRoomRegistry node, RoomKey room, Member member, String text) {
    node.post(room, member, new MessageText(text), Instant.now(), Origin.of(member.connection()));
  }

  private static Refusal refusal(Runnable request) {
    try {
      request.run();
    } catch (Refusal refused) {
      return refused;
    }
    throw new AssertionError("the request was not refused");
  }

  private static List<String> texts(SocketTakeover taken) {
    return taken.missed().stream()
        .map(SocketTakeover.Missed::event)
        .map(event -> event instanceof ChatPosted chat ? chat.text().value() : event.kind().name())
        .toList();
  }

  @Test
  void aSocketsSeatMovesWithTheEventsOfItsRoomsAfterItsOffsetInTheClustersOrder() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RedisRoomRegistry a = node("nodea", eventsA);
    RedisRoomRegistry b = node("nodeb", new RecordingFanOut());
    Member alice = member("nodea", "alice");
    Member bob = member("nodeb", "bob");
    b.enter(room, bob, Origin.of(bob.connection()));
    a.socketOpened(PID, alice, WINDOW);
    say(b, room, bob, "before alice came");
    a.enter(room, alice, Origin.of(alice.connection()));
    say(b, room, bob, "one");
    RoomKey elsewhere = new RoomKey("elsewhere");
    b.enter(elsewhere, bob, Origin.of(bob.connection()));
    say(b, elsewhere, bob, "not alice's: {\"key\":\"lobby-7\"}");
    say(b, room, bob, "two");

    ConnectionId onB = new ConnectionId("nodeb:" + serial.incrementAndGet());
    SocketTakeover taken = b.takeOverSocket(PID, onB, null).orElseThrow();
    assertThat(taken.from()).isEqualTo(alice.connection());
    assertThat(taken.name()).isEqualTo(alice.name());
    assertThat(taken.rooms()).containsExactly(room);
    assertThat(taken.gone()).isFalse();
    assertThat(texts(taken))
        .as("from its own join on, without an offset")
        .containsExactly("MEMBER_JOINED", "one", "two");
    assertThat(taken.missed()).extracting(SocketTakeover.Missed::position).isSorted().doesNotHaveDuplicates();
    assertThat(taken.missed().get(0).event())
        .isEqualTo(new MemberJoined(room, alice.name(), null, Origin.of(alice.connection())));

    say(b, room, bob, "three");
    say(b, room, bob, "four");
    Member onBAsAlice = new Member(onB, alice.name());
    say(b, room, onBAsAlice, "alice speaks from node b"); // the seat is the new connection's now
    long three = taken.missed().get(2).position() + 2; // after "two": the takeover's own move, then "three"
    ConnectionId onA = new ConnectionId("nodea:" + serial.incrementAndGet());
    SocketTakeover again = a.takeOverSocket(PID, onA, Long.toString(three)).orElseThrow();
    assertThat(again.from()).isEqualTo(onB);
    assertThat(texts(again)).containsExactly("four", "alice speaks from node b");
    assertThat(refusal(() -> say(b, room, onBAsAlice, "too late")).reason()).isEqualTo(Reason.NOT_MEMBER);
    assertThat(a.census().memberships()).as("seats moved, none added").isEqualTo(3);
  }

  @Test
  void aReplayThatNeverReachedItsClientComesAgainWholeWhenItComesBackWithTheSameOffset() {
    RedisRoomRegistry a = node("nodea", new RecordingFanOut());
    RedisRoomRegistry b = node("nodeb", new RecordingFanOut());
    Member alice = member("nodea", "alice");
    Member bob = member("nodeb", "bob");
    b.enter(room, bob, Origin.of(bob.connection()));
    a.socketOpened(PID, alice, WINDOW);
    say(b, room, bob, "before alice came");
    a.enter(room, alice, Origin.of(alice.connection()));
    say(b, room, bob, "seen");
    SocketTakeover first = b.takeOverSocket(PID, connection("nodeb"), null).orElseThrow();
    assertThat(texts(first)).containsExactly("MEMBER_JOINED", "seen");
    String seen = Long.toString(first.missed().get(1).position());

    say(b, room, bob, "lost one");
    say(b, room, bob, "lost two");
    SocketTakeover cut = a.takeOverSocket(PID, connection("nodea"), seen).orElseThrow();
    assertThat(texts(cut)).containsExactly("lost one", "lost two");
    say(b, room, bob, "after");
    // the replay never reached the client (its connection dropped before the CONNECT answer): it keeps its offset
    SocketTakeover again = b.takeOverSocket(PID, connection("nodeb"), seen).orElseThrow();
    assertThat(texts(again))
        .as("the replay again, then what came since")
        .containsExactly("lost one", "lost two", "after");
    SocketTakeover without = a.takeOverSocket(PID, connection("nodea"), null).orElseThrow();
    assertThat(texts(without))
        .as("without an offset, from its own join on under its first connection")
        .containsExactly("MEMBER_JOINED", "seen", "lost one", "lost two", "after");
  }

  @Test
  void anOffsetTheClusterNeverGaveOrNoLongerKeepsIsGoneButTheSeatStillMoves() {
    RedisRoomRegistry a = node("nodea", new RecordingFanOut());
    Member alice = member("nodea", "alice");
    a.socketOpened(PID, alice, WINDOW);
    a.enter(room, alice, Origin.of(alice.connection()));
    say(a, room, alice, "hello");

    ConnectionId first = new ConnectionId("nodea:" + serial.incrementAndGet());
    SocketTakeover forged = a.takeOverSocket(PID, first, "999999999").orElseThrow();
    assertThat(forged.gone()).isTrue();
    assertThat(forged.rooms()).containsExactly(room);
    ConnectionId second = new ConnectionId("nodea:" + serial.incrementAndGet());
    assertThat(a.takeOverSocket(PID, second, "12abc").orElseThrow().gone()).isTrue();

    say(a, room, new Member(second, alice.name()), "after");
    redis.command("XTRIM socketchat:recent-events MAXLEN 0"); // what a busy cluster does to old events
    say(a, room, new Member(second, alice.name()), "kept");
    ConnectionId third = new ConnectionId("nodea:" + serial.incrementAndGet());
    assertThat(a.takeOverSocket(PID, third, "1").orElseThrow().gone()).as("events after 1 were trimmed").isTrue();
  }

  @Test
  void aSocketHoppingFromRoomToRoomIsOwedOnlyItsLatestLeavings() {
    RedisRoomRegistry a = node("nodea", new RecordingFanOut());
    Member alice = member("nodea", "alice");
    a.socketOpened(PID, alice, WINDOW);
    for (int i = 0; i < 40; i++) {
      RoomKey hop = new RoomKey("hop-" + i);
      a.enter(hop, alice, Origin.of(alice.connection()));
      a.exit(hop, alice, false, Origin.of(alice.connection()));
    }
    assertThat(redis.command("HLEN socketchat:conn:" + alice.connection().value() + ":kicked-open")).isEqualTo(":16");
  }

  @Test
  void aSocketThatLeftItsRoomIsTakenOverInNoRoom() {
    RedisRoomRegistry a = node("nodea", new RecordingFanOut());
    Member alice = member("nodea", "alice");
    a.socketOpened(PID, alice, WINDOW);
    a.enter(room, alice, Origin.of(alice.connection()));
    a.exit(room, alice, false, Origin.of(alice.connection()));

    SocketTakeover taken = a.takeOverSocket(PID, new ConnectionId("nodea:" + serial.incrementAndGet()), null).get();
    assertThat(taken.rooms()).isEmpty();
    assertThat(taken.missed())
        .as("what the room it left said up to its leaving: here only its own entry and exit, which pages never show")
        .extracting(missed -> missed.event().getClass().getSimpleName())
        .containsExactly("MemberJoined", "MemberLeft");
    assertThat(taken.gone()).isFalse();
  }

  @Test
  void aSocketKickedFromItsRoomGetsTheRoomsEventsUpToItsKickAndNothingAfter() {
    RedisRoomRegistry a = node("nodea", new RecordingFanOut());
    RedisRoomRegistry b = node("nodeb", new RecordingFanOut());
    Member alice = member("nodea", "alice");
    Member moderator = member("nodeb", "mod");
    b.enter(room, moderator, Origin.of(moderator.connection()));
    a.socketOpened(PID, alice, WINDOW);
    a.enter(room, alice, Origin.of(alice.connection()));
    say(b, room, moderator, "last warning");
    Announcement removal = new Announcement(Announcement.Kind.REMOVAL, alice.name(), null);
    b.announce(room, moderator, removal, Instant.now(), Origin.of(moderator.connection()));
    b.kick(room, moderator, true, alice.name(), null, Origin.of(moderator.connection()));
    say(b, room, moderator, "not alice's");

    SocketTakeover taken =
        b.takeOverSocket(PID, new ConnectionId("nodeb:" + serial.incrementAndGet()), null).orElseThrow();
    assertThat(taken.rooms()).isEmpty();
    assertThat(taken.gone()).isFalse();
    assertThat(texts(taken)).containsExactly("MEMBER_JOINED", "last warning", "ANNOUNCED", "MEMBER_KICKED");
  }

  @Test
  void eachProtocolTakesOverOnlyItsOwnSessions() {
    RedisRoomRegistry a = node("nodea", new RecordingFanOut());
    Member alice = member("nodea", "alice");
    a.socketOpened(PID, alice, WINDOW);
    a.enter(room, alice, Origin.of(alice.connection()));
    Member kim = member("nodea", "kim");
    a.sessionOpened("chat-session-of-kim-0000", kim, WINDOW);
    a.enter(new RoomKey("kim's"), kim, Origin.of(kim.connection()));
    ConnectionId fresh = new ConnectionId("nodea:" + serial.incrementAndGet());

    assertThat(refusal(() -> a.takeOver(PID, fresh)).reason()).isEqualTo(Reason.SESSION_EXPIRED);
    assertThat(refusal(() -> a.takeOverSocket("chat-session-of-kim-0000", fresh, null)).reason())
        .isEqualTo(Reason.SESSION_EXPIRED);
    assertThat(refusal(() -> a.takeOverSocket("no-such-pid-00000000000", fresh, null)).reason())
        .isEqualTo(Reason.SESSION_EXPIRED);
    assertThat(a.takeOverSocket(PID, fresh, null).orElseThrow().rooms()).containsExactly(room);
  }

  @Test
  void onlyItsOwnUserTakesASignedInSessionOver() {
    RedisRoomRegistry a = node("nodea", new RecordingFanOut());
    RedisRoomRegistry b = node("nodeb", new RecordingFanOut());
    Member alice = new Member(new ConnectionId("nodea:" + serial.incrementAndGet()), new Nickname("alice"), "user-1");
    a.socketOpened(PID, alice, WINDOW);
    a.enter(room, alice, Origin.of(alice.connection()));
    Member guest = member("nodea", "guest");
    a.sessionOpened("chat-session-of-guest-00", guest, WINDOW);
    ConnectionId onB = new ConnectionId("nodeb:" + serial.incrementAndGet());

    Identity alice1 = new Identity("user-1", new Nickname("alice"), false);
    Identity alice2 = new Identity("user-2", new Nickname("alice"), false);
    assertThat(refusal(() -> b.takeOverSocket(PID, onB, null, alice2)).reason())
        .as("another user")
        .isEqualTo(Reason.USER_MISMATCH);
    assertThat(refusal(() -> b.takeOverSocket(PID, onB, null, null)).reason())
        .as("a guest")
        .isEqualTo(Reason.USER_MISMATCH);
    Identity someone = new Identity("user-1", new Nickname("kim"), false);
    assertThat(refusal(() -> b.takeOver("chat-session-of-guest-00", onB, someone)).reason())
        .as("a signed-in user taking a guest's session")
        .isEqualTo(Reason.USER_MISMATCH);
    assertThat(
            refusal(() -> b.takeOverSocket(PID, onB, null, new Identity("user-1", new Nickname("alicia"), false)))
                .reason())
        .as("its user under another name")
        .isEqualTo(Reason.USER_MISMATCH);
    assertThat(b.takeOverSocket(PID, onB, null, alice1).orElseThrow().rooms())
        .as("its own user, after the refusals moved nothing")
        .containsExactly(room);
  }

  @Test
  void aKilledNodesSocketKeepsItsSeatForItsClientToRecoverOnAnotherNode() {
    RecordingFanOut eventsB = new RecordingFanOut();
    RedisRoomRegistry doomed = node("doomed", new RecordingFanOut());
    RedisRoomRegistry b = node("nodeb", eventsB);
    Member alice = member("doomed", "alice");
    Member bob = member("nodeb", "bob");
    doomed.socketOpened(PID, alice, WINDOW);
    doomed.enter(room, alice, Origin.of(alice.connection()));
    b.enter(room, bob, Origin.of(bob.connection()));

    doomed.halt();
    Eventually.await(
        Duration.ofSeconds(15),
        () -> redis.command("SISMEMBER socketchat:nodes doomed"),
        ":0"::equals,
        "the doomed node to be taken for dead");
    say(b, room, bob, "are you there?");
    ConnectionId onB = new ConnectionId("nodeb:" + serial.incrementAndGet());
    SocketTakeover taken = b.takeOverSocket(PID, onB, null).orElseThrow();
    assertThat(taken.rooms()).containsExactly(room);
    assertThat(texts(taken)).containsExactly("MEMBER_JOINED", "MEMBER_JOINED", "are you there?");
    List<RoomEvent> seen = eventsB.take(10, Duration.ofSeconds(1));
    assertThat(seen).as("nobody was told alice went").noneMatch(event -> event.kind() == RoomEvent.Kind.MEMBER_LEFT);
    ChatPosted said = (ChatPosted) seen.stream().filter(ChatPosted.class::isInstance).findFirst().orElseThrow();
    assertThat(said.members()).as("alice's seat waited for her").isEqualTo(2);
  }

  @Test
  void aModeratorsKickByNameRemovesASocketRecoveredOnAnotherNodeAndItsRoomLeavesNothingBehindOnceEmpty() {
    RecordingFanOut eventsB = new RecordingFanOut();
    RedisRoomRegistry a = node("nodea", new RecordingFanOut());
    RedisRoomRegistry b = node("nodeb", eventsB);
    Member bob = new Member(new ConnectionId("nodea:" + serial.incrementAndGet()), new Nickname("bob"), "user-bob");
    Member moderator = member("nodeb", "mod");
    b.enter(room, moderator, Origin.of(moderator.connection()));
    a.socketOpened(PID, bob, WINDOW);
    a.enter(room, bob, Origin.of(bob.connection()));
    ConnectionId onB = new ConnectionId("nodeb:" + serial.incrementAndGet());
    Identity bobsUser = new Identity("user-bob", new Nickname("bob"), false);
    assertThat(b.takeOverSocket(PID, onB, null, bobsUser).orElseThrow().rooms()).containsExactly(room);

    b.kick(room, moderator, true, bob.name(), null, Origin.of(moderator.connection()));
    assertThat(redis.command("HEXISTS socketchat:open:" + room.value() + " " + onB.value()))
        .as("the recovered socket's seat is gone")
        .isEqualTo(":0");
    RoomEvent event = eventsB.next();
    while (!(event instanceof MemberKicked)) {
      event = eventsB.next();
    }
    MemberKicked kicked = (MemberKicked) event;
    assertThat(kicked.target()).isEqualTo(onB);
    assertThat(kicked.name()).isEqualTo(bob.name());
    assertThat(kicked.members()).isEqualTo(1);
    Member bobRenamed =
        new Member(new ConnectionId("nodeb:" + serial.incrementAndGet()), new Nickname("rob"), "user-bob");
    assertThat(refusal(() -> b.enter(room, bobRenamed, Origin.of(bobRenamed.connection()))).reason())
        .as("its user is banned, under any name")
        .isEqualTo(Reason.BANNED);

    b.exit(room, moderator, false, Origin.of(moderator.connection()));
    assertThat(redis.command("EXISTS " + String.join(" ", openRoomKeys(room))))
        .as("none of %s", openRoomKeys(room))
        .isEqualTo(":0");
    assertThat(b.census().memberships()).isZero();
  }

  @Test
  void entriesAnEarlierTakeoverLeftUnderAGoneConnectionAreNotKickedAndGoWhenTheRoomEmpties() {
    RecordingFanOut events = new RecordingFanOut();
    RedisRoomRegistry a = node("nodea", events);
    Member moderator = member("nodea", "mod");
    Member bob = member("nodea", "bob");
    a.enter(room, moderator, Origin.of(moderator.connection()));
    a.enter(room, bob, Origin.of(bob.connection()));
    String gone = "nodea:" + serial.incrementAndGet(); // a socket's old connection, as takeover.lua left it before
    redis.command("HSET socketchat:open-keys:" + room.value() + " " + gone + " bob");
    redis.command("HSET socketchat:open-subjects:" + room.value() + " " + gone + " user-gone");

    a.kick(room, moderator, true, bob.name(), null, Origin.of(moderator.connection()));
    RoomEvent event = events.next();
    while (!(event instanceof MemberKicked)) {
      event = events.next();
    }
    assertThat(((MemberKicked) event).target()).isEqualTo(bob.connection());
    assertThat(a.census().memberships()).as("the moderator's").isEqualTo(1);

    a.exit(room, moderator, false, Origin.of(moderator.connection()));
    assertThat(redis.command("EXISTS " + String.join(" ", openRoomKeys(room))))
        .as("none of %s", openRoomKeys(room))
        .isEqualTo(":0");
  }

  private static List<String> openRoomKeys(RoomKey room) {
    return List.of("open:", "open-keys:", "open-subjects:", "open-bans:").stream()
        .map(prefix -> "socketchat:" + prefix + room.value())
        .toList();
  }
}
