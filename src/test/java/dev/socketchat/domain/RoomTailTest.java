package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.RoomEvent.ChatPosted;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RoomTailTest {
  private static final RoomId ROOM = new RoomId(7);

  private static RoomTail tail(long last, long... kept) {
    return new RoomTail(
        last,
        LongStream.of(kept)
            .<RoomEvent>mapToObj(
                seq ->
                    new ChatPosted(
                        ROOM,
                        new Nickname("kim"),
                        new MessageText("m" + seq),
                        2,
                        Instant.EPOCH,
                        Origin.of(new ConnectionId("n:1")),
                        seq))
            .toList());
  }

  private static List<Long> seqs(List<RoomEvent> events) {
    return events.stream().map(RoomEvent::seq).toList();
  }

  @Test
  void givesEveryEventAfterTheMarkWhenAllAreKept() {
    assertThat(tail(9, 5, 6, 7, 8, 9).after(6)).hasValueSatisfying(e -> assertThat(seqs(e)).containsExactly(7L, 8L, 9L));
  }

  @Test
  void givesNothingToAClientThatHadEverything() {
    assertThat(tail(9, 5, 6, 7, 8, 9).after(9)).hasValue(List.of());
    assertThat(tail(9).after(9)).hasValue(List.of());
  }

  @Test
  void isGoneWhenTheFirstMissedEventIsNoLongerKept() {
    assertThat(tail(9, 7, 8, 9).after(5)).isEmpty();
    assertThat(tail(9).after(8)).as("nothing kept, one missed").isEmpty();
  }

  @Test
  void isGoneWhenAMissedEventInTheMiddleIsNotKept() {
    assertThat(tail(9, 5, 6, 8, 9).after(5)).isEmpty();
  }

  @Test
  void isGoneWhenTheLastEventsAreNotKept() {
    assertThat(tail(9, 5, 6, 7).after(5)).isEmpty();
  }

  @Test
  void aMarkPastTheLastEventIsBeyondTheRoom() {
    assertThat(tail(9, 5, 6, 7, 8, 9).beyond(10)).isTrue();
    assertThat(tail(9, 5, 6, 7, 8, 9).beyond(9)).isFalse();
    assertThat(tail(9).beyond(0)).isFalse();
  }

  @Test
  void aMarkFromBeforeTheMembersJoinCountsAsItsJoin() {
    RoomTail joinedAtFive = new RoomTail(9, tail(9, 2, 3, 4, 5, 6, 7, 8, 9).events(), 5);
    assertThat(joinedAtFive.after(0)).hasValueSatisfying(e -> assertThat(seqs(e)).containsExactly(6L, 7L, 8L, 9L));
    assertThat(joinedAtFive.after(3)).hasValueSatisfying(e -> assertThat(seqs(e)).containsExactly(6L, 7L, 8L, 9L));
    assertThat(joinedAtFive.after(7)).hasValueSatisfying(e -> assertThat(seqs(e)).containsExactly(8L, 9L));
  }

  @Test
  void aJoinWhoseEarlierEventsAreNoLongerKeptStillCatchesUpFromTheJoin() {
    RoomTail joinedAtSeven = new RoomTail(9, tail(9, 7, 8, 9).events(), 7);
    assertThat(joinedAtSeven.after(0)).hasValueSatisfying(e -> assertThat(seqs(e)).containsExactly(8L, 9L));
  }
}
