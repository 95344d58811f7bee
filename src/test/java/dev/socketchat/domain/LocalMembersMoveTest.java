package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A session taken over by another connection: the fan-out moves its seat silently, at the move's place in the room. */
class LocalMembersMoveTest {
  private static final RoomId ROOM = new RoomId(7);
  private static final RoomId OTHER = new RoomId(8);
  private final Map<ConnectionId, Connection> local = new ConcurrentHashMap<>();
  private final List<Connection> movedAway = new ArrayList<>();
  private final LocalMembers members =
      new LocalMembers(new LobbyFeed(LobbyFeed.WINDOW), local::get, movedAway::add);
  private final RecordingRecipient ownerInbox = new RecordingRecipient();
  private final Connection owner = connection("a:1", ownerInbox);

  private Connection connection(String id, Recipient recipient) {
    Connection connection = new Connection(new ConnectionId(id), recipient, FloodLimits.NONE);
    local.put(connection.id(), connection);
    return connection;
  }

  private void chat(String text) {
    members.deliver(
        new ChatPosted(ROOM, new Nickname("owner"), new MessageText(text), 2, Instant.EPOCH, Origin.of(owner.id())));
  }

  @Test
  void theOldSeatGoesSilentlyAndTheNewConnectionGetsEverythingAfterTheMove() {
    RecordingRecipient oldInbox = new RecordingRecipient();
    Connection old = connection("a:2", oldInbox);
    RecordingRecipient newInbox = new RecordingRecipient();
    Connection taker = connection("a:3", newInbox);
    for (RoomId room : List.of(ROOM, OTHER)) {
      members.reserve(room, owner);
      members.reserve(room, old);
      members.deliver(new RoomCreated(room, new RoomName("r"), new Nickname("owner"), Origin.of(owner.id())));
      members.deliver(new MemberJoined(room, new Nickname("guest"), null, Origin.of(old.id())));
    }
    oldInbox.take();
    ownerInbox.take();

    chat("before");
    members.moved(ROOM, old.id(), taker.id());
    chat("after");

    assertThat(oldInbox.take()).extracting(d -> ((ChatPosted) d.event()).text().value()).containsExactly("before");
    assertThat(newInbox.take()).extracting(d -> ((ChatPosted) d.event()).text().value()).containsExactly("after");
    assertThat(ownerInbox.kinds()).containsOnly(RoomEvent.Kind.CHAT_POSTED).hasSize(2);
    assertThat(taker.isIn(ROOM)).isTrue();
    assertThat(old.isIn(ROOM)).isFalse();
    assertThat(movedAway).as("told only once its last seat went").isEmpty();

    members.moved(OTHER, old.id(), taker.id());
    assertThat(movedAway).containsExactly(old);
    assertThat(members.seats()).isEqualTo(4);
  }

  @Test
  void aNodeWithNeitherConnectionOnlyLetsTheOldSeatGo() {
    Connection elsewhere = new Connection(new ConnectionId("b:9"), new RecordingRecipient(), FloodLimits.NONE);
    members.reserve(ROOM, owner);
    members.deliver(new RoomCreated(ROOM, new RoomName("r"), new Nickname("owner"), Origin.of(owner.id())));
    members.moved(ROOM, new ConnectionId("c:1"), elsewhere.id());
    assertThat(members.seats()).isOne();
    assertThat(movedAway).isEmpty();
  }

  @Test
  void aSessionMovedInNoRoomEndsItsOldConnectionOnceItsRoomsEnded() {
    Connection old = connection("a:2", new RecordingRecipient());
    members.reserve(ROOM, owner);
    members.reserve(ROOM, old);
    members.deliver(new RoomCreated(ROOM, new RoomName("r"), new Nickname("owner"), Origin.of(owner.id())));
    members.deliver(new MemberJoined(ROOM, new Nickname("guest"), null, Origin.of(old.id())));
    members.deliver(
        new RoomEvent.RoomDeleted(ROOM, new Nickname("owner"), false, false, Origin.of(owner.id()), 3));

    members.sessionMoved(old.id());

    assertThat(movedAway).containsExactly(old);
    assertThat(members.seats()).isZero();
  }

  @Test
  void aSessionMovedInNoRoomLeavesAConnectionThatStillHasASeatAndIgnoresOnesOfOtherNodes() {
    Connection seated = connection("a:2", new RecordingRecipient());
    members.reserve(ROOM, seated);
    members.sessionMoved(seated.id());
    members.sessionMoved(new ConnectionId("b:9"));
    assertThat(movedAway).isEmpty();
    assertThat(seated.isIn(ROOM)).isTrue();
  }
}
