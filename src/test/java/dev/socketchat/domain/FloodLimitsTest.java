package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FloodLimitsTest {
  @Test
  void anEmptiedBucketFillsAgainInTheLongerOfTheTwoBurstsTime() {
    assertThat(FloodLimits.defaults().refill()).isEqualTo(Duration.ofSeconds(10));
    assertThat(new FloodLimits(1, 5, 20, 200, 100).refill()).isEqualTo(Duration.ofSeconds(10));
    assertThat(new FloodLimits(0.05, 3, 20, 200, 100).refill()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void limitsThatAreOffNeedNoTimeToFill() {
    assertThat(FloodLimits.NONE.refill()).isZero();
    assertThat(new FloodLimits(0, 300, 20, 100, 100).refill()).isEqualTo(Duration.ofSeconds(5));
  }
}
