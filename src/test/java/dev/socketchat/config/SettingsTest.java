package dev.socketchat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the Socket.IO tunables come from and which values are refused. */
class SettingsTest {

  @Test
  void socketIoSettingsDefaultToTheReferenceServers() {
    Settings.SocketIo socketIo = Settings.from(name -> null).socketIo();
    assertThat(socketIo.pingInterval()).isEqualTo(Duration.ofSeconds(25));
    assertThat(socketIo.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(socketIo.maxPayload()).isEqualTo(1_000_000);
    assertThat(socketIo.connectTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(socketIo.allowsOrigin("https://www.example.com")).isFalse();
  }

  @Test
  void corsOriginsAreACommaSeparatedListOrAStar() {
    Settings.SocketIo some =
        Settings.from(Map.of("socketchat.socketio.cors-origins", " https://a.example , https://b.example:8443")::get)
            .socketIo();
    assertThat(some.corsOrigins()).containsExactly("https://a.example", "https://b.example:8443");
    assertThat(some.allowsOrigin("https://b.example:8443")).isTrue();
    assertThat(some.allowsOrigin("https://c.example")).isFalse();
    assertThat(some.allowsOrigin(null)).isFalse();
    assertThat(Settings.from(Map.of("socketchat.socketio.cors-origins", "*")::get).socketIo().allowsOrigin("http://x"))
        .isTrue();
  }

  @Test
  void socketIoSettingsAreReadByTheirDashedNames() {
    Map<String, String> values =
        Map.of(
            "socketchat.socketio.ping-interval", "300",
            "socketchat.socketio.ping-timeout", "200",
            "socketchat.socketio.max-payload", "5000",
            "socketchat.socketio.connect-timeout", "1000");
    Settings.SocketIo socketIo = Settings.from(values::get).socketIo();
    assertThat(socketIo.pingInterval()).isEqualTo(Duration.ofMillis(300));
    assertThat(socketIo.pingTimeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(socketIo.maxPayload()).isEqualTo(5000);
    assertThat(socketIo.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void nonsenseIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.socketio.ping-interval", "0")::get))
        .hasMessageContaining("socketchat.socketio.ping-interval");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.socketio.max-payload", "ten")::get))
        .hasMessageContaining("socketchat.socketio.max-payload");
  }
}
