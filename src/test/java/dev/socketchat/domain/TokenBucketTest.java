package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullBucketLetsItsBurstThroughThenRefillsAtItsRate() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);
    assertThat(bucket.take(0)).isTrue();
    assertThat(bucket.take(0)).isTrue();
    assertThat(bucket.take(0)).isTrue();
    assertThat(bucket.take(0)).isFalse();
    assertThat(bucket.take(SECOND / 4)).as("half a token by then").isFalse();
    assertThat(bucket.take(SECOND / 2)).isTrue();
    assertThat(bucket.take(SECOND / 2)).isFalse();
  }

  @Test
  void itNeverHoldsMoreThanItsBurst() {
    TokenBucket bucket = new TokenBucket(100, 2, 0);
    long later = 60 * SECOND;
    assertThat(bucket.take(later)).isTrue();
    assertThat(bucket.take(later)).isTrue();
    assertThat(bucket.take(later)).isFalse();
  }

  @Test
  void aRateOfZeroIsNoLimit() {
    TokenBucket bucket = new TokenBucket(0, 1, 0);
    for (int i = 0; i < 10_000; i++) {
      assertThat(bucket.take(0)).isTrue();
    }
  }
}
