package dev.socketchat.domain;

import static dev.socketchat.domain.SessionEvents.chat;
import static org.assertj.core.api.Assertions.assertThat;

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
