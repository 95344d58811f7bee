package dev.socketchat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
