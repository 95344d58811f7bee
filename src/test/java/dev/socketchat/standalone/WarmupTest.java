package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmupTest {

  @Test
  void theWarmUpMayTakeFiveSecondsUnlessTheSettingSaysOtherwise() {
    assertThat(Warmup.budget(name -> null)).isEqualTo(Duration.ofSeconds(5));
    assertThat(Warmup.budget(Map.of("socketchat.warmup", " ")::get)).isEqualTo(Duration.ofSeconds(5));
    assertThat(Warmup.budget(Map.of("socketchat.warmup", " 2500 ")::get)).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void zeroTurnsTheWarmUpOffAndTenMinutesIsTheMost() {
    assertThat(Warmup.budget(Map.of("socketchat.warmup", "0")::get)).isZero();
    assertThat(Warmup.budget(Map.of("socketchat.warmup", "600000")::get)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aBudgetThatIsNoWholeNumberOfMillisecondsIsRefusedWithItsName() {
    for (String value : new String[] {"-1", "1.5", "10s", "off", "600001", "99999999999999999999"}) {
      assertThatThrownBy(() -> Warmup.budget(Map.of("socketchat.warmup", value)::get))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("socketchat.warmup")
          .hasMessageContaining("whole number of milliseconds from 0 to 600000");
    }
  }
}
