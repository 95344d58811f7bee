package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpLimitsTest {

  @Test
  void theDefaultsAre32Threads1000WaitingRequestsAnd20Seconds() {
    assertThat(HttpLimits.from(name -> null)).isEqualTo(new HttpLimits(32, 1000, Duration.ofSeconds(20)));
  }

  @Test
  void eachLimitIsReadFromItsDottedName() {
    Map<String, String> set =
        Map.of("socketchat.http.threads", "4", "socketchat.http.queue", "0", "socketchat.http.io-timeout", " 1500 ");
    assertThat(HttpLimits.from(set::get)).isEqualTo(new HttpLimits(4, 0, Duration.ofMillis(1500)));
  }

  @Test
  void limitsThatCannotWorkAreRefusedWithTheirName() {
    assertThatThrownBy(() -> HttpLimits.from(Map.of("socketchat.http.threads", "0")::get))
        .hasMessageContaining("socketchat.http.threads");
    assertThatThrownBy(() -> HttpLimits.from(Map.of("socketchat.http.queue", "-1")::get))
        .hasMessageContaining("socketchat.http.queue");
    assertThatThrownBy(() -> HttpLimits.from(Map.of("socketchat.http.io-timeout", "0")::get))
        .hasMessageContaining("socketchat.http.io-timeout");
    assertThatThrownBy(() -> HttpLimits.from(Map.of("socketchat.http.io-timeout", "20s")::get))
        .hasMessageContaining("socketchat.http.io-timeout")
        .hasMessageContaining("whole number");
  }
}
