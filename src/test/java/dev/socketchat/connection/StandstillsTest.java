package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StandstillsTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long START = -5 * SECOND; // nanoTime readings may be negative

  @Test
  void aTimerThatRunsEverySecondFindsNoStandstill() {
    Standstills standstills = new Standstills(60 * SECOND, START);
    for (int run = 1; run <= 10; run++) {
      assertThat(standstills.starting(START + run * SECOND)).isZero();
      standstills.finished(START + run * SECOND + SECOND / 10);
    }
    assertThat(standstills.since(START)).isZero();
  }

  @Test
  void aGapOfMoreThanTwoSecondsBetweenTheEndOfARunAndTheNextIsAStandstill() {
    Standstills standstills = new Standstills(60 * SECOND, START);
    standstills.finished(START + SECOND);

    assertThat(standstills.starting(START + 11 * SECOND)).isEqualTo(10 * SECOND);
    assertThat(standstills.since(START)).as("all of it").isEqualTo(10 * SECOND);
    assertThat(standstills.since(START + 6 * SECOND)).as("the part after a reading within it").isEqualTo(5 * SECOND);
    assertThat(standstills.since(START + 11 * SECOND)).as("none after it").isZero();
  }

  @Test
  void aRunThatItselfTookLongIsNoStandstill() {
    Standstills standstills = new Standstills(60 * SECOND, START);
    assertThat(standstills.starting(START + SECOND)).isZero();
    standstills.finished(START + 4 * SECOND); // a slow run: the next one starts a second after it ended

    assertThat(standstills.starting(START + 5 * SECOND)).isZero();
  }

  @Test
  void repeatedStandstillsAddUp() {
    Standstills standstills = new Standstills(60 * SECOND, START);
    standstills.starting(START + 4 * SECOND);
    standstills.finished(START + 4 * SECOND);
    standstills.starting(START + 14 * SECOND);
    standstills.finished(START + 14 * SECOND);

    assertThat(standstills.since(START)).isEqualTo(14 * SECOND);
    assertThat(standstills.since(START + 10 * SECOND)).isEqualTo(4 * SECOND);
  }

  @Test
  void aStandstillLongerAgoThanTheLongestTimeoutIsForgotten() {
    Standstills standstills = new Standstills(60 * SECOND, START);
    standstills.starting(START + 10 * SECOND);
    standstills.finished(START + 10 * SECOND);

    for (int run = 11; run <= 70; run++) {
      assertThat(standstills.starting(START + run * SECOND)).isZero();
      standstills.finished(START + run * SECOND);
    }
    assertThat(standstills.since(START)).as("ended 60 s ago: still kept").isEqualTo(10 * SECOND);
    standstills.starting(START + 71 * SECOND);
    assertThat(standstills.since(START)).as("ended 61 s ago").isZero();
  }
}
