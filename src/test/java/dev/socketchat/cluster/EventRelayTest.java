package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.domain.RoomId;
import dev.socketchat.testing.RecordingFanOut;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventRelayTest {
  private static final RoomId ROOM = new RoomId(7);
  private static final ConnectionId OWNER = new ConnectionId("frozen:1");
  private static final ConnectionId GUEST = new ConnectionId("frozen:2");
  private static final ConnectionId OTHER = new ConnectionId("frozen:3");
  private static final ConnectionId NEWCOMER = new ConnectionId("other:1");

  private final RecordingFanOut fanOut = new RecordingFanOut();
  private final EventRelay relay = new EventRelay(fanOut, new Journal(), "frozen");

  @AfterEach
  void close() {
    relay.close();
  }

  @Test
  void aDeletionTheResyncToldIsNotToldAgainWhenTheEventThatAnnouncedItArrives() {
    relay.received(deleted("e1", 1, OWNER));
    relay.localDeletion(localDeletion(), OWNER);
    relay.received(marker("e1", 2));

    assertThat(kinds(2)).containsExactly(RoomDeleted.class, ChatPosted.class);
  }

  @Test
  void aDeletionAnnouncedByAnEventIsNotToldAgainWhenItArrivesAfterTheResyncToldIt() {
    relay.localDeletion(localDeletion(), OWNER);
    relay.received(deleted("e1", 1, OWNER));
    relay.received(marker("e1", 2));

    assertThat(kinds(2)).containsExactly(RoomDeleted.class, ChatPosted.class);
  }

  @Test
  void aDropIsToldOnceAndADropOfAnotherConnectionFromTheSameRoomIsToldToo() {
    relay.received(left(1, GUEST, true));
    relay.localDrop(new MemberLeft(ROOM, new Nickname("guest"), true, MemberLeft.UNKNOWN, Origin.of(GUEST)));
    relay.localDrop(new MemberLeft(ROOM, new Nickname("other"), true, MemberLeft.UNKNOWN, Origin.of(OTHER)));
    relay.received(marker("e1", 2));

    List<RoomEvent> told = fanOut.take(3, RecordingFanOut.WAIT);
    assertThat(told).extracting(event -> event.origin().connection()).containsExactly(GUEST, OTHER, OWNER);
    assertThat(((MemberLeft) told.get(0)).members()).as("the event's own count, not the notice's").isEqualTo(1);
  }

  @Test
  void onlyTheResyncsNoticeAndTheEventMakeAPairTwoEventsAreBothTold() {
    relay.received(deleted("e1", 1, OWNER));
    relay.received(deleted("e1", 2, OWNER));
    relay.localDeletion(localDeletion(), OWNER);
    relay.received(marker("e1", 3));

    assertThat(kinds(3)).containsExactly(RoomDeleted.class, RoomDeleted.class, ChatPosted.class);
  }

  @Test
  void aNewRoomUnderTheNumberOfOneDeletedBeforeRedisLostItsDataIsToldOfItsOwnDeletion() {
    relay.received(deleted("e1", 1, OWNER));
    relay.received(
        "{\"epoch\":\"e2\",\"seq\":1,\"kind\":\"ROOM_CREATED\",\"id\":7,\"roomName\":\"new\",\"owner\":\"newcomer\","
            + "\"conn\":\"" + OWNER.value() + "\",\"roomSeq\":1}");
    relay.received(deleted("e2", 2, OWNER));
    relay.received(marker("e2", 3));

    assertThat(kinds(4)).containsExactly(RoomDeleted.class, RoomCreated.class, RoomDeleted.class, ChatPosted.class);
  }

  @Test
  void theResyncsDeletionOfARoomIsNotTakenForTheDeletionOfAnotherRoomUnderTheSameNumber() {
    relay.localDeletion(localDeletion(), OWNER);
    relay.received(deleted("e1", 1, NEWCOMER));
    relay.received(marker("e1", 2));

    assertThat(kinds(3)).containsExactly(RoomDeleted.class, RoomDeleted.class, ChatPosted.class);
  }

  @Test
  void aMembersOwnExitsAreEachTold() {
    relay.received(left(1, GUEST, false));
    relay.received(left(2, GUEST, false));
    relay.received(marker("e1", 3));

    assertThat(kinds(3)).containsExactly(MemberLeft.class, MemberLeft.class, ChatPosted.class);
  }

  private List<Class<?>> kinds(int count) {
    return fanOut.take(count, RecordingFanOut.WAIT).stream().<Class<?>>map(RoomEvent::getClass).toList();
  }

  private static RoomDeleted localDeletion() {
    return new RoomDeleted(ROOM, new Nickname("owner"), true, true, Origin.of(OWNER));
  }

  /** Room 7's deletion as published, the owner's connection its origin. */
  private static String deleted(String epoch, long seq, ConnectionId owner) {
    return "{\"epoch\":\"" + epoch + "\",\"seq\":" + seq + ",\"kind\":\"ROOM_DELETED\",\"id\":7,\"owner\":\"owner\","
        + "\"ownerLeft\":true,\"dropped\":true,\"conn\":\"" + owner.value() + "\",\"roomSeq\":5}";
  }

  private static String left(long seq, ConnectionId member, boolean dropped) {
    return "{\"epoch\":\"e1\",\"seq\":" + seq + ",\"kind\":\"MEMBER_LEFT\",\"id\":7,\"name\":\"guest\",\"dropped\":"
        + dropped + ",\"members\":1,\"conn\":\"" + member.value() + "\",\"roomSeq\":" + (3 + seq) + "}";
  }

  /** An event after the others: the relay hands events over in order, so once it is told, they all were. */
  private static String marker(String epoch, long seq) {
    return "{\"epoch\":\"" + epoch + "\",\"seq\":" + seq + ",\"kind\":\"CHAT_POSTED\",\"id\":8,\"name\":\"owner\","
        + "\"text\":\"after\",\"members\":1,\"time\":\"2026-12-06T00:00:00Z\",\"conn\":\"" + OWNER.value()
        + "\",\"roomSeq\":1}";
  }
}
