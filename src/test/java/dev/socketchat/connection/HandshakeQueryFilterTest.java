package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandshakeQueryFilterTest {

  @Test
  void queriesWhoseEscapesAreTwoHexDigitsPass() {
    assertThat(HandshakeQueryFilter.wellEscaped(null)).isTrue();
    assertThat(HandshakeQueryFilter.wellEscaped("")).isTrue();
    assertThat(HandshakeQueryFilter.wellEscaped("EIO=4&transport=websocket&name=%ED%95%9C&room=a%2fb")).isTrue();
    assertThat(HandshakeQueryFilter.wellEscaped("x=%25%25")).as("escaped percent signs").isTrue();
  }

  @Test
  void aPercentSignNotFollowedByTwoHexDigitsIsRefused() {
    String[] queries = {"x=%G1", "x=%", "x=%4", "access_token=%zz", "a=%41%4", "a=%%41", "a=%\u0661\u0662"};
    for (String query : queries) {
      assertThat(HandshakeQueryFilter.wellEscaped(query)).as(query).isFalse();
    }
  }
}
