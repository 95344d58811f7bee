package dev.socketchat.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which {@code access_token} of a handshake's query the check in front of the upgrade reads. */
class AccessTokensTest {
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
