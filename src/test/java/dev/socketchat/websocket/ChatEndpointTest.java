package dev.socketchat.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.config.Settings;
import org.junit.jupiter.api.Test;

class ChatEndpointTest {
  private static final int LIMIT = Settings.MAX_FRAME_BYTES;

  @Test
  void aFrameIsTooBigWhenItsUtf8EncodingIsOverTheLimit() {
    assertThat(ChatEndpoint.tooBig("x".repeat(LIMIT))).isFalse();
    assertThat(ChatEndpoint.tooBig("x".repeat(LIMIT + 1))).isTrue();
  }

  @Test
  void charactersCountWithTheBytesTheyTakeInUtf8() {
    assertThat(ChatEndpoint.tooBig("한".repeat(LIMIT / 3))).isFalse(); // 3 bytes each
    assertThat(ChatEndpoint.tooBig("한".repeat(LIMIT / 3 + 1))).isTrue();
    assertThat(ChatEndpoint.tooBig("é".repeat(LIMIT / 2))).isFalse(); // 2 bytes each
    assertThat(ChatEndpoint.tooBig("é".repeat(LIMIT / 2) + "x")).isTrue();
    assertThat(ChatEndpoint.tooBig("👋".repeat(LIMIT / 4))).isFalse(); // 4 bytes, two chars each
    assertThat(ChatEndpoint.tooBig("👋".repeat(LIMIT / 4) + "x")).isTrue();
  }
}
