package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.domain.RoomId;
import dev.socketchat.testing.RecordingFanOut;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventRelayTest {
  private static final RoomId ROOM = new RoomId(7);
  private static final ConnectionId OWNER = new ConnectionId("frozen:1");
  private static final ConnectionId GUEST = new ConnectionId("frozen:2");
  private static final ConnectionId OTHER = new ConnectionId("frozen:3");

  private final RecordingFanOut fanOut = new RecordingFanOut();
  private final EventRelay relay = new EventRelay(fanOut, new Journal(), "frozen");

  @AfterEach
  void close() {
    relay.close();
  }

  @Test
  void aDeletionTheResyncToldIsNotToldAgainWhenTheEventThatAnnouncedItArrives() {
    relay.received(deletedJson(1));
    relay.local(localDeletion());
    relay.local(marker());

    assertThat(fanOut.take(2, RecordingFanOut.WAIT)).extracting(RoomEvent::getClass)
        .containsExactly(RoomDeleted.class, ChatPosted.class);
  }

  @Test
  void aDeletionAnnouncedByAnEventIsNotToldAgainWhenItArrivesAfterTheResyncToldIt() {
    relay.local(localDeletion());
    relay.received(deletedJson(1));
    relay.local(marker());

    assertThat(fanOut.take(2, RecordingFanOut.WAIT)).extracting(RoomEvent::getClass)
        .containsExactly(RoomDeleted.class, ChatPosted.class);
  }

  @Test
  void aDropIsToldOnceAndADropOfAnotherConnectionFromTheSameRoomIsToldToo() {
    relay.received(
        "{\"epoch\":\"e1\",\"seq\":1,\"kind\":\"MEMBER_LEFT\",\"id\":7,\"name\":\"guest\",\"dropped\":true,"
            + "\"members\":1,\"conn\":\"" + GUEST.value() + "\",\"roomSeq\":4}");
    relay.local(new MemberLeft(ROOM, new Nickname("guest"), true, MemberLeft.UNKNOWN, Origin.of(GUEST)));
    relay.local(new MemberLeft(ROOM, new Nickname("other"), true, MemberLeft.UNKNOWN, Origin.of(OTHER)));
    relay.local(marker());

    List<RoomEvent> told = fanOut.take(3, RecordingFanOut.WAIT);
    assertThat(told).extracting(event -> event.origin().connection()).containsExactly(GUEST, OTHER, OWNER);
    assertThat(((MemberLeft) told.get(0)).members()).as("the event's own count, not the notice's").isEqualTo(1);
  }

  @Test
  void aMembersOwnExitsAreEachTold() {
    relay.local(new MemberLeft(ROOM, new Nickname("guest"), false, 2, Origin.of(GUEST)));
    relay.local(new MemberLeft(ROOM, new Nickname("guest"), false, 2, Origin.of(GUEST)));
    relay.local(marker());

    assertThat(fanOut.take(3, RecordingFanOut.WAIT)).extracting(RoomEvent::getClass)
        .containsExactly(MemberLeft.class, MemberLeft.class, ChatPosted.class);
  }

  private static String deletedJson(long seq) {
    return "{\"epoch\":\"e1\",\"seq\":" + seq + ",\"kind\":\"ROOM_DELETED\",\"id\":7,\"owner\":\"owner\","
        + "\"ownerLeft\":true,\"dropped\":true,\"conn\":\"" + OWNER.value() + "\",\"roomSeq\":5}";
  }

  private static RoomDeleted localDeletion() {
    return new RoomDeleted(ROOM, new Nickname("owner"), true, true, Origin.of(OWNER));
  }

  /** An event after the others: the relay hands events over in order, so once it is told, they all were. */
  private static ChatPosted marker() {
    return new ChatPosted(
        new RoomId(8), new Nickname("owner"), new MessageText("after"), 1, Instant.EPOCH, Origin.of(OWNER), 0);
  }
}
