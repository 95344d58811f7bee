package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebSocketTransportTest {
  @Test
  void aShortReasonIsTheClosePhraseAsItIs() {
    assertThat(WebSocketTransport.phrase("transport close")).isEqualTo("transport close");
  }

  @Test
  void aLongReasonIsCutToWholeCharactersOfAtMost120BytesOfUtf8() {
    assertThat(WebSocketTransport.phrase("a".repeat(121))).isEqualTo("a".repeat(120));
    assertThat(WebSocketTransport.phrase("방".repeat(41))).as("3 bytes each").isEqualTo("방".repeat(40));
    String emoji = WebSocketTransport.phrase("x" + "😀".repeat(40));
    assertThat(emoji).as("4 bytes each, never half a pair").isEqualTo("x" + "😀".repeat(29));
    assertThat(emoji.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(120);
  }

  @Test
  void aReasonOfAMegabyteIsCutInOnePass() {
    // a client's namespace of up to max-payload reaches a close reason: the cut reads only what it keeps
    assertThat(WebSocketTransport.phrase("n".repeat(1_000_000))).hasSize(120);
  }
}
