package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisClockTest {
  private static final long MS = 1_000_000L;
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void withoutASampleThereIsNoDeadline() {
    assertThat(new RedisClock().deadline(5 * MS, SECOND)).isZero();
  }

  @Test
  void aDeadlineIsNeverLaterInRedisTimeThanTheRequestsOwn() {
    RedisClock clock = new RedisClock();
    // Redis read 10,000 while this node's clock went from 100 to 140 ms: Redis is between 9,860 and 9,900 ahead
    clock.sample(10_000, 100 * MS, 140 * MS);
    long deadline = clock.deadline(200 * MS, SECOND);
    assertThat(deadline).isLessThanOrEqualTo(200 + 9_860 + 1_000).isGreaterThanOrEqualTo(200 + 9_860 + 1_000 - 2);
  }

  @Test
  void aQuickRoundTripTightensTheEstimate() {
    RedisClock clock = new RedisClock();
    clock.sample(10_000, 100 * MS, 140 * MS); // ahead by 9,860 to 9,900
    clock.sample(10_500, 600 * MS, 601 * MS); // ahead by 9,899 to 9,900
    assertThat(clock.deadline(1_000 * MS, SECOND)).isBetween(1_000L + 9_898 + 1_000, 1_000L + 9_899 + 1_000);
    clock.sample(11_000, 1_000 * MS, 1_300 * MS); // a slow one (ahead by 9,700 to 10,000) does not loosen it
    assertThat(clock.deadline(1_000 * MS, SECOND)).isBetween(1_000L + 9_898 + 1_000, 1_000L + 9_899 + 1_000);
  }

  @Test
  void redisClockSetBackForgetsTheOlderSamples() {
    RedisClock clock = new RedisClock();
    clock.sample(10_000, 100 * MS, 101 * MS); // ahead by about 9,900
    clock.sample(5_000, 200 * MS, 201 * MS); // now ahead by about 4,800: the clock went back
    assertThat(clock.deadline(300 * MS, SECOND)).isBetween(300L + 4_798 + 1_000, 300L + 4_800 + 1_000);
  }

  @Test
  void oldSamplesAgeOut() {
    RedisClock clock = new RedisClock();
    clock.sample(10_000, 100 * MS, 101 * MS); // tight: ahead by 9,899 to 9,900
    for (int i = 1; i <= 8; i++) {
      // looser samples, each consistent with the first, drifting a little behind it
      clock.sample(10_000 + i * 100 - 5, (100 + i * 100) * MS, (101 + i * 100) * MS);
    }
    assertThat(clock.deadline(0, SECOND)).isBetween(9_893L + 1_000, 9_894L + 1_000);
  }
}
