package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalMembersTest {
  private static final RoomId ROOM = new RoomId(7);
  private final LocalMembers members = new LocalMembers(new LobbyFeed(LobbyFeed.WINDOW));
  private final RecordingRecipient ownerInbox = new RecordingRecipient();
  private final RecordingRecipient guestInbox = new RecordingRecipient();
  private final Connection owner = seated("n:1", ownerInbox);
  private final Connection guest = seated("n:2", guestInbox);

  private Connection seated(String id, RecordingRecipient inbox) {
    Connection connection = new Connection(new ConnectionId(id), inbox, FloodLimits.NONE);
    members.reserve(ROOM, connection);
    return connection;
  }

  private void created() {
    members.deliver(new RoomCreated(ROOM, new RoomName("r"), new Nickname("owner"), Origin.of(owner.id())));
    members.deliver(
        new RoomEvent.MemberJoined(ROOM, new Nickname("guest"), null, Origin.of(guest.id())));
  }

  @Test
  void anOpenConnectionTheRegistryDroppedFromARoomIsEvictedAndLosesItsSeat() {
    created();
    members.deliver(new MemberLeft(ROOM, new Nickname("guest"), true, MemberLeft.UNKNOWN, Origin.of(guest.id())));
    assertThat(guestInbox.evictions()).isOne();
    assertThat(guest.isIn(ROOM)).isFalse();
    assertThat(ownerInbox.evictions()).isZero();
    assertThat(members.seats()).isOne();
  }

  @Test
  void anOpenOwnerTheRegistryDroppedIsEvictedWhileTheOthersAreToldTheRoomIsGone() {
    created();
    guestInbox.take();
    members.deliver(new RoomDeleted(ROOM, new Nickname("owner"), true, true, Origin.of(owner.id())));
    assertThat(ownerInbox.evictions()).isOne();
    assertThat(guestInbox.evictions()).isZero();
    assertThat(guestInbox.kinds()).containsExactly(RoomEvent.Kind.ROOM_DELETED);
    assertThat(members.seats()).isZero();
  }

  @Test
  void aConnectionThatClosedBeforeItsDropIsNotEvicted() {
    created();
    guest.close();
    members.deliver(new MemberLeft(ROOM, new Nickname("guest"), true, MemberLeft.UNKNOWN, Origin.of(guest.id())));
    assertThat(guestInbox.evictions()).isZero();
    assertThat(members.seats()).isOne();
  }

  @Test
  void anExitTheConnectionAskedForIsNoEviction() {
    created();
    members.leaving(ROOM, guest);
    members.deliver(new MemberLeft(ROOM, new Nickname("guest"), false, MemberLeft.UNKNOWN, Origin.of(guest.id())));
    assertThat(guestInbox.evictions()).isZero();
    assertThat(guest.isIn(ROOM)).isFalse();
  }

  @Test
  void aKickedMemberHearsOfItsKickWithItsSeatAlreadyGoneSoItsReturnMeetsTheBanNotItsOldSeat() {
    AtomicReference<Connection> spammer = new AtomicReference<>();
    AtomicBoolean seatFreeWhenTold = new AtomicBoolean();
    AtomicInteger kicksHeard = new AtomicInteger();
    Recipient rejoinsOnHearing =
        (broadcast, toOrigin) -> {
          if (broadcast.event() instanceof MemberKicked && !toOrigin) {
            kicksHeard.incrementAndGet();
            // its client answers the kick with a join, handled (and refused by the ban) before this delivery returns
            seatFreeWhenTold.set(members.reserve(ROOM, spammer.get()));
            members.withdraw(ROOM, spammer.get());
          }
        };
    spammer.set(new Connection(new ConnectionId("n:3"), rejoinsOnHearing, FloodLimits.NONE));
    members.reserve(ROOM, spammer.get());
    created();
    members.deliver(new RoomEvent.MemberJoined(ROOM, new Nickname("spammer"), null, Origin.of(spammer.get().id())));

    members.deliver(
        new MemberKicked(
            ROOM,
            new Nickname("spammer"),
            spammer.get().id(),
            new Nickname("owner"),
            null,
            2,
            Origin.of(owner.id()),
            3));

    assertThat(kicksHeard).as("the kicked one hears of its kick once").hasValue(1);
    assertThat(seatFreeWhenTold).isTrue();
    assertThat(spammer.get().isIn(ROOM)).isFalse();
    assertThat(ownerInbox.kinds()).endsWith(RoomEvent.Kind.MEMBER_KICKED);
    assertThat(guestInbox.kinds()).endsWith(RoomEvent.Kind.MEMBER_KICKED);
    assertThat(members.seats()).isEqualTo(2);
  }

  @Test
  void theMembersOfAnEndedRoomHearOfItsEndWithTheirSeatsAlreadyGone() {
    AtomicReference<Connection> member = new AtomicReference<>();
    AtomicBoolean seatFreeWhenTold = new AtomicBoolean();
    Recipient rejoinsOnHearing =
        (broadcast, toOrigin) -> {
          if (broadcast.event() instanceof RoomDeleted) {
            seatFreeWhenTold.set(!member.get().isIn(ROOM) && members.reserve(ROOM, member.get()));
            members.withdraw(ROOM, member.get());
          }
        };
    member.set(new Connection(new ConnectionId("n:3"), rejoinsOnHearing, FloodLimits.NONE));
    members.reserve(ROOM, member.get());
    created();
    members.deliver(new RoomEvent.MemberJoined(ROOM, new Nickname("member"), null, Origin.of(member.get().id())));

    members.deliver(new RoomDeleted(ROOM, new Nickname("owner"), false, false, Origin.of(owner.id())));

    assertThat(seatFreeWhenTold).isTrue();
    assertThat(guestInbox.kinds()).endsWith(RoomEvent.Kind.ROOM_DELETED);
    assertThat(members.seats()).isZero();
  }

  @Test
  void anExitArrivingWhileItsConnectionComesBackLeavesTheSeatAndThePlaceInAgreement() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20_000; round++) {
        RoomId room = new RoomId(1_000 + round);
        Connection back =
            new Connection(new ConnectionId("n:" + (10 + round)), (broadcast, toOrigin) -> {}, FloodLimits.NONE);
        members.reserve(room, back);
        members.deliver(new RoomEvent.MemberJoined(room, new Nickname("lee"), null, Origin.of(back.id())));
        members.leaving(room, back);
        CountDownLatch go = new CountDownLatch(1);
        Future<?> exit =
            pool.submit(
                () -> {
                  go.await();
                  members.deliver(
                      new MemberLeft(room, new Nickname("lee"), false, MemberLeft.UNKNOWN, Origin.of(back.id())));
                  return null;
                });
        Future<Boolean> comesBack =
            pool.submit(
                () -> {
                  go.await();
                  return members.reserve(room, back);
                });
        go.countDown();
        exit.get(10, TimeUnit.SECONDS);
        assertThat(comesBack.get(10, TimeUnit.SECONDS)).isTrue();

        assertThat(back.isIn(room)).as("round %d: in the room, as its seat says", round).isEqualTo(members.seats() > 2);
        members.release(room, back);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
