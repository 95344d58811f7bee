package dev.socketchat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.auth.AuthSettings;
import dev.socketchat.cluster.ClusterSettings;
import dev.socketchat.domain.HistoryLimits;
import dev.socketchat.domain.SessionLimits;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the settings come from (the /chat heartbeat and outbox, the cluster, Socket.IO) and which are refused. */
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
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.socketio.ping-interval", "0")::get))
        .hasMessageContaining("socketchat.socketio.ping-interval");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.socketio.max-payload", "ten")::get))
        .hasMessageContaining("socketchat.socketio.max-payload");
  }

  @Test
  void aPingIntervalAndTimeoutThatClientsCannotWaitForTogetherAreRefused() {
    // socket.io-client waits pingInterval + pingTimeout for each ping; a timer past the largest int fires at once
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.socketio.ping-interval", "2147483647")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketchat.socketio.ping-interval")
        .hasMessageContaining("socketchat.socketio.ping-timeout")
        .hasMessageContaining("2147483647");
    Map<String, String> longest =
        Map.of("socketchat.socketio.ping-interval", "2147383647", "socketchat.socketio.ping-timeout", "100000");
    assertThat(Settings.from(longest::get).socketIo().pingTimeout()).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void aNumberBeyondAnIntIsRefusedWithTheSettingsNameNotAnOverflow() {
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.limits.rooms", "3000000000")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "socketchat.limits.rooms must be at most 2147483647 (and no less than -2147483648), not \"3000000000\"");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.session.resume-window", "99999999999")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketchat.session.resume-window must be at most 2147483647");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.socketio.max-payload", "2147483647")::get))
        .as("a body is held whole: an int's most would overflow the read of one byte more")
        .hasMessageContaining("socketchat.socketio.max-payload must be from 1024 to 100000000");
  }

  @Test
  void transportTimeoutsDefaultToTenFiveAndThirtySecondsAndAreReadInMilliseconds() {
    assertThat(Settings.defaults().transport())
        .isEqualTo(new Settings.Transport(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30)));
    Map<String, String> values =
        Map.of(
            "socketchat.outbox.stall-timeout", "2000",
            "socketchat.websocket.close-timeout", "750",
            "socketchat.http.idle-timeout", "1500");
    Settings.Transport transport = Settings.from(values::get).transport();
    assertThat(transport.stallTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(transport.closeTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(transport.httpIdleSeconds()).as("Grizzly counts whole seconds, rounded up").isEqualTo(2);
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.http.idle-timeout", "0")::get))
        .hasMessageContaining("socketchat.http.idle-timeout");
  }

  @Test
  void roomsShowFiftyMessagesOnJoinAndKeepAThousandUnlessToldOtherwise() {
    assertThat(Settings.defaults().history()).isEqualTo(new HistoryLimits(50, 1000));
    Map<String, String> values = Map.of("socketchat.history.size", "0", "socketchat.history.keep", "20");
    assertThat(Settings.from(values::get).history()).isEqualTo(new HistoryLimits(0, 20));
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.history.keep", "-1")::get))
        .hasMessageContaining("socketchat.history.keep");
  }

  @Test
  void droppedSessionsWaitAMinuteForTheirClientUnlessToldOtherwise() {
    assertThat(Settings.defaults().sessions()).isEqualTo(new SessionLimits(Duration.ofSeconds(60)));
    assertThat(Settings.from(Map.of("socketchat.session.resume-window", "0")::get).sessions().enabled()).isFalse();
    assertThat(Settings.from(Map.of("socketchat.session.resume-window", "1500")::get).sessions().resumeWindow())
        .isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.session.resume-window", "-1")::get))
        .hasMessageContaining("socketchat.session.resume-window");
  }

  @Test
  void lostRoomsStayTheWindowPastTheLatestTheHeartbeatNoticesADeadConnection() {
    assertThat(Settings.defaults().sessionsAsNoticed().linger()).isEqualTo(Duration.ofSeconds(60 + 25 + 60));
    Settings quick =
        Settings.from(
            Map.of(
                    "socketchat.heartbeat.interval", "500",
                    "socketchat.heartbeat.timeout", "1000",
                    "socketchat.session.resume-window", "2000")
                ::get);
    assertThat(quick.sessionsAsNoticed()).isEqualTo(new SessionLimits(Duration.ofSeconds(2), Duration.ofMillis(1500)));
    Settings off = Settings.from(Map.of("socketchat.session.resume-window", "0")::get);
    assertThat(off.sessionsAsNoticed().linger()).isZero();
  }

  @Test
  void signingInIsOffUnlessAModeAndAKeyAreSet() {
    assertThat(Settings.defaults().auth()).isEqualTo(AuthSettings.OFF);
    AuthSettings auth =
        Settings.from(
                Map.of(
                        "socketchat.auth.mode", " Required ",
                        "socketchat.auth.hmac-secret", " a secret with spaces, at least 32 bytes ",
                        "socketchat.auth.jwks", "/etc/socketchat/keys.json",
                        "socketchat.auth.issuer", "https://www.example.com",
                        "socketchat.auth.audience", "chat",
                        "socketchat.auth.clock-skew", "5")
                    ::get)
            .auth();
    assertThat(auth.required()).isTrue();
    assertThat(auth.hmacSecret()).as("taken as it is").isEqualTo(" a secret with spaces, at least 32 bytes ");
    assertThat(auth.jwks()).isEqualTo(java.nio.file.Path.of("/etc/socketchat/keys.json"));
    assertThat(auth.issuer()).isEqualTo("https://www.example.com");
    assertThat(auth.audience()).isEqualTo("chat");
    assertThat(auth.clockSkew()).isEqualTo(Duration.ofSeconds(5));
    assertThat(Settings.from(name -> null).auth().clockSkew()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aShortSecretAnUnknownModeOrAModeWithoutAKeyStopTheStart() {
    assertThatThrownBy(
            () ->
                Settings.from(
                    Map.of("socketchat.auth.mode", "optional", "socketchat.auth.hmac-secret", "short")::get))
        .hasMessageContaining("socketchat.auth.hmac-secret must be at least 32 bytes");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.auth.mode", "sometimes")::get))
        .hasMessageContaining("socketchat.auth.mode must be off, required or optional");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.auth.mode", "required")::get))
        .hasMessageContaining("no key is set");
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.auth.clock-skew", "-1")::get))
        .hasMessageContaining("socketchat.auth.clock-skew");
  }

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
  void pagesOfEveryOriginMayOpenWebSocketsUnlessOriginsAreListed() {
    assertThat(Settings.defaults().allowsWebSocketOrigin("https://anywhere.example")).isTrue();

    Settings listed =
        Settings.from(Map.of("socketchat.origins", "https://www.example.com, http://localhost:8080")::get);
    assertThat(listed.origins()).containsExactly("https://www.example.com", "http://localhost:8080");
    assertThat(listed.allowsWebSocketOrigin("https://www.example.com")).isTrue();
    assertThat(listed.allowsWebSocketOrigin("http://localhost:8080")).isTrue();
    assertThat(listed.allowsWebSocketOrigin("https://evil.example")).isFalse();
    assertThat(listed.allowsWebSocketOrigin("https://www.example.com.evil.example")).isFalse();
    assertThat(listed.allowsWebSocketOrigin(null)).as("a client that is not a browser sends no Origin").isTrue();
    assertThat(Settings.from(Map.of("socketchat.origins", "*")::get).allowsWebSocketOrigin("http://x")).isTrue();
  }

  @Test
  void anOriginWithAPathIsRefusedAtStartWithTheSettingsName() {
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.origins", "https://www.example.com/chat")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketchat.origins");
  }

  @Test
  void aSingleNodeIsTheDefault() {
    Settings settings = Settings.from(name -> null);
    assertThat(settings.cluster().enabled()).isFalse();
    assertThat(settings.cluster()).isEqualTo(ClusterSettings.NONE);
    assertThat(settings).isEqualTo(Settings.defaults());
  }

  @Test
  void aRedisAddressSwitchesToClusterModeWithItsTimeoutAndLiveness() {
    Map<String, String> values =
        Map.of(
            "socketchat.redis.url", " redis://:secret@10.0.0.5:6380/2 ",
            "socketchat.redis.timeout", "500",
            "socketchat.redis.liveness", "12000");
    ClusterSettings cluster = Settings.from(values::get).cluster();
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
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.redis.url", "redis://127.0.0.1:99999")::get))
        .hasMessageContaining("socketchat.redis.url")
        .hasMessageContaining("99999");
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

  @Test
  void floodLimitsHaveDefaultsThatPeopleNeverMeetAndCanBeSetOrTurnedOff() {
    assertThat(Settings.from(name -> null).limits()).isEqualTo(dev.socketchat.domain.FloodLimits.defaults());
    Settings set =
        Settings.from(
            java.util.Map.of(
                    "socketchat.limits.messages-per-second", "0",
                    "socketchat.limits.request-burst", "7",
                    "socketchat.limits.requests-per-second", "2.5")
                ::get);
    assertThat(set.limits().messagesPerSecond()).isZero();
    assertThat(set.limits().requestBurst()).isEqualTo(7);
    assertThat(set.limits().requestsPerSecond()).isEqualTo(2.5);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Settings.from(java.util.Map.of("socketchat.limits.message-burst", "0")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketchat.limits");
  }

  @Test
  void aLimitThatCannotBeUsedIsRefusedWithItsOwnNameAndValue() {
    for (String name :
        List.of(
            "socketchat.limits.message-burst",
            "socketchat.limits.request-burst",
            "socketchat.limits.refusals-to-close",
            "socketchat.limits.rooms-per-connection",
            "socketchat.limits.memberships-per-connection",
            "socketchat.limits.rooms")) {
      assertThatThrownBy(() -> Settings.from(Map.of(name, "0")::get)).hasMessage(name + " must be at least 1, not 0");
    }
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.history.size", "-1")::get))
        .hasMessage("socketchat.history.size must be at least 0, not -1");
    for (String rate : List.of("-1", "NaN", "Infinity", "3000000000")) {
      assertThatThrownBy(() -> Settings.from(Map.of("socketchat.limits.requests-per-second", rate)::get))
          .as("a rate of %s", rate)
          .hasMessage(
              "socketchat.limits.requests-per-second must be 0 (off) or a positive number up to 2147483647, not \""
                  + rate
                  + "\"");
    }
  }

  @Test
  void aCorsOriginNoBrowserSendsIsRefusedAtStartWithTheSettingsName() {
    for (String origin : List.of("www.example.com", "https://www.example.com/")) {
      assertThatThrownBy(() -> Settings.from(Map.of("socketchat.socketio.cors-origins", origin)::get))
          .as(origin)
          .hasMessageContaining("socketchat.socketio.cors-origins takes origins such as https://www.example.com");
    }
  }

  @Test
  void connectionsPerAddressAreUnlimitedByDefaultAndCanBeLimited() {
    assertThat(Settings.defaults().connectionsPerAddress()).isZero();
    assertThat(Settings.from(Map.of("socketchat.limits.connections-per-address", "3")::get).connectionsPerAddress())
        .isEqualTo(3);
    assertThatThrownBy(() -> Settings.from(Map.of("socketchat.limits.connections-per-address", "-1")::get))
        .hasMessageContaining("socketchat.limits.connections-per-address");
  }
}
