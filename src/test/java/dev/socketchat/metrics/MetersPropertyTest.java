package dev.socketchat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of what the meters count: a frame's bytes are the bytes its text takes in UTF-8. */
class MetersPropertyTest {

  @Provide
  Arbitrary<String> frames() {
    // well-formed text of every width: ASCII, Hangul (3 bytes), supplementary characters (4 bytes, two chars)
    Arbitrary<String> characters =
        Arbitraries.oneOf(
            Arbitraries.strings().ascii(),
            Arbitraries.strings().withCharRange('\uac00', '\ud7a3'),
            Arbitraries.strings().withCharRange('\u0080', '\u07ff'),
            Arbitraries.integers()
                .between(0x10000, 0x10FFFF)
                .map(codePoint -> new String(Character.toChars(codePoint))));
    return characters.list().ofMaxSize(20).map(parts -> String.join("", parts));
  }

  @Property
  void aFramesByteCountIsItsLengthInUtf8(@ForAll("frames") String frame) {
    assertThat(Meters.utf8Length(frame)).isEqualTo(frame.getBytes(StandardCharsets.UTF_8).length);
  }

  @Property
  void metersThatAreOffCountNothingAndScrapeNothing(@ForAll("frames") String frame) {
    try (Meters off = Meters.off()) {
      off.delivered(Meters.utf8Length(frame), System.nanoTime());
      off.request("chat", "CLIENT_CHAT_SEND");
      assertThat(off.scrape()).isEmpty();
      assertThat(off.enabled()).isFalse();
    }
  }
}
