package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PoolPlacesTest {
  private static final Duration RACING = Duration.ofSeconds(3);

  @Test
  void aPlaceIsTakenWhileFree() {
    PoolPlaces places = new PoolPlaces(2);

    assertThat(places.take(null)).isNotNull();
    assertThat(places.take(null)).isNotNull();
    assertThat(places.take(null)).isNull();
  }

  @Test
  void anEndedPlaceGoesBackToThePool() {
    PoolPlaces places = new PoolPlaces(1);
    places.take(null).end();

    assertThat(places.take(null)).isNotNull();
  }

  @Test
  void theNextRequestOfAConnectionTakesOverItsPreviousRequestsPlaceOnAFullPool() {
    PoolPlaces places = new PoolPlaces(1);
    PoolPlaces.Place previous = places.take(null);

    PoolPlaces.Place next = places.take(previous);
    previous.end(); // the previous request's thread, done after the next request came

    assertThat(next).isNotNull();
    assertThat(places.take(null)).as("the place is the next request's now, not back in the pool").isNull();
    next.end();
    assertThat(places.take(null)).isNotNull();
  }

  /**
   * The previous request's thread ends its place at the very moment the connection's next request asks for one: the
   * next request finds it taken over or back in the pool, never neither (on a one-place pool that closed the
   * connection unanswered).
   */
  @Test
  void theNextRequestFindsAPlaceWhileThePreviousRequestsThreadEndsIt()
      throws InterruptedException, ExecutionException, TimeoutException {
    PoolPlaces places = new PoolPlaces(1);
    AtomicReference<PoolPlaces.Place> ending = new AtomicReference<>();
    AtomicBoolean over = new AtomicBoolean();
    CompletableFuture<Void> ender =
        CompletableFuture.runAsync(
            () -> {
              while (!over.get()) {
                PoolPlaces.Place place = ending.get();
                if (place == null) {
                  Thread.onSpinWait();
                } else {
                  place.end();
                  ending.set(null);
                }
              }
            });
    int refused = 0;
    int rounds = 0;
    try {
      for (long until = System.nanoTime() + RACING.toNanos(); System.nanoTime() < until; rounds++) {
        PoolPlaces.Place previous = places.take(null);
        assertThat(previous).as("round %d: the pool is empty", rounds).isNotNull();
        ending.set(previous); // the other thread ends it now, while this one asks for the next request's place
        PoolPlaces.Place next = places.take(previous);
        while (ending.get() != null && !ender.isDone()) {
          Thread.onSpinWait(); // the round is over once the other thread has ended the place
        }
        if (next == null) {
          refused++;
        } else {
          next.end();
        }
      }
    } finally {
      over.set(true);
    }
    ender.get(5, TimeUnit.SECONDS);
    assertThat(refused).as("next requests refused in %d rounds", rounds).isZero();
  }
}
