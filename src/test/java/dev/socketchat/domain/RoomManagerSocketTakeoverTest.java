package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Socket.IO socket that another node held, taken over by a connection of this one (connection state recovery
 * across a cluster): the new connection speaks as the socket's session in its open rooms and hears live events from
 * the move on with their position; what it missed comes back for its transport to replay; a socket whose missed
 * events are gone leaves its rooms as a drop would.
 */
class RoomManagerSocketTakeoverTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:15:30Z"), ZoneOffset.UTC);
  private static final RoomKey ROOM = new RoomKey("hotel-12");
  private static final ConnectionId FROM = new ConnectionId("elsewhere:1");
  private static final ConnectionId BOB = new ConnectionId("elsewhere:2");
  private final AtomicReference<FanOut> fanOut = new AtomicReference<>();
  private final List<String> calls = new ArrayList<>();
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

  private static ChatPosted chat(String text) {
    return new ChatPosted(ROOM, new Nickname("bob"), new MessageText(text), 2, Instant.EPOCH, Origin.of(BOB));
  }

  /**
   * Holds socket "pid-ok" of FROM in the room (and "pid-gone", whose missed events are gone, and "pid-kicked", whose
   * taker is kicked from the room right after the move).
   */
  private final class TakingOver implements RoomRegistry {
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
    public boolean delete(RoomId room, Member member, boolean moderator, Origin origin) {
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
    public KickOutcome kick(
        RoomRef room, Member by, boolean moderator, Nickname target, String note, Origin origin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ChatLine> history(RoomId room, Member member, long before, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<RoomSummary> rooms() {
      return List.of();
    }

    @Override
    public Census census() {
      return new Census(0, 0, 0);
    }

    @Override
    public void socketOpened(String token, Member member, Duration window) {
      calls.add("opened " + token + " " + member.name());
    }

    @Override
    public void sessionSuspended(String token, ConnectionId connection, Duration window) {
      calls.add("suspended " + token);
    }

    @Override
    public void sessionEnded(String token, ConnectionId connection) {
      calls.add("ended " + token);
    }

    @Override
    public boolean exit(RoomRef room, Member member, boolean dropped, Origin origin) {
      calls.add("exit " + room + (dropped ? " dropped" : ""));
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
    public Optional<SocketTakeover> takeOverSocket(String token, ConnectionId connection, String offset) {
      if (!token.startsWith("pid-")) {
        throw new Refusal(Reason.SESSION_EXPIRED, "no such session");
      }
      // the move and what follows it reach the fan-out before the registry's answer reaches the engine
      fanOut.get().moved(ROOM, FROM, connection);
      fanOut.get().deliver(chat("live"), 12);
      if (token.equals("pid-kicked")) {
        fanOut.get().deliver(
            new MemberKicked(ROOM, new Nickname("lee"), connection, new Nickname("bob"), null, 1, Origin.of(BOB), 0),
            13);
      }
      List<SocketTakeover.Missed> missed = List.of(new SocketTakeover.Missed(10, chat("missed")));
      return Optional.of(
          new SocketTakeover(FROM, new Nickname("lee"), List.of(ROOM), missed, token.equals("pid-gone")));
    }
  }

  @Test
  void theTakerSpeaksAsTheSocketInItsRoomsAndHearsLiveEventsFromTheMoveOnWithTheirPosition() {
    List<Broadcast> heard = new ArrayList<>();
    Connection fresh = rooms.connect((broadcast, toOrigin) -> heard.add(broadcast));

    SocketTakeover taken = rooms.recoverSocket(fresh, "pid-ok", "9");

    assertThat(taken.missed()).extracting(SocketTakeover.Missed::position).containsExactly(10L);
    assertThat(fresh.name()).isEqualTo(new Nickname("lee"));
    assertThat(fresh.session()).isEqualTo("pid-ok");
    assertThat(fresh.rooms()).containsExactly(ROOM);
    assertThat(heard).extracting(Broadcast::position).containsExactly(12L);
    assertThat(((ChatPosted) heard.get(0).event()).text().value()).isEqualTo("live");

    rooms.socketSuspended(fresh);
    rooms.disconnect(fresh);
    assertThat(calls).containsExactly("suspended pid-ok", "ended pid-ok", "exit hotel-12 dropped");
  }

  @Test
  void aSocketWhoseMissedEventsAreGoneLeavesItsRoomsAsADropWouldAndTheTakerIsClosed() {
    Connection fresh = rooms.connect((broadcast, toOrigin) -> {});
    assertThatThrownBy(() -> rooms.recoverSocket(fresh, "pid-gone", "1"))
        .isInstanceOfSatisfying(
            Refusal.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.HISTORY_GONE));
    assertThat(fresh.isOpen()).isFalse();
    assertThat(calls).containsExactly("ended pid-gone", "exit hotel-12 dropped");
  }

  @Test
  void anUnknownSocketIsExpiredAndASocketsSessionIsNotedOnceBeforeItsFirstRoom() {
    Connection fresh = rooms.connect((broadcast, toOrigin) -> {});
    assertThatThrownBy(() -> rooms.recoverSocket(fresh, "forged", null))
        .isInstanceOfSatisfying(
            Refusal.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.SESSION_EXPIRED));
    assertThat(fresh.rooms()).isEmpty();

    rooms.keepForRecovery(fresh, new Nickname("kim"), "pid-of-kim");
    rooms.keepForRecovery(fresh, new Nickname("kim"), "pid-of-kim");
    assertThat(calls).containsExactly("opened pid-of-kim kim");
    assertThat(fresh.session()).isEqualTo("pid-of-kim");
  }

  @Test
  void aTakerKickedBeforeTheRegistrysAnswerArrivesIsNotPutBackInTheRoom() {
    List<Broadcast> heard = new ArrayList<>();
    Connection fresh = rooms.connect((broadcast, toOrigin) -> heard.add(broadcast));

    rooms.recoverSocket(fresh, "pid-kicked", "9");

    assertThat(fresh.rooms()).as("kicked while its recovery was on its way").isEmpty();
    assertThat(fresh.inNoRoom()).isTrue();
    assertThat(heard).extracting(Broadcast::position).containsExactly(12L, 13L);
  }
}
