package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** A connection keeps its seats, exits on their way, owned rooms and kicks as one consistent whole. */
class ConnectionPlacesPropertyTest {

  enum Op {
    ENTER,
    LEAVING,
    LEAVE,
    KICKED,
    OWN
  }

  record Step(Op op, int room) {}

  /** The bookkeeping spelled out with plain sets, one change at a time. */
  private static final class Model {
    final Set<RoomRef> seats = new HashSet<>();
    final Set<RoomRef> leaving = new HashSet<>();
    final Set<RoomRef> owned = new HashSet<>();
    final Set<RoomRef> kickedFrom = new HashSet<>();

    void apply(Step step) {
      RoomRef room = new RoomId(step.room());
      switch (step.op()) {
        case ENTER -> {
          seats.add(room);
          leaving.remove(room);
        }
        case LEAVING -> {
          if (seats.contains(room)) {
            leaving.add(room);
          }
        }
        case LEAVE -> leave(room);
        case KICKED -> {
          kickedFrom.add(room);
          leave(room);
        }
        case OWN -> owned.add(room);
      }
    }

    private void leave(RoomRef room) {
      seats.remove(room);
      leaving.remove(room);
      owned.remove(room);
    }
  }

  @Property(tries = 300)
  void everyChangeLeavesTheConnectionWhereThePlainBookkeepingSays(@ForAll("steps") List<Step> steps) {
    Connection connection = connection();
    Model model = new Model();
    for (Step step : steps) {
      apply(connection, step);
      model.apply(step);

      Set<RoomRef> in = new HashSet<>(model.seats);
      in.removeAll(model.leaving);
      assertThat(connection.rooms()).isEqualTo(in);
      assertThat(connection.seats()).isEqualTo(model.seats);
      assertThat(connection.inNoRoom()).isEqualTo(model.seats.isEmpty());
      long owned = model.owned.stream().filter(room -> !model.leaving.contains(room)).count();
      assertThat(connection.ownedRooms()).isEqualTo((int) owned);
      for (int room = 1; room <= 3; room++) {
        assertThat(connection.isIn(new RoomId(room))).isEqualTo(model.seats.contains(new RoomId(room)));
        assertThat(connection.wasKickedFrom(new RoomId(room))).isEqualTo(model.kickedFrom.contains(new RoomId(room)));
      }
    }
  }

  @Property(tries = 30)
  void changesFromTwoThreadsAtOnceAreAllKept(@ForAll @IntRange(min = 1, max = 200) int rooms) throws Exception {
    Connection connection = connection();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int offset : new int[] {0, 10_000}) {
        done.add(
            threads.submit(
                () -> {
                  start.await();
                  for (int room = 1; room <= rooms; room++) {
                    connection.enter(new RoomId(offset + room));
                    connection.own(new RoomId(offset + room));
                    if (room % 2 == 0) {
                      connection.leaving(new RoomId(offset + room));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> thread : done) {
        thread.get(10, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(connection.seats()).hasSize(2 * rooms);
    assertThat(connection.rooms()).hasSize(2 * (rooms - rooms / 2));
    assertThat(connection.ownedRooms()).isEqualTo(2 * (rooms - rooms / 2));
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(Arbitraries.of(Op.class), Arbitraries.integers().between(1, 3)).as(Step::new);
    return step.list().ofMaxSize(40);
  }

  private static void apply(Connection connection, Step step) {
    RoomId room = new RoomId(step.room());
    switch (step.op()) {
      case ENTER -> connection.enter(room);
      case LEAVING -> connection.leaving(room);
      case LEAVE -> connection.leave(room);
      case KICKED -> connection.kicked(room);
      case OWN -> connection.own(room);
    }
  }

  private static Connection connection() {
    return new Connection(new ConnectionId("n:1"), new RecordingRecipient(), FloodLimits.NONE);
  }
}
