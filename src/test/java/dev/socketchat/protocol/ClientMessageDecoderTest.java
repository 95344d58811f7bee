package dev.socketchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.config.Settings;
import org.junit.jupiter.api.Test;

class ClientMessageDecoderTest {
  private static final int LIMIT = Settings.MAX_FRAME_BYTES;
  private final ClientMessageDecoder decoder = new ClientMessageDecoder();

  @Test
  void aFrameIsTooBigWhenItsUtf8EncodingIsOverTheLimit() {
    assertThat(ClientMessageDecoder.tooBig("x".repeat(LIMIT))).isFalse();
    assertThat(ClientMessageDecoder.tooBig("x".repeat(LIMIT + 1))).isTrue();
  }

  @Test
  void charactersCountWithTheBytesTheyTakeInUtf8() {
    assertThat(ClientMessageDecoder.tooBig("한".repeat(LIMIT / 3))).isFalse(); // 3 bytes each
    assertThat(ClientMessageDecoder.tooBig("한".repeat(LIMIT / 3 + 1))).isTrue();
    assertThat(ClientMessageDecoder.tooBig("é".repeat(LIMIT / 2))).isFalse(); // 2 bytes each
    assertThat(ClientMessageDecoder.tooBig("é".repeat(LIMIT / 2) + "x")).isTrue();
    assertThat(ClientMessageDecoder.tooBig("👋".repeat(LIMIT / 4))).isFalse(); // 4 bytes, two chars each
    assertThat(ClientMessageDecoder.tooBig("👋".repeat(LIMIT / 4) + "x")).isTrue();
  }

  @Test
  void anOversizedFrameDecodesToItsOwnKindAndEveryOtherFrameIsRead() {
    assertThat(decoder.decode("{\"type\":\"CLIENT_ROOM_LIST\",\"pad\":\"" + "x".repeat(LIMIT) + "\"}"))
        .isEqualTo(new ClientMessage.Oversized(LIMIT));
    assertThat(decoder.decode("{\"type\":\"CLIENT_ROOM_LIST\"}").readAs(Dialect.README)).isEqualTo(new ClientMessage.ListRooms(null));
    assertThat(decoder.willDecode("anything")).isTrue();
  }
}
