package dev.socketchat.domain;

import static dev.socketchat.domain.SessionEvents.chat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SuspensionTest {
  private static final RoomId ROOM = new RoomId(3);
  private static final RoomId OTHER = new RoomId(4);

  private static List<Long> seqs(RoomTail tail) {
    return tail.events().stream().map(RoomEvent::seq).toList();
  }

  @Test
  void keepsWhatTheRoomKeptAndWhatCameLaterEachOnceInOrder() {
    Suspension suspension = new Suspension(10);
    suspension.deliver(new Broadcast(chat(ROOM, 6)), false); // delivered between the stand-in and the tail
    suspension.caughtUp(ROOM, new RoomTail(6, List.of(chat(ROOM, 4), chat(ROOM, 5), chat(ROOM, 6))));
    suspension.deliver(new Broadcast(chat(ROOM, 7)), false);

    Map<RoomRef, RoomTail> kept = suspension.handOver(new RecordingRecipient());

    assertThat(seqs(kept.get(ROOM))).containsExactly(4L, 5L, 6L, 7L);
    assertThat(kept.get(ROOM).last()).isEqualTo(7);
  }

  @Test
  void keepsAtMostItsLimitPerRoomTheLatestOnes() {
    Suspension suspension = new Suspension(2);
    for (long seq = 1; seq <= 5; seq++) {
      suspension.deliver(new Broadcast(chat(ROOM, seq)), false);
    }
    suspension.deliver(new Broadcast(chat(OTHER, 1)), false);

    Map<RoomRef, RoomTail> kept = suspension.handOver(new RecordingRecipient());

    assertThat(seqs(kept.get(ROOM))).containsExactly(4L, 5L);
    assertThat(kept.get(ROOM).after(2)).as("event 3 is no longer kept").isEmpty();
    assertThat(kept.get(ROOM).after(3)).hasValueSatisfying(missed -> assertThat(missed).hasSize(2));
    assertThat(seqs(kept.get(OTHER))).containsExactly(1L);
  }

  @Test
  void unnumberedEventsAreNotKept() {
    Suspension suspension = new Suspension(10);
    suspension.deliver(new Broadcast(chat(new RoomKey("open"), 0)), false);

    assertThat(suspension.handOver(new RecordingRecipient())).isEmpty();
  }

  @Test
  void afterTheHandOverEverythingGoesToTheSuccessorAndTheExpiryIsCalledOff() {
    Suspension suspension = new Suspension(10);
    CompletableFuture<Void> expiry = new CompletableFuture<>();
    suspension.expiresWith(expiry);
    RecordingRecipient next = new RecordingRecipient();

    suspension.handOver(next);
    suspension.deliver(new Broadcast(chat(ROOM, 8)), true);

    assertThat(expiry).isCancelled();
    assertThat(next.take()).singleElement().satisfies(delivery -> {
      assertThat(delivery.event().seq()).isEqualTo(8);
      assertThat(delivery.toOrigin()).isTrue();
    });
  }
}
