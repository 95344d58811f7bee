package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.Kind;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.testing.Eventually;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomManagerSessionTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:15:30Z"), ZoneOffset.UTC);
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private RoomManager rooms = engine(Duration.ofMinutes(1), HistoryLimits.defaults());

  @AfterEach
  void stop() {
    pool.shutdownNow();
    rooms.shutdown();
  }

  private static RoomManager engine(Duration window, HistoryLimits history) {
    return engine(window, history, CLOCK);
  }

  private static RoomManager engine(Duration window, HistoryLimits history, Clock clock) {
    return engine(new SessionLimits(window), history, clock);
  }

  private static RoomManager engine(SessionLimits sessions, HistoryLimits history, Clock clock) {
    return new RoomManager(
        fanOut -> new InMemoryRoomRegistry(fanOut, history),
        clock,
        FloodLimits.NONE,
        RoomLimits.NONE,
        sessions,
        history);
  }

  /** An engine with the default history over the registry {@code registries} makes. */
  private static RoomManager engine(Duration window, RoomRegistry.Factory registries) {
    return new RoomManager(
        registries, CLOCK, FloodLimits.NONE, RoomLimits.NONE, new SessionLimits(window), HistoryLimits.defaults());
  }

  private record Client(Connection connection, RecordingRecipient inbox) {}

  private Client connect() {
    RecordingRecipient inbox = new RecordingRecipient();
    return new Client(rooms.connect(inbox), inbox);
  }

  private static Nickname nick(String name) {
    return new Nickname(name);
  }

  private RoomId create(Client owner, String name) {
    rooms.create(owner.connection(), nick(name), new RoomName("room of " + name), null);
    RoomId room = (RoomId) owner.inbox().take().get(0).event().room();
    return room;
  }

  private long join(Client member, String name, RoomId room) {
    rooms.join(member.connection(), nick(name), room, null);
    return member.inbox().take().get(0).event().seq();
  }

  private void say(Client member, String name, RoomId room, String text) {
    rooms.say(member.connection(), nick(name), room, new MessageText(text), null);
  }

  /** A room of kim's that lee joined: lee's session token and the seq of lee's join. */
  private record RoomWithGuest(Client owner, RoomId id, Client guest, long joined, String token) {}

  /** Kim creates a room and lee joins it; both replies are taken. */
  private RoomWithGuest aRoomWithAGuest() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client guest = connect();
    long joined = join(guest, "lee", room);
    return new RoomWithGuest(owner, room, guest, joined, guest.inbox().session());
  }

  /**
   * Lee in two rooms: kim's, which the test ends, and park's, which stays live; {@code joins} marks each room at lee's
   * join, and {@code token} is lee's session.
   */
  private record TwoRooms(
      Client owner,
      RoomId ended,
      Client other,
      RoomId live,
      Client guest,
      List<SessionResume.Mark> joins,
      String token) {}

  /** Kim and park create a room each and lee joins both; every reply is taken. */
  private TwoRooms leeInTwoRooms() {
    Client owner = connect();
    RoomId ended = create(owner, "kim");
    Client other = connect();
    RoomId live = create(other, "park");
    Client guest = connect();
    long joinedEnded = join(guest, "lee", ended);
    long joinedLive = join(guest, "lee", live);
    String token = guest.inbox().session();
    return new TwoRooms(
        owner,
        ended,
        other,
        live,
        guest,
        List.of(new SessionResume.Mark(ended, joinedEnded), new SessionResume.Mark(live, joinedLive)),
        token);
  }

  /** The network takes {@code client}'s connection away: a drop, not a clean close. */
  private void drop(Client client) {
    rooms.lost(client.connection(), client.inbox());
  }

  private static List<String> texts(List<RecordingRecipient.Delivery> deliveries) {
    return deliveries.stream()
        .filter(delivery -> delivery.event() instanceof ChatPosted)
        .map(delivery -> ((ChatPosted) delivery.event()).text().value())
        .toList();
  }

  private static void assertRefused(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }

  private void assertExpired(String token) {
    assertRefused(Reason.SESSION_EXPIRED, () -> rooms.resume(connect().connection(), token, List.of(), r -> {}));
  }

  /** Resumes {@code token} on a new connection; the reply must come before any replayed event. */
  private Client resume(String token, List<SessionResume.Mark> marks, AtomicReference<SessionResume.Result> got) {
    Client fresh = connect();
    Connection resumed =
        rooms.resume(
            fresh.connection(),
            token,
            marks,
            result -> {
              assertThat(fresh.inbox().take()).as("nothing before the reply").isEmpty();
              got.set(result);
            });
    return new Client(resumed, fresh.inbox());
  }

  /** Lee drops, kim deletes the room, lee resumes from its join and is replayed the deletion. */
  private Client resumedAfterTheRoomWasDeleted(RoomWithGuest room) {
    drop(room.guest());
    rooms.delete(room.owner().connection(), nick("kim"), room.id(), null);
    return resume(room.token(), room.id(), room.joined(), new AtomicReference<>());
  }

  /** Resumes {@code token} with a single mark: {@code seq} is the last event of {@code room} the client had. */
  private Client resume(String token, RoomId room, long seq, AtomicReference<SessionResume.Result> got) {
    return resume(token, List.of(new SessionResume.Mark(room, seq)), got);
  }

  @Test
  void aSignedInConnectionWhoseResumeIsRefusedOrOfItsOwnSessionKeepsItsOwnSession() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    rooms.identify(lee.connection(), new Identity("user-1", nick("lee"), false));
    join(lee, "lee", room);
    String own = lee.inbox().session();
    rooms.exit(lee.connection(), nick("lee"), room, null);

    assertRefused(
        Reason.SESSION_EXPIRED,
        () -> rooms.resume(lee.connection(), "no-such-session", List.of(), result -> {}));
    assertRefused(Reason.NOT_FIRST_REQUEST, () -> rooms.resume(lee.connection(), own, List.of(), result -> {}));
    long joined = join(lee, "lee", room);
    assertThat(lee.inbox().session()).as("the session it had").isEqualTo(own);
    drop(lee);

    Client back = connect();
    rooms.identify(back.connection(), new Identity("user-1", nick("lee"), false));
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    rooms.resume(back.connection(), own, List.of(new SessionResume.Mark(room, joined)), got::set);
    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room, null));
  }

  @Test
  void createAndJoinRepliesComeWithOneSessionTokenPerConnection() {
    Client owner = connect();
    RoomId first = create(owner, "kim");
    String token = owner.inbox().session();
    assertThat(token).matches("[A-Za-z0-9_-]{24}");
    rooms.create(owner.connection(), nick("kim"), new RoomName("second"), null);
    assertThat(owner.inbox().session()).isEqualTo(token);
    Client guest = connect();
    join(guest, "lee", first);
    assertThat(guest.inbox().session()).isNotNull().isNotEqualTo(token);
  }

  @Test
  void aDroppedMemberKeepsItsSeatAndNameAndNobodyIsTold() {
    RoomWithGuest room = aRoomWithAGuest();
    room.owner().inbox().take();

    drop(room.guest());
    say(room.owner(), "kim", room.id(), "anyone?");

    assertThat(room.owner().inbox().kinds()).containsExactly(Kind.CHAT_POSTED);
    assertThat(rooms.rooms()).singleElement().satisfies(summary -> assertThat(summary.members()).isEqualTo(2));
    assertThat(rooms.status().suspended()).isOne();
    assertRefused(Reason.NAME_TAKEN, () -> rooms.join(connect().connection(), nick("lee"), room.id(), null));
  }

  @Test
  void aClientsCloseReportedAfterItsTransportWasTakenForLostEndsTheSessionAtOnce() {
    RoomWithGuest room = aRoomWithAGuest();
    room.owner().inbox().take();

    drop(room.guest()); // a send to lee failed: the outbox took the connection for lost
    rooms.closedAfterLoss(room.guest().connection(), room.guest().inbox()); // then the container reports its goodbye

    assertThat(room.owner().inbox().kinds()).containsExactly(Kind.MEMBER_LEFT);
    assertThat(rooms.rooms()).singleElement().satisfies(summary -> assertThat(summary.members()).isOne());
    assertThat(rooms.status().suspended()).isZero();
    assertExpired(room.token());
  }

  @Test
  void aCloseReportedByAnotherTransportLeavesASuspendedSessionSuspended() {
    RoomWithGuest room = aRoomWithAGuest();
    room.owner().inbox().take();

    drop(room.guest());
    rooms.closedAfterLoss(room.guest().connection(), new RecordingRecipient());
    drop(room.guest()); // the container reports the same loss again

    assertThat(room.owner().inbox().take()).isEmpty();
    assertThat(rooms.status().suspended()).isOne();
  }

  @Test
  void theCloseThatFollowsASuspensionOnPurposeLeavesTheSessionSuspended() {
    RoomWithGuest room = aRoomWithAGuest();
    room.owner().inbox().take();

    drop(room.guest()); // its token ended: suspended, then closed with 1008 for its client to resume with a fresh one
    rooms.disconnect(room.guest().connection(), room.guest().inbox());

    assertThat(room.owner().inbox().take()).isEmpty();
    assertThat(rooms.status().suspended()).isOne();
  }

  @Test
  void aResumeRepliesThenReplaysEveryMissedEventInOrderThenGoesLive() {
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    say(room.owner(), "kim", room.id(), "one");
    say(room.owner(), "kim", room.id(), "two");

    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(room.token(), room.id(), room.joined(), got);

    assertThat(got.get().name()).isEqualTo(nick("lee"));
    assertThat(got.get().session()).isEqualTo(room.token());
    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    List<RecordingRecipient.Delivery> replayed = back.inbox().take();
    assertThat(texts(replayed)).containsExactly("one", "two");
    assertThat(replayed).extracting(d -> d.event().seq()).containsExactly(room.joined() + 1, room.joined() + 2);
    say(room.owner(), "kim", room.id(), "three");
    assertThat(texts(back.inbox().take())).containsExactly("three");
    say(back, "lee", room.id(), "I am back");
    assertThat(texts(room.owner().inbox().take())).endsWith("I am back");
  }

  @Test
  void eventsTheClientAlreadyHadAreNotReplayed() {
    RoomWithGuest room = aRoomWithAGuest();
    say(room.owner(), "kim", room.id(), "seen");
    long seen = room.guest().inbox().take().get(0).event().seq();
    say(room.owner(), "kim", room.id(), "lost in the network"); // delivered before the drop was noticed
    drop(room.guest());

    Client back = resume(room.token(), room.id(), seen, new AtomicReference<>());

    assertThat(texts(back.inbox().take())).containsExactly("lost in the network");
  }

  @Test
  void anOwnerThatDropsKeepsItsRoomAndStillOwnsItAfterTheResume() {
    RoomWithGuest room = aRoomWithAGuest();
    String token = room.owner().inbox().session();
    room.guest().inbox().take();

    drop(room.owner());
    say(room.guest(), "lee", room.id(), "still here");
    assertThat(rooms.rooms()).hasSize(1);

    Client back = resume(token, room.id(), 2, new AtomicReference<>());
    assertThat(texts(back.inbox().take())).containsExactly("still here");
    rooms.delete(back.connection(), nick("kim"), room.id(), null);
    assertThat(room.guest().inbox().kinds()).contains(Kind.CHAT_POSTED, Kind.ROOM_DELETED);
  }

  @Test
  void whenTheWindowPassesTheOthersAreToldAsOfAnyDrop() {
    rooms = engine(Duration.ofMillis(50), HistoryLimits.defaults());
    RoomWithGuest room = aRoomWithAGuest();
    room.owner().inbox().take();
    drop(room.guest());

    // the room's head count changes under the room's lock, with the exit's delivery
    Eventually.await(
        Duration.ofSeconds(10),
        () -> rooms.rooms().get(0).members(),
        members -> members == 1,
        "the session to expire");
    assertThat(room.owner().inbox().take())
        .singleElement()
        .satisfies(
            left ->
                assertThat(left.event())
                    .isInstanceOfSatisfying(MemberLeft.class, exit -> assertThat(exit.dropped()).isTrue()));
    assertExpired(room.token());
  }

  @Test
  void aDropWhileTheFirstJoinIsInFlightSuspendsTheSessionUntilItsWindowPasses() {
    rooms.shutdown();
    AtomicReference<Runnable> beforeJoin = new AtomicReference<>(() -> {});
    rooms =
        engine(
            Duration.ofMillis(50),
            fanOut -> joiningAfter(new InMemoryRoomRegistry(fanOut, HistoryLimits.defaults()), beforeJoin));
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client guest = connect();
    List<RuntimeException> failed = new CopyOnWriteArrayList<>();
    // the session is open and the seat taken, the name not yet bound; a container only logs what its close throws
    beforeJoin.set(
        () -> {
          try {
            drop(guest);
          } catch (RuntimeException e) {
            failed.add(e);
          }
        });

    rooms.join(guest.connection(), nick("lee"), room, null);

    Eventually.await(
        Duration.ofSeconds(10),
        () -> owner.inbox().peek(),
        got -> got.size() == 2,
        "the guest's session to expire");
    assertThat(failed).as("the drop's own failures").isEmpty();
    assertThat(owner.inbox().kinds()).containsExactly(Kind.MEMBER_JOINED, Kind.MEMBER_LEFT);
    assertThat(rooms.status().suspended()).isZero();
    assertThat(rooms.status().connections()).isOne();
  }

  @Test
  void anOwnerWhoseWindowPassesEndsItsRoom() {
    rooms = engine(Duration.ofMillis(50), HistoryLimits.defaults());
    RoomWithGuest room = aRoomWithAGuest();
    room.guest().inbox().take();
    drop(room.owner());

    Eventually.await(
        Duration.ofSeconds(10),
        () -> room.guest().inbox().peek(),
        got -> !got.isEmpty(),
        "the owner's session to expire");
    assertThat(rooms.rooms()).isEmpty();
    assertThat(room.guest().inbox().take())
        .singleElement()
        .satisfies(deleted -> assertThat(deleted.event()).isInstanceOf(RoomDeleted.class));
  }

  @Test
  void aCleanCloseLeavesAtOnce() {
    RoomWithGuest room = aRoomWithAGuest();
    room.owner().inbox().take();

    rooms.disconnect(room.guest().connection(), room.guest().inbox());

    assertThat(room.owner().inbox().kinds()).containsExactly(Kind.MEMBER_LEFT);
    assertExpired(room.token());
  }

  @Test
  void anUnknownSessionIsExpired() {
    assertExpired("no-such-session");
  }

  @Test
  void onlyAConnectionThatDidNothingYetMayResume() {
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    Client busy = connect();
    create(busy, "park");

    assertRefused(
        Reason.NOT_FIRST_REQUEST, () -> rooms.resume(busy.connection(), room.token(), List.of(), result -> {}));
  }

  @Test
  void aResumeFromBeforeItsJoinReplaysOnlyWhatCameAfterTheJoin() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    say(owner, "kim", room, "before you came");
    say(owner, "kim", room, "also before");
    Client guest = connect();
    long joined = join(guest, "lee", room);
    say(owner, "kim", room, "while you were here");
    guest.inbox().take();
    drop(guest);
    say(owner, "kim", room, "while you were away");

    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(guest.inbox().session(), room, 0, got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room, null));
    List<RecordingRecipient.Delivery> replayed = back.inbox().take();
    assertThat(texts(replayed)).containsExactly("while you were here", "while you were away");
    assertThat(replayed).extracting(d -> d.event().seq()).containsExactly(joined + 1, joined + 2);
  }

  @Test
  void aRoomDeletedMeanwhileIsReplayedFromTheJoinForAMarkFromBeforeIt() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    say(owner, "kim", room, "before you came");
    Client guest = connect();
    long joined = join(guest, "lee", room);
    String token = guest.inbox().session();
    drop(guest);
    say(owner, "kim", room, "bye");
    rooms.delete(owner.connection(), nick("kim"), room, null);

    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(token, room, 0, got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room, null));
    assertThat(back.inbox().take())
        .extracting(d -> d.event().seq())
        .containsExactly(joined + 1, joined + 2);
  }

  @Test
  void aResumeSuspendedAgainStillReplaysNothingFromBeforeTheJoin() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    say(owner, "kim", room, "before you came");
    Client guest = connect();
    join(guest, "lee", room);
    String token = guest.inbox().session();
    drop(guest);
    Client back = resume(token, List.of(), new AtomicReference<>());
    drop(back);
    say(owner, "kim", room, "while you were away");

    Client again = resume(token, room, 0, new AtomicReference<>());

    assertThat(texts(again.inbox().take())).containsExactly("while you were away");
  }

  @Test
  void aMarkPastTheRoomsLatestEventIsBadSeqAndTheSeatStays() {
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    say(room.owner(), "kim", room.id(), "while you were away");

    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(room.token(), room.id(), room.joined() + 1000, got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), Reason.BAD_SEQ));
    assertThat(back.inbox().take()).as("no client can have seen seq " + (room.joined() + 1000)).isEmpty();
    say(room.owner(), "kim", room.id(), "live");
    assertThat(texts(back.inbox().take())).containsExactly("live");
  }

  @Test
  void moreMissedThanKeptIsHistoryGoneButTheSeatStays() {
    rooms = engine(Duration.ofMinutes(1), new HistoryLimits(2, 3));
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    for (int i = 0; i < 5; i++) {
      say(room.owner(), "kim", room.id(), "message " + i);
    }

    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(room.token(), room.id(), room.joined(), got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), Reason.HISTORY_GONE));
    assertThat(back.inbox().take()).isEmpty();
    say(room.owner(), "kim", room.id(), "live");
    assertThat(texts(back.inbox().take())).containsExactly("live");
  }

  @Test
  void aRoomDeletedMeanwhileIsRecoveredWithItsDeletion() {
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    say(room.owner(), "kim", room.id(), "bye");
    rooms.delete(room.owner().connection(), nick("kim"), room.id(), null);

    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(room.token(), room.id(), room.joined(), got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    assertThat(back.inbox().kinds()).containsExactly(Kind.CHAT_POSTED, Kind.ROOM_DELETED);
  }

  @Test
  void aRoomDeletedWhileTheMemberIsConnectedIsReplayedToItsEndWhenTheConnectionDropsBeforeTheClientHadIt() {
    RoomWithGuest room = aRoomWithAGuest();
    say(room.owner(), "kim", room.id(), "bye");
    rooms.delete(room.owner().connection(), nick("kim"), room.id(), null);
    // handed to the transport, which the network takes away before the client reads any of it
    assertThat(room.guest().inbox().kinds()).containsExactly(Kind.CHAT_POSTED, Kind.ROOM_DELETED);

    drop(room.guest());
    assertThat(rooms.status().suspended()).as("a session whose room just ended waits for its client").isOne();
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(room.token(), room.id(), room.joined(), got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    List<RecordingRecipient.Delivery> replayed = back.inbox().take();
    assertThat(replayed).extracting(d -> d.event().kind()).containsExactly(Kind.CHAT_POSTED, Kind.ROOM_DELETED);
    assertThat(replayed).extracting(d -> d.event().seq()).containsExactly(room.joined() + 1, room.joined() + 2);
    assertThat(texts(replayed)).containsExactly("bye");
  }

  @Test
  void aRoomWhoseOwnerLeftWhileTheMemberWasConnectedIsRecoveredBesideALiveRoomAfterADrop() {
    TwoRooms lee = leeInTwoRooms();
    rooms.exit(lee.owner().connection(), nick("kim"), lee.ended(), null); // the owner leaving ends the room
    say(lee.other(), "park", lee.live(), "still here");
    lee.guest().inbox().take();

    drop(lee.guest());
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(lee.token(), lee.joins(), got);

    assertThat(got.get().rooms())
        .containsExactly(new SessionResume.Outcome(lee.ended(), null), new SessionResume.Outcome(lee.live(), null));
    assertThat(back.inbox().kinds()).containsExactly(Kind.ROOM_DELETED, Kind.CHAT_POSTED);
  }

  @Test
  void anOwnerWhoseOwnDeletionDidNotReachItsClientGetsItsReplyReplayedAfterADrop() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    String token = owner.inbox().session();
    rooms.delete(owner.connection(), nick("kim"), room, "\"d-1\"");
    owner.inbox().take();

    drop(owner);
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(token, room, 1, got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room, null));
    assertThat(back.inbox().take())
        .singleElement()
        .satisfies(
            delivery -> {
              assertThat(delivery.event().kind()).isEqualTo(Kind.ROOM_DELETED);
              assertThat(delivery.toOrigin()).as("its own request's reply").isTrue();
            });
  }

  @Test
  void aMarkAtTheEndOfARoomThatEndedWhileConnectedReplaysNothingAndTheSessionGoesOnInNoRoom() {
    RoomWithGuest room = aRoomWithAGuest();
    rooms.delete(room.owner().connection(), nick("kim"), room.id(), null);
    long end = room.guest().inbox().take().get(0).event().seq();

    drop(room.guest());
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(room.token(), room.id(), end, got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    assertThat(back.inbox().take()).isEmpty();
    room.owner().inbox().take();
    RoomId next = create(room.owner(), "kim");
    join(back, "lee", next);
    say(room.owner(), "kim", next, "welcome back");
    assertThat(texts(back.inbox().take())).containsExactly("welcome back");
  }

  @Test
  void aRoomThatEndedWhileConnectedKeepsADroppedSessionOnlyForTheWindowAfterItsEnd() {
    SteppingClock clock = new SteppingClock();
    rooms.shutdown();
    rooms = engine(Duration.ofMinutes(1), HistoryLimits.defaults(), clock);
    RoomWithGuest room = aRoomWithAGuest();
    rooms.delete(room.owner().connection(), nick("kim"), room.id(), null);

    clock.advance(Duration.ofMinutes(1).plusMillis(1)); // long enough for the client to have had it all
    drop(room.guest());

    assertThat(rooms.status().suspended()).isZero();
    assertExpired(room.token());
  }

  @Test
  void aReplayOfAnEndedRoomCutShortByAnotherDropIsReplayedOnTheNextResume() {
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    say(room.owner(), "kim", room.id(), "one");
    say(room.owner(), "kim", room.id(), "two");
    rooms.delete(room.owner().connection(), nick("kim"), room.id(), null);
    Client back = resume(room.token(), room.id(), room.joined(), new AtomicReference<>());
    assertThat(back.inbox().kinds()).containsExactly(Kind.CHAT_POSTED, Kind.CHAT_POSTED, Kind.ROOM_DELETED);

    // the network goes again: the client got "one" of the replay, and nothing after it
    drop(back);
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client again = resume(room.token(), room.id(), room.joined() + 1, got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    List<RecordingRecipient.Delivery> replayed = again.inbox().take();
    assertThat(replayed).extracting(d -> d.event().kind()).containsExactly(Kind.CHAT_POSTED, Kind.ROOM_DELETED);
    assertThat(replayed).extracting(d -> d.event().seq()).containsExactly(room.joined() + 2, room.joined() + 3);
    assertThat(texts(replayed)).containsExactly("two");

    // and once more, with all of it received: nothing is replayed twice
    drop(again);
    Client last = resume(room.token(), room.id(), room.joined() + 3, got);
    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    assertThat(last.inbox().take()).isEmpty();
  }

  @Test
  void aRoomThatEndedMeanwhileIsRecoveredBesideALiveOneWhenTheReplayIsCutShort() {
    TwoRooms lee = leeInTwoRooms();
    drop(lee.guest());
    say(lee.owner(), "kim", lee.ended(), "bye");
    rooms.exit(lee.owner().connection(), nick("kim"), lee.ended(), null); // the owner leaving ends the room
    say(lee.other(), "park", lee.live(), "still here");
    Client back = resume(lee.token(), lee.joins(), new AtomicReference<>());
    back.inbox().take();

    drop(back); // none of the replay reached the client
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client again = resume(lee.token(), lee.joins(), got);

    assertThat(got.get().rooms())
        .containsExactly(new SessionResume.Outcome(lee.ended(), null), new SessionResume.Outcome(lee.live(), null));
    List<RecordingRecipient.Delivery> replayed = again.inbox().take();
    assertThat(replayed)
        .extracting(d -> d.event().kind())
        .containsExactly(Kind.CHAT_POSTED, Kind.ROOM_DELETED, Kind.CHAT_POSTED);
    assertThat(texts(replayed)).containsExactly("bye", "still here");
  }

  @Test
  void aKickReplayedButCutShortIsReplayedOnTheNextResume() {
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    rooms.kick(room.owner().connection(), nick("kim"), room.id(), nick("lee"), null, null);
    say(room.owner(), "kim", room.id(), "after the kick");
    Client back = resume(room.token(), room.id(), room.joined(), new AtomicReference<>());
    assertThat(back.inbox().kinds()).containsExactly(Kind.MEMBER_KICKED);

    drop(back);
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client again = resume(room.token(), room.id(), room.joined(), got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    assertThat(again.inbox().kinds()).containsExactly(Kind.MEMBER_KICKED);
  }

  @Test
  void endedRoomsKeepADroppedSessionOnlyForTheWindowAfterTheirReplay() {
    SteppingClock clock = new SteppingClock();
    rooms.shutdown();
    rooms = engine(Duration.ofMinutes(1), HistoryLimits.defaults(), clock);
    RoomWithGuest room = aRoomWithAGuest();
    Client back = resumedAfterTheRoomWasDeleted(room);
    assertThat(back.inbox().kinds()).containsExactly(Kind.ROOM_DELETED);

    clock.advance(Duration.ofMinutes(1).plusMillis(1)); // long enough for the client to have had it all
    drop(back);

    assertThat(rooms.status().suspended()).isZero();
    assertExpired(room.token());
    room.owner().inbox().take();
    RoomId next = create(room.owner(), "kim");
    rooms.join(connect().connection(), nick("lee"), next, null); // the name is free again
  }

  /**
   * Replaces the engine with one whose sessions' lost rooms linger 85 s past a 1 min window (the default heartbeat's
   * interval and timeout), on a clock the test steps.
   */
  private SteppingClock lingeringEngine() {
    SteppingClock clock = new SteppingClock();
    rooms.shutdown();
    rooms = engine(new SessionLimits(Duration.ofMinutes(1), Duration.ofSeconds(85)), HistoryLimits.defaults(), clock);
    return clock;
  }

  @Test
  void aReplayCutShortByADeadNetworkThatComesToLightAHeartbeatLateIsStillReplayedInFull() {
    SteppingClock clock = lingeringEngine();
    RoomWithGuest room = aRoomWithAGuest();
    Client back = resumedAfterTheRoomWasDeleted(room);
    assertThat(back.inbox().kinds()).containsExactly(Kind.ROOM_DELETED);

    // the network died as the replay went out; the heartbeat gives up on it past the window, within its timeout
    clock.advance(Duration.ofMinutes(1).plusSeconds(80));
    drop(back);

    assertThat(rooms.status().suspended()).isOne();
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client again = resume(room.token(), room.id(), room.joined(), got);
    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    assertThat(again.inbox().kinds()).containsExactly(Kind.ROOM_DELETED);
  }

  @Test
  void aRoomThatEndedJustAsTheNetworkDiedIsReplayedToItsEndThoughTheDropComesToLightPastTheWindow() {
    SteppingClock clock = lingeringEngine();
    RoomWithGuest room = aRoomWithAGuest();
    say(room.owner(), "kim", room.id(), "last words");
    rooms.delete(room.owner().connection(), nick("kim"), room.id(), null);

    clock.advance(Duration.ofMinutes(1).plusSeconds(80));
    drop(room.guest());

    assertThat(rooms.status().suspended()).isOne();
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(room.token(), room.id(), room.joined(), got);
    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    List<RecordingRecipient.Delivery> replayed = back.inbox().take();
    assertThat(replayed).extracting(d -> d.event().kind()).containsExactly(Kind.CHAT_POSTED, Kind.ROOM_DELETED);
    assertThat(texts(replayed)).containsExactly("last words");
  }

  @Test
  void endedRoomsKeepADroppedSessionNoLongerThanTheWindowAfterTheLatestADropComesToLight() {
    SteppingClock clock = lingeringEngine();
    RoomWithGuest room = aRoomWithAGuest();
    Client back = resumedAfterTheRoomWasDeleted(room);

    clock.advance(Duration.ofMinutes(1).plusSeconds(85).plusMillis(1));
    drop(back);

    assertThat(rooms.status().suspended()).isZero();
    assertExpired(room.token());
  }

  @Test
  void aSessionHoldingOnlyEndedRoomsExpiresWhenTheWindowOfItsNextDropPasses() {
    rooms.shutdown();
    rooms = engine(Duration.ofSeconds(2), HistoryLimits.defaults());
    RoomWithGuest room = aRoomWithAGuest();
    drop(resumedAfterTheRoomWasDeleted(room));
    assertThat(rooms.status().suspended()).isOne();

    Eventually.await(
        Duration.ofSeconds(10), () -> rooms.status().suspended(), waiting -> waiting == 0, "the session to expire");
    assertExpired(room.token());
  }

  @Test
  void aCleanCloseEndsASessionHoldingOnlyEndedRoomsAtOnce() {
    RoomWithGuest room = aRoomWithAGuest();
    Client back = resumedAfterTheRoomWasDeleted(room);

    rooms.disconnect(back.connection(), back.inbox());

    assertExpired(room.token());
  }

  @Test
  void roomsTheSessionIsNotInAreNotMemberOrNoSuchRoom() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client guest = connect();
    RoomId own = create(guest, "lee");
    drop(guest);

    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    resume(
        guest.inbox().session(),
        List.of(
            new SessionResume.Mark(room, 1),
            new SessionResume.Mark(new RoomId(999), 1),
            new SessionResume.Mark(own, 1)),
        got);

    assertThat(got.get().rooms())
        .containsExactly(
            new SessionResume.Outcome(room, Reason.NOT_MEMBER),
            new SessionResume.Outcome(new RoomId(999), Reason.NO_SUCH_ROOM),
            new SessionResume.Outcome(own, null));
  }

  @Test
  void resumingASessionStillServedTakesItOverAndTheOldTransportNoLongerCounts() {
    RoomWithGuest room = aRoomWithAGuest();
    Client guest = room.guest();
    say(room.owner(), "kim", room.id(), "hello");

    Client back = resume(room.token(), room.id(), room.joined(), new AtomicReference<>());

    assertThat(guest.inbox().replacements()).isOne();
    assertThat(texts(back.inbox().take())).containsExactly("hello");
    guest.inbox().take();
    rooms.disconnect(guest.connection(), guest.inbox()); // the old transport closes
    drop(guest);
    say(room.owner(), "kim", room.id(), "still there?");
    assertThat(texts(back.inbox().take())).containsExactly("still there?");
    assertThat(guest.inbox().take()).isEmpty();
  }

  @Test
  void aRequestTheOldTransportIsCarryingOutWhenItsClientResumesCountsInTheResumesAnswer() throws Exception {
    RoomWithGuest room = aRoomWithAGuest();
    Client guest = room.guest();
    Client park = connect();
    RoomId parks = create(park, "park");
    CountDownLatch joining = new CountDownLatch(1);
    CountDownLatch resumeUnderWay = new CountDownLatch(1);
    Future<Boolean> oldJoin =
        pool.submit(
            () ->
                rooms.actFor(
                    guest.connection(),
                    guest.inbox(),
                    () -> {
                      joining.countDown();
                      try {
                        resumeUnderWay.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      rooms.join(guest.connection(), nick("lee"), parks, null);
                    }));
    assertThat(joining.await(10, TimeUnit.SECONDS)).isTrue();
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    List<SessionResume.Mark> marks =
        List.of(new SessionResume.Mark(room.id(), room.joined()), new SessionResume.Mark(parks, 0));
    FutureTask<Client> resuming = new FutureTask<>(() -> resume(room.token(), marks, got));
    Thread resumer = new Thread(resuming, "resumer");
    resumer.start();
    Eventually.await(
        Duration.ofSeconds(10),
        resumer::getState,
        state -> state == Thread.State.BLOCKED || resuming.isDone(),
        "the resume to wait for the request in flight, or to be over");
    resumeUnderWay.countDown();
    assertThat(oldJoin.get(10, TimeUnit.SECONDS)).isTrue();
    Client back = resuming.get(10, TimeUnit.SECONDS);

    assertThat(got.get().rooms())
        .as("the join took place, so the resume counts it")
        .extracting(SessionResume.Outcome::recovered)
        .containsExactly(true, true);
    say(park, "park", parks, "welcome");
    assertThat(texts(back.inbox().take())).containsExactly("welcome");
    assertThat(rooms.actFor(guest.connection(), guest.inbox(), () -> say(guest, "lee", parks, "from the old one")))
        .as("the old transport's next request is dropped")
        .isFalse();
  }

  @Test
  void aResumeWhileAnotherResumeOfTheSessionStillReplaysClosesTheFirstTransport() {
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    say(room.owner(), "kim", room.id(), "hello");
    Client first = connect();
    AtomicReference<Client> second = new AtomicReference<>();

    Connection session =
        rooms.resume(
            first.connection(),
            room.token(),
            List.of(new SessionResume.Mark(room.id(), room.joined())),
            result -> second.set(resume(room.token(), room.id(), room.joined(), new AtomicReference<>())));
    say(room.owner(), "kim", room.id(), "who is there?");

    assertThat(first.inbox().replacements()).as("the first transport is told to close").isOne();
    rooms.disconnect(session, first.inbox()); // it closes: the session stays with the second
    assertThat(texts(second.get().inbox().take())).containsExactly("hello", "who is there?");
    assertThat(rooms.status().connections()).isEqualTo(2);
  }

  @Test
  void aResumeThatLosesTheSessionToAnotherBeforeItIsAnsweredIsAnsweredBeforeItsTransportIsClosed() {
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    Client first = connect();
    AtomicInteger closesBeforeTheAnswer = new AtomicInteger(-1);

    rooms.resume(
        first.connection(),
        room.token(),
        List.of(new SessionResume.Mark(room.id(), room.joined())),
        result -> {
          // the second resume takes the session between the first's taking it and its answer being written
          resume(room.token(), room.id(), room.joined(), new AtomicReference<>());
          closesBeforeTheAnswer.set(first.inbox().replacements());
        });

    assertThat(closesBeforeTheAnswer.get()).as("the first transport is still open for its answer").isZero();
    assertThat(first.inbox().replacements()).as("then it is told to close").isOne();
  }

  @Test
  void anEndedRoomsEventsAreForgottenOnceTheWindowPassedThoughNoOtherRoomEnds() {
    AtomicReference<InMemoryRoomRegistry> registry = new AtomicReference<>();
    rooms.shutdown();
    rooms =
        engine(
            Duration.ofMillis(200),
            fanOut -> {
              registry.set(new InMemoryRoomRegistry(fanOut, HistoryLimits.defaults()));
              return registry.get();
            });
    RoomWithGuest room = aRoomWithAGuest();
    say(room.owner(), "kim", room.id(), "bye");

    rooms.disconnect(room.owner().connection()); // the room ends with lee in it: its events wait for lee's window
    assertThat(registry.get().endedRooms()).isOne();
    rooms.disconnect(room.guest().connection());

    Eventually.await(
        Duration.ofSeconds(10), registry.get()::endedRooms, kept -> kept == 0, "the ended room to be forgotten");
  }

  @Test
  void withSessionsOffADropLeavesAtOnceAndNoTokenIsGiven() {
    rooms = engine(Duration.ZERO, HistoryLimits.defaults());
    RoomWithGuest room = aRoomWithAGuest();
    room.owner().inbox().take();

    drop(room.guest());

    assertThat(room.guest().inbox().session()).isNull();
    assertThat(room.owner().inbox().kinds()).containsExactly(Kind.MEMBER_LEFT);
  }

  @Test
  void aResumeRacingWithChatLosesAndRepeatsNothing() throws Exception {
    for (int round = 0; round < 200; round++) {
      RoomWithGuest room = aRoomWithAGuest();
      drop(room.guest());
      CountDownLatch go = new CountDownLatch(1);
      Future<?> chatter =
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < 30; i++) {
                  say(room.owner(), "kim", room.id(), "m" + i);
                }
                return null;
              });
      go.countDown();
      Client back = resume(room.token(), room.id(), room.joined(), new AtomicReference<>());
      chatter.get(10, TimeUnit.SECONDS);

      List<Long> seqs = new ArrayList<>();
      back.inbox().take().forEach(delivery -> seqs.add(delivery.event().seq()));
      List<Long> expected = new ArrayList<>();
      for (long seq = room.joined() + 1; seq <= room.joined() + 30; seq++) {
        expected.add(seq);
      }
      assertThat(seqs).as("round " + round).isEqualTo(expected);
      rooms.disconnect(room.owner().connection());
      rooms.disconnect(back.connection());
    }
  }

  @Test
  void aResumeRacingItsSuspensionReachesTheRegistryAfterIt() throws Exception {
    List<String> applied = new CopyOnWriteArrayList<>();
    CountDownLatch suspending = new CountDownLatch(1);
    CountDownLatch applySuspension = new CountDownLatch(1);
    rooms.shutdown();
    rooms =
        engine(
            Duration.ofMinutes(1),
            fanOut ->
                recordingSessions(
                    new InMemoryRoomRegistry(fanOut, HistoryLimits.defaults()), applied, suspending, applySuspension));
    RoomWithGuest room = aRoomWithAGuest();

    Future<?> lost = pool.submit(() -> drop(room.guest()));
    assertThat(suspending.await(10, TimeUnit.SECONDS)).as("the suspension on its way to the registry").isTrue();
    AtomicReference<Thread> resumer = new AtomicReference<>();
    Future<Client> back =
        pool.submit(
            () -> {
              resumer.set(Thread.currentThread());
              return resume(room.token(), room.id(), room.joined(), new AtomicReference<>());
            });
    Eventually.await(
        Duration.ofSeconds(10),
        () -> applied.contains("resumed") || waitsForALock(resumer.get()),
        reached -> reached,
        "the resume to reach the registry, or to wait for the suspension");
    applySuspension.countDown();
    lost.get(10, TimeUnit.SECONDS);
    back.get(10, TimeUnit.SECONDS);

    assertThat(applied).as("the registry must end with the session live").containsExactly("suspended", "resumed");
  }

  @Test
  void aSessionThatDroppedWhileTheRegistryWasOutOfReachIsToldToTryAgainAndThenResumesInItsRoom() {
    AtomicBoolean outOfReach = new AtomicBoolean();
    rooms.shutdown();
    rooms = refusing("tail", outOfReach);
    RoomWithGuest room = aRoomWithAGuest();
    outOfReach.set(true);
    drop(room.guest()); // its stand-in gets nothing of the room from the registry

    assertRefused(Reason.UNAVAILABLE, () -> resume(room.token(), room.id(), room.joined(), new AtomicReference<>()));
    outOfReach.set(false);
    say(room.owner(), "kim", room.id(), "while away");
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(room.token(), room.id(), room.joined(), got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    assertThat(texts(back.inbox().take())).containsExactly("while away");
  }

  @Test
  void aSessionWhoseRoomIsNotBackInTheRegistryIsToldToTryAgainAndThenResumesInIt() {
    AtomicBoolean restoring = new AtomicBoolean();
    rooms.shutdown();
    rooms = refusing("requireInPlace", restoring);
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    restoring.set(true);

    assertRefused(Reason.UNAVAILABLE, () -> resume(room.token(), room.id(), room.joined(), new AtomicReference<>()));
    restoring.set(false);
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    resume(room.token(), room.id(), room.joined(), got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
  }

  @Test
  void aResumeWhileTheOldConnectionIsOpenAndItsRoomIsNotBackInTheRegistryIsToldToTryAgainAndChangesNothing() {
    AtomicBoolean restoring = new AtomicBoolean(true);
    rooms.shutdown();
    rooms = refusing("requireInPlace", restoring);
    RoomWithGuest room = aRoomWithAGuest();

    assertRefused(Reason.UNAVAILABLE, () -> resume(room.token(), room.id(), room.joined(), new AtomicReference<>()));
    say(room.owner(), "kim", room.id(), "still here?");

    assertThat(texts(room.guest().inbox().take())).containsExactly("still here?");
    assertThat(rooms.status().suspended()).isZero();
  }

  @Test
  void aResumeWhileTheOldConnectionIsOpenAndTheRegistryIsOutOfReachIsToldToTryAgainAndChangesNothing() {
    AtomicReference<Runnable> whileATailIsRead = new AtomicReference<>(() -> {});
    rooms.shutdown();
    rooms =
        engine(
            Duration.ofMinutes(1),
            fanOut ->
                before(
                    new InMemoryRoomRegistry(fanOut, HistoryLimits.defaults()),
                    method -> {
                      if (method.equals("tail")) {
                        whileATailIsRead.get().run();
                      }
                    }));
    RoomWithGuest room = aRoomWithAGuest();
    AtomicInteger said = new AtomicInteger();
    whileATailIsRead.set(
        () -> {
          say(room.owner(), "kim", room.id(), "during the resume " + said.incrementAndGet());
          throw new Refusal(Reason.UNAVAILABLE, "the registry is out of reach");
        });

    assertRefused(Reason.UNAVAILABLE, () -> resume(room.token(), room.id(), room.joined(), new AtomicReference<>()));
    say(room.owner(), "kim", room.id(), "still here?");
    assertThat(texts(room.guest().inbox().take()))
        .as("the old connection goes on as if nothing happened")
        .containsExactly("during the resume 1", "during the resume 2", "still here?");
    assertThat(room.guest().inbox().replacements()).isZero();
    assertThat(rooms.status().suspended()).isZero();
    whileATailIsRead.set(() -> {});
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(room.token(), room.id(), room.joined(), got);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    assertThat(texts(back.inbox().take()))
        .containsExactly("during the resume 1", "during the resume 2", "still here?");
  }

  @Test
  void aResumeThatListsARoomItIsNotInWhileTheRegistryIsOutOfReachIsAnsweredAndGoesLive() {
    AtomicBoolean outOfReach = new AtomicBoolean();
    rooms.shutdown();
    rooms = refusing("rooms", outOfReach);
    RoomWithGuest room = aRoomWithAGuest();
    drop(room.guest());
    outOfReach.set(true); // the room list the answer reads for a room the session is not in
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back =
        resume(
            room.token(),
            List.of(new SessionResume.Mark(room.id(), room.joined()), new SessionResume.Mark(new RoomId(999), 0)),
            got);

    say(room.owner(), "kim", room.id(), "live");
    assertThat(got.get().rooms())
        .as("the session has no seat in 999, whether or not the room exists")
        .containsExactly(
            new SessionResume.Outcome(room.id(), null), new SessionResume.Outcome(new RoomId(999), Reason.NOT_MEMBER));
    assertThat(texts(back.inbox().take())).containsExactly("live");
  }

  @Test
  void anEventTheRegistryKeptBeforeItReachedThisNodeReachesAResumeOnTheSameNodeOnce() {
    assertThat(resumedWhileAnEventIsOnItsWay(false)).containsExactly("on its way", "live");
  }

  @Test
  void anEventTheRegistryKeptBeforeItReachedThisNodeReachesAResumeAfterADropOnce() {
    assertThat(resumedWhileAnEventIsOnItsWay(true)).containsExactly("on its way", "live");
  }

  /**
   * What a guest who resumes (on the same node, its old connection open or {@code dropped}) gets of a chat the registry
   * (Redis) kept at once but the relay brings to this node only after the resume, then of a live one.
   */
  private List<String> resumedWhileAnEventIsOnItsWay(boolean dropped) {
    LaggingFanOut relay = new LaggingFanOut();
    rooms.shutdown();
    rooms =
        engine(Duration.ofMinutes(1), fanOut -> new InMemoryRoomRegistry(relay.in(fanOut), HistoryLimits.defaults()));
    RoomWithGuest room = aRoomWithAGuest();
    relay.hold();
    say(room.owner(), "kim", room.id(), "on its way");
    if (dropped) {
      drop(room.guest());
    }
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Client back = resume(room.token(), room.id(), room.joined(), got);

    relay.release();
    say(room.owner(), "kim", room.id(), "live");
    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room.id(), null));
    return texts(back.inbox().take());
  }

  /** An engine whose registry refuses {@code method} with {@link Reason#UNAVAILABLE} while {@code refusing} is set. */
  private static RoomManager refusing(String method, AtomicBoolean refusing) {
    return engine(
        Duration.ofMinutes(1),
        fanOut -> unavailableWhile(new InMemoryRoomRegistry(fanOut, HistoryLimits.defaults()), method, refusing));
  }

  /** A clock that stands still until the test moves it on. */
  private static final class SteppingClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(CLOCK.instant());

    void advance(Duration by) {
      now.updateAndGet(instant -> instant.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException("a test clock stays in UTC");
    }
  }

  private static boolean waitsForALock(Thread thread) {
    return thread != null && thread.getState() == Thread.State.BLOCKED;
  }

  /**
   * The registry with its session calls noted in {@code applied} as they take effect; a suspension takes effect only
   * once {@code apply} opens, after telling {@code arrived}.
   */
  private static RoomRegistry recordingSessions(
      RoomRegistry registry, List<String> applied, CountDownLatch arrived, CountDownLatch apply) {
    return before(
        registry,
        method -> {
          if (method.equals("sessionSuspended")) {
            arrived.countDown();
            assertThat(apply.await(10, TimeUnit.SECONDS)).isTrue();
            applied.add("suspended");
          } else if (method.equals("sessionResumed")) {
            applied.add("resumed");
          }
        });
  }

  /** The registry, refusing {@code refused} with {@link Reason#UNAVAILABLE} while {@code refusing} is set. */
  private static RoomRegistry unavailableWhile(RoomRegistry registry, String refused, AtomicBoolean refusing) {
    return before(
        registry,
        method -> {
          if (method.equals(refused) && refusing.get()) {
            throw new Refusal(Reason.UNAVAILABLE, "the registry is out of reach");
          }
        });
  }

  /** The registry, running {@code hook} before each join reaches it. */
  private static RoomRegistry joiningAfter(RoomRegistry registry, AtomicReference<Runnable> hook) {
    return before(
        registry,
        method -> {
          if (method.equals("join")) {
            hook.get().run();
          }
        });
  }

  /** What a test does before a call reaches the registry, given the method's name; it may throw instead. */
  private interface BeforeCall {
    void run(String method) throws Exception;
  }

  /** The registry, with {@code before} run ahead of every call to it. */
  private static RoomRegistry before(RoomRegistry registry, BeforeCall before) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          before.run(method.getName());
          try {
            return method.invoke(registry, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (RoomRegistry)
        Proxy.newProxyInstance(RoomRegistry.class.getClassLoader(), new Class<?>[] {RoomRegistry.class}, handler);
  }

  /**
   * A relay between the registry and the node's fan-out that holds the events published while the test says so, as
   * Redis's relay may still carry events its store already keeps (and a room's tail already gives).
   */
  private static final class LaggingFanOut {
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private FanOut node;

    FanOut in(FanOut fanOut) {
      node = fanOut;
      return new FanOut() {
        @Override
        public void deliver(RoomEvent event) {
          synchronized (LaggingFanOut.this) {
            if (holding) {
              held.add(() -> node.deliver(event));
              return;
            }
          }
          node.deliver(event);
        }

        @Override
        public void moved(RoomRef room, ConnectionId from, ConnectionId to) {
          node.moved(room, from, to);
        }
      };
    }

    synchronized void hold() {
      holding = true;
    }

    /** Delivers what it held, in order, and everything from now on at once. */
    void release() {
      List<Runnable> due;
      synchronized (this) {
        holding = false;
        due = List.copyOf(held);
        held.clear();
      }
      due.forEach(Runnable::run);
    }
  }
}
