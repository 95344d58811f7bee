package dev.socketchat.domain;

import static dev.socketchat.domain.SessionEvents.chat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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

    catchup.release(Map.of(ROOM, 5L));
    catchup.deliver(new Broadcast(chat(ROOM, 7)), false);

    assertThat(transport.take()).extracting(delivery -> delivery.event().seq()).containsExactly(6L, 0L, 7L);
  }

  @Test
  void aHeldEventIsRenderedForTheTransportAloneNotThroughTheSharedBroadcast() {
    RecordingRecipient transport = new RecordingRecipient();
    Catchup catchup = new Catchup(transport);
    Broadcast shared = new Broadcast(chat(ROOM, 5));
    catchup.deliver(shared, false);
    Object renderedForOthers = shared.frame(RecordingRecipient.RENDER);

    catchup.release(Map.of());

    assertThat(transport.take())
        .singleElement()
        .satisfies(delivery -> assertThat(delivery.shared()).isNotSameAs(renderedForOthers));
  }
}
