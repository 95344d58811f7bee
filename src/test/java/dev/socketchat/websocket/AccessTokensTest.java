package dev.socketchat.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.auth.AuthSettings;
import dev.socketchat.auth.TokenVerifier;
import dev.socketchat.domain.InMemoryRoomRegistry;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.RoomManager;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Which {@code access_token} of a handshake's query the check in front of the upgrade reads. */
class AccessTokensTest {
  private static final AuthSettings OPTIONAL =
      new AuthSettings(AuthSettings.Mode.OPTIONAL, "a-secret-of-the-site-at-least-32-bytes-long", null, null, null, null);

  private final RoomManager rooms = new RoomManager(InMemoryRoomRegistry::new, Clock.systemUTC());

  @Test
  void aTokenIsCheckedOnEveryPathTheContainerTakesForChat() {
    TokenVerifier tokens = TokenVerifier.of(OPTIONAL, Clock.systemUTC());

    String[] chat = {
      "/chat", "/chat;a=b", "/%63hat", "/ch%61t;jsessionid=1", "//chat", "/./chat", "/x/../chat", "/%2e/chat"
    };
    for (String path : chat) {
      assertThat(AccessTokens.refusal(tokens, rooms, path, "access_token=bad")).as(path).contains("BAD_TOKEN");
    }
    assertThat(AccessTokens.refusal(tokens, rooms, "/socket.io/", "access_token=bad")).isNull();
    assertThat(AccessTokens.refusal(tokens, rooms, "/chat/x", "access_token=bad")).isNull();
  }

  @Test
  void aRefusedTokenCountsAmongTheRefusalsOfItsReason() {
    TokenVerifier tokens = TokenVerifier.of(OPTIONAL, Clock.systemUTC());

    AccessTokens.refusal(tokens, rooms, "/chat", "access_token=bad");
    AccessTokens.refusal(tokens, rooms, "/chat", "access_token=");

    assertThat(rooms.tally().refusals(Reason.BAD_TOKEN)).isEqualTo(2);
  }

  @Test
  void theFirstAccessTokenCounts() {
    assertThat(AccessTokens.parameter("room=1&access_token=first&access_token=second")).isEqualTo("first");
  }

  @Test
  void aNameSpeltWithEscapesIsTheParameterTheContainerReadsFirst() {
    assertThat(AccessTokens.parameter("%61ccess_token=escaped&access_token=plain")).isEqualTo("escaped");
    assertThat(AccessTokens.parameter("access%5Ftoken=escaped")).isEqualTo("escaped");
  }

  @Test
  void aValueIsDecodedAndABrokenEscapeIsKeptAsItIs() {
    assertThat(AccessTokens.parameter("access_token=a%2Eb")).isEqualTo("a.b");
    assertThat(AccessTokens.parameter("access_token=a%ZZ")).isEqualTo("a%ZZ");
    assertThat(AccessTokens.parameter("access_token")).isEmpty();
    assertThat(AccessTokens.parameter("name=kim")).isNull();
  }
}
