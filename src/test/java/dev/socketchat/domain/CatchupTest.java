package dev.socketchat.domain;

import static dev.socketchat.domain.SessionEvents.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.RoomEvent.RoomDeleted;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatchupTest {
  private static final RoomId ROOM = new RoomId(3);

  @Test
  void holdsLiveEventsUntilReleasedThenPassesThoseTheReplayDidNotGive() {
    RecordingRecipient transport = new RecordingRecipient();
    Catchup catchup = new Catchup(transport);
    catchup.deliver(new Broadcast(chat(ROOM, 5)), false);
    catchup.deliver(new Broadcast(chat(ROOM, 6)), false);
    catchup.deliver(new Broadcast(chat(new RoomKey("open"), 0)), false);
    assertThat(transport.take()).as("nothing before the replay is written").isEmpty();

    catchup.release(Map.of(ROOM, 5L), Set.of(ROOM));
    catchup.deliver(new Broadcast(chat(ROOM, 7)), false);

    assertThat(transport.take()).extracting(delivery -> delivery.event().seq()).containsExactly(6L, 0L, 7L);
  }

  @Test
  void passesOverTheReplayedEventsOfALiveRoomThatReachItOnlyAfterTheRelease() {
    RecordingRecipient transport = new RecordingRecipient();
    Catchup catchup = new Catchup(transport);
    catchup.deliver(new Broadcast(chat(ROOM, 4)), false);

    catchup.release(Map.of(ROOM, 6L), Set.of(ROOM));
    assertThat(catchup.caughtUp()).as("5 and 6 are still on their way").isFalse();
    catchup.deliver(new Broadcast(chat(ROOM, 5)), false);
    catchup.deliver(new Broadcast(chat(ROOM, 6)), false);
    catchup.deliver(new Broadcast(chat(ROOM, 7)), false);

    assertThat(transport.take()).extracting(delivery -> delivery.event().seq()).containsExactly(7L);
    assertThat(catchup.caughtUp()).isTrue();
  }

  @Test
  void aRoomThatEndedIsNoLongerCheckedSoARoomGivenItsNumberLaterReachesTheTransportWhole() {
    RecordingRecipient transport = new RecordingRecipient();
    Catchup catchup = new Catchup(transport);
    catchup.release(Map.of(ROOM, 40L), Set.of(ROOM));

    // Redis lost its data: the node tells its members the room is gone (unnumbered), and a room created afterwards
    // on a node that never heard of it may get the same number, its events numbered from 1 again
    Origin redis = Origin.of(new ConnectionId("n:redis"));
    catchup.deliver(new Broadcast(new RoomDeleted(ROOM, new Nickname("kim"), false, true, redis)), false);
    catchup.deliver(new Broadcast(chat(ROOM, 2)), true);
    catchup.deliver(new Broadcast(chat(ROOM, 3)), false);

    assertThat(transport.take()).extracting(delivery -> delivery.event().seq()).containsExactly(0L, 2L, 3L);
  }

  @Test
  void aHeldEventIsRenderedForTheTransportAloneNotThroughTheSharedBroadcast() {
    RecordingRecipient transport = new RecordingRecipient();
    Catchup catchup = new Catchup(transport);
    Broadcast shared = new Broadcast(chat(ROOM, 5));
    catchup.deliver(shared, false);
    Object renderedForOthers = shared.frame(RecordingRecipient.RENDER);

    catchup.release(Map.of(), Set.of());

    assertThat(transport.take())
        .singleElement()
        .satisfies(delivery -> assertThat(delivery.shared()).isNotSameAs(renderedForOthers));
  }
}
