package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session that another node held, taken over by a connection of this one: the registry moves the seats and the
 * fan-out hears of the move and of live events before the registry's answer reaches the engine, yet the client gets
 * the reply, then what it missed, then the live events, each once and in order.
 */
class RoomManagerTakeoverTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:15:30Z"), ZoneOffset.UTC);
  private static final RoomId ROOM = new RoomId(7);
  private static final ConnectionId FROM = new ConnectionId("elsewhere:1");
  private static final ConnectionId OWNER = new ConnectionId("elsewhere:2");
  private final AtomicReference<FanOut> fanOut = new AtomicReference<>();
  // the connection resuming session "dr0p", and its transport, which is lost while the registry moves the session
  private final AtomicReference<Connection> dropping = new AtomicReference<>();
  private final AtomicReference<Recipient> droppingTransport = new AtomicReference<>();
  // what the engine told the registry of sessions and exits
  private final List<String> told = new CopyOnWriteArrayList<>();
  private final RoomManager rooms =
      new RoomManager(
          fanOut -> {
            this.fanOut.set(fanOut);
            return new TakingOver();
          },
          CLOCK,
          FloodLimits.NONE,
          RoomLimits.NONE,
          new SessionLimits(Duration.ofMinutes(1)),
          HistoryLimits.defaults());

  @AfterEach
  void stop() {
    rooms.shutdown();
  }

  private static ChatPosted chat(long seq, String text, ConnectionId by) {
    return new ChatPosted(
        ROOM, new Nickname(by.equals(FROM) ? "lee" : "kim"), new MessageText(text), 2, Instant.EPOCH, Origin.of(by),
        seq);
  }

  /**
   * Holds session "t0k3n" of FROM in room 7, which kept events 1 to 4 when the session was taken over; session "k1ck"
   * is the same, but its taker is kicked from the room right after the move; in session "g0ne" the room it owns is
   * deleted right after the move; session "3nded" is in no room, for room 7 ended (event 5) while it was away, and
   * can be taken over once only, as the registry then knows it as this node's; while session "dr0p" moves, the new
   * connection's transport is lost.
   */
  private final class TakingOver implements RoomRegistry {
    private final AtomicBoolean endedTaken = new AtomicBoolean();

    @Override
    public Optional<SessionTakeover> takeOver(String token, ConnectionId connection) {
      if ("3nded".equals(token) && !endedTaken.getAndSet(true)) {
        List<RoomEvent> events = new ArrayList<>(tail().events());
        events.add(new RoomDeleted(ROOM, new Nickname("kim"), false, false, Origin.of(OWNER), 5));
        return Optional.of(
            new SessionTakeover(
                FROM, new Nickname("lee"), Map.of(), Set.of(), Map.of(ROOM, new RoomTail(5, events)), Set.of()));
      }
      if ("k1ck".equals(token)) {
        // the move, then the owner's kick of the taker, reach the fan-out before the registry's answer
        fanOut.get().moved(ROOM, FROM, connection);
        fanOut.get().deliver(
            new MemberKicked(
                ROOM, new Nickname("lee"), connection, new Nickname("kim"), null, 1, Origin.of(OWNER), 5));
        return Optional.of(new SessionTakeover(FROM, new Nickname("lee"), Map.of(ROOM, tail()), Set.of()));
      }
      if ("g0ne".equals(token)) {
        // the move, then a moderator's deletion of the room, reach the fan-out before the registry's answer
        fanOut.get().moved(ROOM, FROM, connection);
        fanOut.get().deliver(new RoomDeleted(ROOM, new Nickname("lee"), false, false, Origin.of(OWNER), 5));
        return Optional.of(new SessionTakeover(FROM, new Nickname("lee"), Map.of(ROOM, tail()), Set.of(ROOM)));
      }
      if ("m0ved".equals(token)) {
        // the move, then the session's next move on to a connection of another node (a resume there), reach the
        // fan-out before the registry's answer
        fanOut.get().moved(ROOM, FROM, connection);
        fanOut.get().moved(ROOM, connection, new ConnectionId("elsewhere:3"));
        return Optional.of(new SessionTakeover(FROM, new Nickname("lee"), Map.of(ROOM, tail()), Set.of(ROOM)));
      }
      if ("dr0p".equals(token)) {
        // the move and chat reach the fan-out, and the new connection drops, all before the registry's answer
        fanOut.get().moved(ROOM, FROM, connection);
        fanOut.get().deliver(chat(5, "five", OWNER));
        rooms.lost(dropping.get(), droppingTransport.get());
        fanOut.get().deliver(chat(6, "six", OWNER));
        return Optional.of(new SessionTakeover(FROM, new Nickname("lee"), Map.of(ROOM, tail()), Set.of(ROOM)));
      }
      if (!"t0k3n".equals(token)) {
        throw new Refusal(Reason.SESSION_EXPIRED, "no such session");
      }
      // the move and what follows it reach the fan-out before the registry's answer reaches the engine
      fanOut.get().moved(ROOM, FROM, connection);
      fanOut.get().deliver(chat(4, "four", OWNER)); // in the tail as well: must not come twice
      fanOut.get().deliver(chat(5, "five", OWNER));
      return Optional.of(new SessionTakeover(FROM, new Nickname("lee"), Map.of(ROOM, tail()), Set.of(ROOM)));
    }

    /** What room 7 kept up to the move: events 1 to 4. */
    private RoomTail tail() {
      return new RoomTail(
          4,
          List.of(
              new RoomCreated(ROOM, new RoomName("r"), new Nickname("lee"), Origin.of(FROM), 1),
              chat(2, "two", OWNER),
              chat(3, "three", FROM),
              chat(4, "four", OWNER)));
    }

    @Override
    public List<RoomSummary> rooms() {
      return List.of();
    }

    @Override
    public RoomId allocate() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void create(RoomId room, RoomName name, Member owner, Origin origin, int mostRooms) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void join(RoomId room, Member member, Origin origin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void enter(RoomKey room, Member member, Origin origin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean exit(RoomRef room, Member member, boolean dropped, Origin origin) {
      told.add("exit " + room + " " + member.connection().value());
      return false;
    }

    @Override
    public boolean exit(RoomKey room, Member member, Announcement farewell, Instant time, Origin origin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void enter(RoomKey room, Member member, Announcement entry, Instant time, Origin origin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void sessionSuspended(String token, ConnectionId connection, Duration window) {
      told.add("suspended " + token + " " + connection.value());
    }

    @Override
    public void sessionEnded(String token, ConnectionId connection) {
      told.add("ended " + token + " " + connection.value());
    }

    @Override
    public boolean delete(RoomId room, Member member, boolean moderator, Origin origin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public KickOutcome kick(
        RoomRef room, Member by, boolean moderator, Nickname target, String note, Origin origin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void requireRoom(RoomId room) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void requireAdmission(RoomRef room, Member member) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void post(RoomRef room, Member member, MessageText text, Instant time, Origin origin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void announce(RoomKey room, Member member, Announcement announcement, Instant time, Origin origin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ChatLine> history(RoomId room, Member member, long before, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Census census() {
      return new Census(0, 0, 0);
    }
  }

  @Test
  void theTakerGetsTheReplyThenWhatItMissedThenTheLiveEventsOnceAndInOrderAndOwnsTheRoom() {
    RecordingRecipient inbox = new RecordingRecipient();
    Connection fresh = rooms.connect(inbox);
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    AtomicInteger deliveredBeforeReply = new AtomicInteger(-1);
    Connection resumed =
        rooms.resume(
            fresh,
            "t0k3n",
            List.of(new SessionResume.Mark(ROOM, 2)),
            result -> {
              deliveredBeforeReply.set(inbox.take().size());
              got.set(result);
            });

    assertThat(resumed).isSameAs(fresh);
    assertThat(deliveredBeforeReply).hasValue(0);
    assertThat(got.get().name()).isEqualTo(new Nickname("lee"));
    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(ROOM, null));
    assertThat(resumed.name()).isEqualTo(new Nickname("lee"));
    assertThat(resumed.session()).isEqualTo("t0k3n");
    assertThat(resumed.rooms()).containsExactly(ROOM);
    assertThat(resumed.ownedRooms()).isOne();
    List<RecordingRecipient.Delivery> delivered = inbox.take();
    assertThat(delivered)
        .extracting(delivery -> ((ChatPosted) delivery.event()).text().value())
        .containsExactly("three", "four", "five");
    assertThat(delivered)
        .extracting(RecordingRecipient.Delivery::toOrigin)
        .as("the old connection's own message is its reply")
        .containsExactly(true, false, false);

    fanOut.get().deliver(chat(6, "six", OWNER));
    assertThat(inbox.take()).extracting(delivery -> delivery.event().seq()).containsExactly(6L);
    assertThat(rooms.status().suspended()).isZero();
  }

  @Test
  void anUnknownSessionIsExpiredAndLeavesTheConnectionAsItWas() {
    RecordingRecipient inbox = new RecordingRecipient();
    Connection fresh = rooms.connect(inbox);
    assertThatThrownBy(() -> rooms.resume(fresh, "unknown", List.of(), result -> {}))
        .isInstanceOfSatisfying(
            Refusal.class, refusal -> assertThat(refusal.reason()).isEqualTo(Reason.SESSION_EXPIRED));
    assertThat(fresh.recipient()).isSameAs(inbox);
    assertThat(fresh.session()).isNull();
    assertThat(fresh.rooms()).isEmpty();
  }

  @Test
  void aTakerKickedBeforeTheRegistrysAnswerArrivesIsNotPutBackInTheRoom() {
    RecordingRecipient inbox = new RecordingRecipient();
    Connection fresh = rooms.connect(inbox);
    rooms.resume(fresh, "k1ck", List.of(new SessionResume.Mark(ROOM, 2)), result -> {});

    assertThat(fresh.rooms()).as("kicked while its resume was on its way").isEmpty();
    assertThat(fresh.inNoRoom()).isTrue();
    assertThat(inbox.take())
        .extracting(delivery -> delivery.event().kind())
        .endsWith(RoomEvent.Kind.MEMBER_KICKED);
  }

  @Test
  void aTakerWhoseRoomEndedBeforeTheRegistrysAnswerArrivesNeitherSitsInItNorOwnsIt() {
    RecordingRecipient inbox = new RecordingRecipient();
    Connection fresh = rooms.connect(inbox);
    rooms.resume(fresh, "g0ne", List.of(new SessionResume.Mark(ROOM, 2)), result -> {});

    assertThat(fresh.rooms()).as("its room was deleted while its resume was on its way").isEmpty();
    assertThat(fresh.ownedRooms()).isZero();
    assertThat(fresh.inNoRoom()).isTrue();
    assertThat(inbox.take())
        .extracting(delivery -> delivery.event().kind())
        .endsWith(RoomEvent.Kind.ROOM_DELETED);
  }

  @Test
  void aTakenSessionWhoseRoomEndedAndWhoseReplayWasCutShortReplaysTheRestOnTheNextResumeHere() {
    RecordingRecipient inbox = new RecordingRecipient();
    Connection fresh = rooms.connect(inbox);
    rooms.resume(fresh, "3nded", List.of(new SessionResume.Mark(ROOM, 2)), result -> {});
    assertThat(inbox.take()).extracting(delivery -> delivery.event().seq()).containsExactly(3L, 4L, 5L);

    rooms.lost(fresh, inbox); // the client got event 3 of the replay, and nothing after it
    assertThat(rooms.status().suspended()).isOne();
    RecordingRecipient again = new RecordingRecipient();
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    rooms.resume(rooms.connect(again), "3nded", List.of(new SessionResume.Mark(ROOM, 3)), got::set);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(ROOM, null));
    assertThat(again.take())
        .extracting(delivery -> delivery.event().kind())
        .containsExactly(RoomEvent.Kind.CHAT_POSTED, RoomEvent.Kind.ROOM_DELETED);
  }

  @Test
  void aTakerWhoseSessionMovesOnElsewhereBeforeTheRegistrysAnswerArrivesIsRefusedAndItsTransportClosed() {
    RecordingRecipient transport = new RecordingRecipient();
    Connection fresh = rooms.connect(transport);

    assertThatThrownBy(() -> rooms.resume(fresh, "m0ved", List.of(new SessionResume.Mark(ROOM, 2)), result -> {}))
        .isInstanceOfSatisfying(
            Refusal.class,
            refusal -> {
              assertThat(refusal.reason()).isEqualTo(Reason.SESSION_EXPIRED);
              assertThat(refusal.detail()).isEqualTo("the session was resumed on another connection meanwhile");
            });

    assertThat(fresh.isOpen()).isFalse();
    assertThat(transport.replacements()).as("the transport is told to close, after the refusal").isOne();
  }

  @Test
  void aTakerWhoseTransportIsLostBeforeTheRegistrysAnswerArrivesIsSuspendedWithEverythingForItsNextResume() {
    RecordingRecipient lostTransport = new RecordingRecipient();
    Connection fresh = rooms.connect(lostTransport);
    dropping.set(fresh);
    droppingTransport.set(lostTransport);
    Connection taken = rooms.resume(fresh, "dr0p", List.of(new SessionResume.Mark(ROOM, 2)), result -> {});

    assertThat(taken).isSameAs(fresh);
    assertThat(fresh.isOpen()).as("suspended, not ended").isTrue();
    assertThat(fresh.rooms()).containsExactly(ROOM);
    assertThat(fresh.ownedRooms()).isOne();
    assertThat(rooms.status().suspended()).isOne();
    assertThat(told).containsExactly("suspended dr0p " + fresh.id().value());
    fanOut.get().deliver(chat(7, "seven", OWNER));

    RecordingRecipient inbox = new RecordingRecipient();
    Connection back = rooms.connect(inbox);
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Connection resumed = rooms.resume(back, "dr0p", List.of(new SessionResume.Mark(ROOM, 2)), got::set);

    assertThat(resumed).isSameAs(fresh);
    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(ROOM, null));
    assertThat(inbox.take())
        .as("what the room kept up to the move, what came while the move was on its way, and while suspended")
        .extracting(delivery -> ((ChatPosted) delivery.event()).text().value())
        .containsExactly("three", "four", "five", "six", "seven");
    fanOut.get().deliver(chat(8, "eight", OWNER));
    assertThat(inbox.take()).extracting(delivery -> delivery.event().seq()).containsExactly(8L);
    assertThat(rooms.status().suspended()).isZero();
    assertThat(told).as("nobody left, nothing ended").hasSize(1);
  }
}
