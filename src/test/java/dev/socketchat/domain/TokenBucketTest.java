package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.TokenBucket.Take;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullBucketLetsItsBurstThroughThenRefillsAtItsRate() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);
    assertThat(bucket.take(0)).isEqualTo(Take.WITHIN_LIMIT);
    assertThat(bucket.take(0)).isEqualTo(Take.WITHIN_LIMIT);
    assertThat(bucket.take(0)).as("the last of the burst, nobody refused yet").isEqualTo(Take.WITHIN_LIMIT);
    assertThat(bucket.take(0)).isEqualTo(Take.REFUSED);
    assertThat(bucket.take(SECOND / 4)).as("half a token by then").isEqualTo(Take.REFUSED);
    assertThat(bucket.take(SECOND / 2)).as("a token back, refused 250 ms before").isEqualTo(Take.AT_LIMIT);
    assertThat(bucket.take(SECOND / 2)).isEqualTo(Take.REFUSED);
  }

  @Test
  void aTakerThatKeepsAskingFasterThanTheRateGetsOnlyTheTokensThatComeBackEachAtItsLimit() {
    TokenBucket bucket = new TokenBucket(10, 3, 0);
    for (int i = 0; i < 3; i++) {
      bucket.take(0);
    }
    int admitted = 0;
    for (long now = SECOND / 1000; now <= SECOND; now += SECOND / 1000) {
      Take took = bucket.take(now);
      assertThat(took).as("at %d ms", now / 1_000_000).isNotEqualTo(Take.WITHIN_LIMIT);
      admitted += took == Take.AT_LIMIT ? 1 : 0;
    }
    assertThat(admitted).as("a token every 100 ms").isBetween(9, 10);
  }

  @Test
  void aTakerJustAboveTheRateIsWithinItsLimitOnceItWentASecondWithoutARefusal() {
    TokenBucket bucket = new TokenBucket(10, 1, 0);
    assertThat(bucket.take(0)).isEqualTo(Take.WITHIN_LIMIT);
    assertThat(bucket.take(SECOND / 20)).isEqualTo(Take.REFUSED);
    assertThat(bucket.take(SECOND / 10)).as("50 ms after the refusal").isEqualTo(Take.AT_LIMIT);
    assertThat(bucket.take(SECOND / 4)).as("200 ms after it, two tokens' time").isEqualTo(Take.AT_LIMIT);
    assertThat(bucket.take(SECOND)).as("950 ms after it").isEqualTo(Take.AT_LIMIT);
    assertThat(bucket.take(SECOND + SECOND / 10)).as("1,050 ms after it: it slowed down").isEqualTo(Take.WITHIN_LIMIT);
  }

  @Test
  void aTakerThatSlowedDownBelowTheRateIsWithinItsLimitAgainWhateverItsBurst() {
    for (int burst : new int[] {1, 5}) {
      TokenBucket bucket = new TokenBucket(10, burst, 0);
      for (int i = 0; i < burst; i++) {
        bucket.take(0);
      }
      assertThat(bucket.take(0)).isEqualTo(Take.REFUSED);
      assertThat(bucket.take(SECOND)).as("burst %d, a second later", burst).isEqualTo(Take.WITHIN_LIMIT);
    }
  }

  @Test
  void atASlowRateTheTakerMustWaitATokensTimeWithoutARefusal() {
    TokenBucket bucket = new TokenBucket(0.2, 1, 0);
    assertThat(bucket.take(0)).isEqualTo(Take.WITHIN_LIMIT);
    assertThat(bucket.take(SECOND)).isEqualTo(Take.REFUSED);
    assertThat(bucket.take(5 * SECOND)).as("4 s after the refusal, a token back").isEqualTo(Take.AT_LIMIT);
    assertThat(bucket.take(11 * SECOND))
        .as("10 s after it, more than a token's time (5 s)")
        .isEqualTo(Take.WITHIN_LIMIT);
  }

  @Test
  void aFlooderThatPausesATokensTimeBetweenItsBurstsNeverCountsAsHavingSlowedDown() {
    TokenBucket bucket = new TokenBucket(30, 300, 0);
    for (int i = 0; i < 300; i++) {
      bucket.take(0);
    }
    long now = 0;
    for (int burst = 0; burst < 100; burst++) {
      for (int i = 0; i < 99; i++) {
        assertThat(bucket.take(now)).as("burst %d", burst).isNotEqualTo(Take.WITHIN_LIMIT);
        now += SECOND / 100_000;
      }
      now += 40 * SECOND / 1000; // 40 ms: more than a token's time (33 ms) at 30 a second
    }
  }

  @Test
  void aBucketIsQuietUntilRefusedAndAgainASecondAfterItsLastRefusal() {
    TokenBucket bucket = new TokenBucket(10, 1, 0);
    assertThat(bucket.quiet(0)).isTrue();
    bucket.take(0);
    bucket.take(0);
    assertThat(bucket.quiet(SECOND / 2)).isFalse();
    assertThat(bucket.quiet(SECOND)).isTrue();
  }

  @Test
  void itNeverHoldsMoreThanItsBurst() {
    TokenBucket bucket = new TokenBucket(100, 2, 0);
    long later = 60 * SECOND;
    assertThat(bucket.take(later)).isEqualTo(Take.WITHIN_LIMIT);
    assertThat(bucket.take(later)).isEqualTo(Take.WITHIN_LIMIT);
    assertThat(bucket.take(later)).isEqualTo(Take.REFUSED);
  }

  @Test
  void aRateOfZeroIsNoLimit() {
    TokenBucket bucket = new TokenBucket(0, 1, 0);
    for (int i = 0; i < 10_000; i++) {
      assertThat(bucket.take(0)).isEqualTo(Take.WITHIN_LIMIT);
    }
  }
}
