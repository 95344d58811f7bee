package dev.socketchat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the settings come from, and the cluster settings in particular. */
class SettingsTest {

  @Test
  void unsetValuesFallBackToTheDefaults() {
    assertThat(Settings.from(name -> null)).isEqualTo(Settings.defaults());
    assertThat(Settings.defaults().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void valuesAreReadInMillisecondsAndCharacters() {
    Map<String, String> values =
        Map.of(
            "socketchat.heartbeat.interval", "1000",
            "socketchat.heartbeat.timeout", " 5000 ",
            "socketchat.outbox.limit", "65536");
    Settings settings = Settings.from(values::get);
    assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.outboxLimit()).isEqualTo(65536);
  }

  @Test
  void nonsenseIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.heartbeat.interval", "soon")::get))
        .hasMessageContaining("socketchat.heartbeat.interval");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.heartbeat.timeout", "100")::get))
        .hasMessageContaining("longer than the interval");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.outbox.limit", "10")::get))
        .hasMessageContaining("socketchat.outbox.limit");
  }


  @Test
  void aSingleNodeIsTheDefault() {
    Settings settings = Settings.from(name -> null);
    assertThat(settings.cluster().enabled()).isFalse();
    assertThat(settings.cluster()).isEqualTo(Settings.Cluster.NONE);
    assertThat(settings).isEqualTo(Settings.defaults());
  }

  @Test
  void aRedisAddressSwitchesToClusterModeWithItsTimeoutAndLiveness() {
    Map<String, String> values =
        Map.of(
            "socketchat.redis.url", " redis://:secret@10.0.0.5:6380/2 ",
            "socketchat.redis.timeout", "500",
            "socketchat.redis.liveness", "12000");
    Settings.Cluster cluster = Settings.from(values::get).cluster();
    assertThat(cluster.enabled()).isTrue();
    assertThat(cluster.redis()).isEqualTo(URI.create("redis://:secret@10.0.0.5:6380/2"));
    assertThat(cluster.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(cluster.liveness()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void anAddressThatIsNotRedisOrALivenessTooShortIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.redis.url", "http://127.0.0.1:6379")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketchat.redis.url");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.redis.url", "not an address")::get))
        .hasMessageContaining("socketchat.redis.url");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.redis.liveness", "200")::get))
        .hasMessageContaining("socketchat.redis.liveness");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.redis.timeout", "soon")::get))
        .hasMessageContaining("socketchat.redis.timeout");
  }

  @Test
  void aSystemPropertyWinsOverAContextParameter() {
    String name = "socketchat.redis.timeout";
    Map<String, String> context = Map.of(name, "700", "socketchat.redis.url", "redis://127.0.0.1:6379");
    String before = System.getProperty(name);
    try {
      System.clearProperty(name);
      Settings fromContext = Settings.fromEnvironment(context::get);
      assertThat(fromContext.cluster().timeout()).isEqualTo(Duration.ofMillis(700));
      assertThat(fromContext.cluster().redis()).isEqualTo(URI.create("redis://127.0.0.1:6379"));
      System.setProperty(name, "900");
      assertThat(Settings.fromEnvironment(context::get).cluster().timeout()).isEqualTo(Duration.ofMillis(900));
    } finally {
      if (before == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, before);
      }
    }
  }
}
