package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpLimitsTest {

  @Test
  void theDefaultsAre32Threads1000WaitingRequests20SecondsAndConnectionsUpToTheOpenFileLimitLessAReserve() {
    int max = ConnectionCapFilter.defaultMax();
    assertThat(HttpLimits.from(name -> null)).isEqualTo(new HttpLimits(32, 1000, Duration.ofSeconds(20), max));
    long limit =
        ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getMaxFileDescriptorCount();
    assertThat((long) max).isEqualTo(limit - Math.min(256, limit / 4));
  }

  @Test
  void eachLimitIsReadFromItsDottedName() {
    Map<String, String> set =
        Map.of(
            "socketchat.http.threads", "4",
            "socketchat.http.queue", "0",
            "socketchat.http.io-timeout", " 1500 ",
            "socketchat.http.max-connections", "30000");
    assertThat(HttpLimits.from(set::get)).isEqualTo(new HttpLimits(4, 0, Duration.ofMillis(1500), 30_000));
  }

  @Test
  void limitsThatCannotWorkAreRefusedWithTheirName() {
    assertThatThrownBy(() -> HttpLimits.from(Map.of("socketchat.http.threads", "0")::get))
        .hasMessageContaining("socketchat.http.threads");
    assertThatThrownBy(() -> HttpLimits.from(Map.of("socketchat.http.queue", "-1")::get))
        .hasMessageContaining("socketchat.http.queue");
    assertThatThrownBy(() -> HttpLimits.from(Map.of("socketchat.http.io-timeout", "0")::get))
        .hasMessageContaining("socketchat.http.io-timeout");
    assertThatThrownBy(() -> HttpLimits.from(Map.of("socketchat.http.max-connections", "0")::get))
        .hasMessageContaining("socketchat.http.max-connections");
    assertThatThrownBy(() -> HttpLimits.from(Map.of("socketchat.http.io-timeout", "20s")::get))
        .hasMessageContaining("socketchat.http.io-timeout")
        .hasMessageContaining("whole number");
  }

  @Test
  void thePoolsPlacesAreItsThreadsAndQueueAndStopAtTheLargestInt() {
    assertThat(new HttpLimits(32, 1000, Duration.ofSeconds(20), 100).places()).isEqualTo(1032);
    assertThat(HttpLimits.from(Map.of("socketchat.http.queue", "2147483647")::get).places())
        .isEqualTo(Integer.MAX_VALUE);
  }
}
