package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.RoomEvent.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lobby (connections in no room that hear of new rooms), renaming, and what a connection that has left a room is
 * in while its exit is still on its way, as on a cluster node where the registry's events arrive later.
 */
class RoomManagerLobbyTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

  /** The registry's events, held until the test lets them reach the node: the delay of a Redis round trip. */
  private static final class HeldEvents implements FanOut {
    private final FanOut node;
    private final List<RoomEvent> held = new ArrayList<>();
    private boolean holding;

    HeldEvents(FanOut node) {
      this.node = node;
    }

    @Override
    public synchronized void deliver(RoomEvent event) {
      if (holding) {
        held.add(event);
      } else {
        node.deliver(event);
      }
    }

    synchronized void hold() {
      holding = true;
    }

    synchronized void release() {
      holding = false;
      held.forEach(node::deliver);
      held.clear();
    }
  }

  private HeldEvents events;
  private final RoomManager rooms =
      new RoomManager(
          node -> {
            events = new HeldEvents(node);
            return new InMemoryRoomRegistry(events);
          },
          CLOCK);

  private record Client(Connection connection, RecordingRecipient inbox) {}

  private Client watcher() {
    RecordingRecipient inbox = new RecordingRecipient();
    Connection connection = rooms.connect(inbox);
    rooms.watchLobby(connection);
    return new Client(connection, inbox);
  }

  private RoomId create(Client owner, String name) {
    rooms.create(owner.connection(), new Nickname(name), new RoomName("room of " + name), null);
    return (RoomId) owner.inbox().take().get(0).event().room();
  }

  @Test
  void aWatcherInNoRoomHearsOfEveryNewRoomAndOneInARoomDoesNot() {
    Client lobby = watcher();
    Client member = watcher();
    RoomId first = create(member, "member");
    assertThat(lobby.inbox().take()).singleElement().satisfies(delivery -> {
      assertThat(delivery.event().room()).isEqualTo(first);
      assertThat(delivery.toOrigin()).isFalse();
    });
    Client unwatched = new Client(rooms.connect(new RecordingRecipient()), new RecordingRecipient());
    create(watcher(), "another");
    assertThat(lobby.inbox().kinds()).containsExactly(Kind.ROOM_CREATED);
    assertThat(member.inbox().take()).isEmpty();
    assertThat(unwatched.inbox().take()).isEmpty();
  }

  @Test
  void aWatcherInNoRoomHearsOfEveryRoomThatEndsWhetherDeletedOrLeftByItsOwner() {
    Client lobby = watcher();
    Client owner = watcher();
    RoomId deleted = create(owner, "owner");
    rooms.delete(owner.connection(), new Nickname("owner"), deleted, null);
    assertThat(owner.inbox().kinds())
        .as("the owner hears of its room's end as its member, not again as the lobby")
        .containsExactly(Kind.ROOM_DELETED);
    RoomId left = create(owner, "owner");
    rooms.exit(owner.connection(), new Nickname("owner"), left, null);
    assertThat(owner.inbox().kinds()).containsExactly(Kind.ROOM_DELETED);
    assertThat(lobby.inbox().take())
        .extracting(delivery -> delivery.event().kind(), delivery -> delivery.event().room())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.ROOM_CREATED, deleted),
            org.assertj.core.groups.Tuple.tuple(Kind.ROOM_DELETED, deleted),
            org.assertj.core.groups.Tuple.tuple(Kind.ROOM_CREATED, left),
            org.assertj.core.groups.Tuple.tuple(Kind.ROOM_DELETED, left));
  }

  @Test
  void aConnectionThatLeftIsOutAtOnceButInTheLobbyOnlyOnceItsExitHasArrived() {
    Client owner = watcher();
    RoomId room = create(owner, "owner");
    Client guest = watcher();
    owner.inbox().take();
    rooms.join(guest.connection(), new Nickname("guest"), room, null);
    guest.inbox().take();
    owner.inbox().take();

    events.hold();
    rooms.create(watcher().connection(), new Nickname("early"), new RoomName("early"), null); // held: nobody has it yet
    rooms.exit(guest.connection(), new Nickname("guest"), room, null);
    assertThat(guest.connection().rooms()).as("out as soon as the registry accepted the exit").isEmpty();
    events.release();

    assertThat(guest.inbox().kinds())
        .as("the room made before the exit arrived was no news of the lobby's; the exit was")
        .containsExactly(Kind.MEMBER_LEFT);
    create(watcher(), "late");
    assertThat(guest.inbox().kinds()).containsExactly(Kind.ROOM_CREATED);
  }

  @Test
  void aConnectionThatDropsWhileItsExitIsOnItsWayLeavesNoSeatBehind() {
    Client owner = watcher();
    RoomId room = create(owner, "owner");
    Client guest = watcher();
    rooms.join(guest.connection(), new Nickname("guest"), room, null);
    events.hold();
    rooms.exit(guest.connection(), new Nickname("guest"), room, null);
    rooms.disconnect(guest.connection());
    assertThat(rooms.status().seats()).as("the owner's only").isEqualTo(1);
    events.release();
    assertThat(rooms.status().seats()).isEqualTo(1);
    assertThat(guest.inbox().kinds()).doesNotContain(Kind.MEMBER_LEFT);
  }

  @Test
  void aNameChangesInTheLobbyButNotInARoom() {
    Client person = watcher();
    rooms.rename(person.connection(), new Nickname("first"));
    rooms.rename(person.connection(), new Nickname("second"));
    RoomId room = create(person, "second");
    assertThatThrownBy(() -> rooms.rename(person.connection(), new Nickname("third")))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.USER_MISMATCH));
    rooms.rename(person.connection(), new Nickname("second"));
    rooms.exit(person.connection(), new Nickname("second"), room, null);
    rooms.rename(person.connection(), new Nickname("third"));
    assertThat(person.connection().name()).isEqualTo(new Nickname("third"));
  }

  @Test
  void aWatcherThatDroppedIsForgotten() {
    Client gone = watcher();
    rooms.disconnect(gone.connection());
    rooms.watchLobby(gone.connection()); // a request that raced the drop
    create(watcher(), "after");
    assertThat(gone.inbox().take()).isEmpty();
  }

  @Test
  void aConnectionThatComesBackBeforeItsExitArrivedIsInTheRoomAgainAndMissesNothingAfterItsReturn() {
    Client owner = watcher();
    RoomId room = create(owner, "owner");
    Client guest = watcher();
    Nickname name = new Nickname("guest");
    rooms.join(guest.connection(), name, room, null);
    guest.inbox().take();
    owner.inbox().take();

    events.hold();
    rooms.exit(guest.connection(), name, room, null);
    rooms.say(owner.connection(), new Nickname("owner"), room, new MessageText("while away"), null);
    rooms.join(guest.connection(), name, room, null);
    assertThat(guest.connection().rooms()).containsExactly(room);
    events.release();
    assertThat(guest.inbox().take())
        .extracting(delivery -> delivery.event().kind(), RecordingRecipient.Delivery::toOrigin)
        .as("its exit, then its return; not what was said while it was out")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.MEMBER_LEFT, true),
            org.assertj.core.groups.Tuple.tuple(Kind.MEMBER_JOINED, true));

    rooms.say(owner.connection(), new Nickname("owner"), room, new MessageText("welcome back"), null);
    assertThat(guest.inbox().kinds()).containsExactly(Kind.CHAT_POSTED);
    assertThat(rooms.status().seats()).isEqualTo(2);
  }

  @Test
  void leavingComingBackAndLeavingAgainBeforeAnyOfItArrivedLeavesNoSeat() {
    Client owner = watcher();
    RoomId room = create(owner, "owner");
    Client guest = watcher();
    Nickname name = new Nickname("guest");
    rooms.join(guest.connection(), name, room, null);
    events.hold();
    rooms.exit(guest.connection(), name, room, null);
    rooms.join(guest.connection(), name, room, null);
    rooms.exit(guest.connection(), name, room, null);
    assertThatThrownBy(() -> rooms.exit(guest.connection(), name, room, null))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.NOT_MEMBER));
    events.release();
    assertThat(guest.connection().rooms()).isEmpty();
    assertThat(rooms.status().seats()).as("the owner's only").isEqualTo(1);
  }

  @Test
  void aRefusedReturnLeavesTheExitToTakeTheSeat() {
    Client owner = watcher();
    RoomId room = create(owner, "owner");
    Client guest = watcher();
    rooms.join(guest.connection(), new Nickname("guest"), room, null);
    events.hold();
    rooms.exit(guest.connection(), new Nickname("guest"), room, null);
    Client twin = watcher();
    rooms.join(twin.connection(), new Nickname("guest"), room, null); // takes the name the guest gave up
    assertThatThrownBy(() -> rooms.join(guest.connection(), new Nickname("guest"), room, null))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.NAME_TAKEN));
    events.release();
    assertThat(guest.inbox().kinds()).contains(Kind.MEMBER_LEFT);
    assertThat(guest.connection().rooms()).isEmpty();
    assertThat(rooms.status().seats()).as("the owner's and the twin's").isEqualTo(2);
  }

  @Test
  void aMoveAnnouncedIsOneRequestAndOneRefusedForItsRateLeavesThePageWhereItWas() {
    RoomManager limited =
        new RoomManager(InMemoryRoomRegistry::new, CLOCK, new FloodLimits(0.001, 2, 0.001, 1, 3), RoomLimits.NONE);
    RecordingRecipient inbox = new RecordingRecipient();
    Connection page = limited.connect(inbox);
    Nickname name = new Nickname("page");
    RoomKey lounge = new RoomKey("lounge");
    limited.move(page, name, lounge, new Announcement(Announcement.Kind.ENTRY, name, null));
    assertThat(page.rooms()).containsExactly(lounge);
    assertThat(inbox.kinds()).containsExactly(Kind.MEMBER_JOINED, Kind.ANNOUNCED);

    RoomKey patio = new RoomKey("patio");
    assertThatThrownBy(() -> limited.move(page, name, patio, new Announcement(Announcement.Kind.ENTRY, name, 3)))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.RATE_LIMITED));
    assertThat(page.rooms()).as("refused before it left").containsExactly(lounge);
    assertThat(inbox.kinds()).as("nothing happened").isEmpty();
  }

  @Test
  void aConnectionOverItsLimitsIsRefusedAndFloodsAfterRefusalsInARowWhateverElseItSendsBetween() {
    RoomManager limited =
        new RoomManager(InMemoryRoomRegistry::new, CLOCK, new FloodLimits(0.001, 2, 0.001, 3, 3), RoomLimits.NONE);
    Connection owner = limited.connect(new RecordingRecipient());
    Nickname name = new Nickname("owner");
    limited.create(owner, name, new RoomName("limits"), null);
    RoomId room = (RoomId) owner.rooms().iterator().next();
    limited.say(owner, name, room, new MessageText("one"), null);
    limited.say(owner, name, room, new MessageText("two"), null);
    for (int refusal = 1; refusal <= 3; refusal++) {
      assertThatThrownBy(() -> limited.say(owner, name, room, new MessageText("three"), null))
          .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.RATE_LIMITED));
      assertThat(owner.flooding()).isEqualTo(refusal == 3);
    }
    limited.rooms(owner);
    assertThat(owner.flooding())
        .as("a request of the other kind let through between bursts ends no run: the messages did not slow down")
        .isTrue();
    limited.exit(owner, name, room, null); // leaving is never limited
  }

  @Test
  void aConnectionOwnsAndSitsInOnlySoManyRoomsAndTheServerHoldsOnlySoMany() {
    RoomManager limited = new RoomManager(InMemoryRoomRegistry::new, CLOCK, FloodLimits.NONE, new RoomLimits(2, 3, 4));
    Connection first = limited.connect(new RecordingRecipient());
    Nickname name = new Nickname("first");
    limited.create(first, name, new RoomName("a"), null);
    limited.create(first, name, new RoomName("b"), null);
    assertTooMany(() -> limited.create(first, name, new RoomName("c"), null));
    limited.delete(first, name, limited.rooms().get(0).id(), null);
    limited.create(first, name, new RoomName("c"), null); // deleting one made room for another

    Connection second = limited.connect(new RecordingRecipient());
    Nickname other = new Nickname("second");
    limited.create(second, other, new RoomName("d"), null);
    limited.create(second, other, new RoomName("e"), null);
    Connection third = limited.connect(new RecordingRecipient());
    assertTooMany(() -> limited.create(third, new Nickname("third"), new RoomName("f"), null)); // four on the server

    List<RoomId> firsts =
        limited.rooms().stream().filter(room -> room.owner().equals(name)).map(RoomSummary::id).toList();
    limited.join(second, other, firsts.get(0), null);
    assertTooMany(() -> limited.join(second, other, firsts.get(1), null)); // in three rooms already
  }

  @Test
  void aCreateTheRoomsHeldRefuseIsKnownBeforeTheRoomItWouldLeaveAndOnlyAHostsLeaveMakesRoom() {
    RoomManager limited = new RoomManager(InMemoryRoomRegistry::new, CLOCK, FloodLimits.NONE, new RoomLimits(1, 3, 2));
    Connection host = limited.connect(new RecordingRecipient());
    limited.create(host, new Nickname("host"), new RoomName("a"), null);
    limited.create(limited.connect(new RecordingRecipient()), new Nickname("other"), new RoomName("b"), null);
    RoomId room = limited.rooms().get(0).id();
    Connection member = limited.connect(new RecordingRecipient());
    limited.join(member, new Nickname("member"), room, null);

    assertTooMany(() -> limited.requireRoomToCreate(member, room)); // leaving its seat would free no room
    assertThat(limited.status().seats()).as("the member still sits in the room").isEqualTo(3);
    limited.requireRoomToCreate(host, room); // its leave ends the room, which makes room for the new one
    Nickname name = new Nickname("host");
    limited.create(host, name, new RoomName("c"), null, () -> limited.exit(host, name, room, null));
    assertThat(limited.rooms()).extracting(summary -> summary.name().value()).containsExactlyInAnyOrder("b", "c");
  }

  private static void assertTooMany(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.TOO_MANY_ROOMS));
  }
}
