package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
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
}
