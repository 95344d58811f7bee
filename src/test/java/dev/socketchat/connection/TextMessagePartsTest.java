package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TextMessagePartsTest {

  @Test
  void aMessageInOnePartIsAnsweredAsItIs() {
    TextMessageParts parts = new TextMessageParts(10);

    assertThat(parts.add("0123456789", true)).isEqualTo("0123456789");
    assertThat(parts.over()).isFalse();
  }

  @Test
  void partsAreJoinedIntoTheMessageAtItsLastPart() {
    TextMessageParts parts = new TextMessageParts(10);

    assertThat(parts.add("012", false)).isNull();
    assertThat(parts.add("345", false)).isNull();
    assertThat(parts.add("6789", true)).isEqualTo("0123456789");
    assertThat(parts.add("next", true)).isEqualTo("next");
  }

  @Test
  void aMessageIsOverOnceItsPartsTogetherPassTheLimitAndItsLaterPartsAreDropped() {
    TextMessageParts parts = new TextMessageParts(10);

    assertThat(parts.add("0123456", false)).isNull();
    assertThat(parts.over()).isFalse();
    assertThat(parts.add("7890", false)).isNull();
    assertThat(parts.over()).isTrue();
    assertThat(parts.add("x", true)).isNull();
    assertThat(parts.over()).isTrue();
  }

  @Test
  void theMessageAfterOneThatWasOverStartsAfresh() {
    TextMessageParts parts = new TextMessageParts(10);
    parts.add("0123456789+", true);

    assertThat(parts.add("0123456789", true)).isEqualTo("0123456789");
    assertThat(parts.over()).isFalse();
  }

  @Test
  void theLimitIsInBytesOfUtf8NotInChars() {
    TextMessageParts parts = new TextMessageParts(10);

    assertThat(parts.add("ééééé", true)).isEqualTo("ééééé"); // 10 bytes
    assertThat(parts.add("éééé€", true)).isNull(); // 11 bytes
    assertThat(parts.over()).isTrue();
  }

  @Test
  void charactersCountWithTheBytesTheyTakeInUtf8() {
    TextMessageParts parts = new TextMessageParts(12);

    assertThat(parts.add("한".repeat(4), true)).isEqualTo("한".repeat(4)); // 3 bytes each
    assertThat(parts.add("한".repeat(4) + "x", true)).isNull();
    assertThat(parts.add("👋".repeat(3), true)).isEqualTo("👋".repeat(3)); // 4 bytes, two chars each
    assertThat(parts.add("👋".repeat(3) + "x", true)).isNull();
    assertThat(parts.add("x".repeat(12), true)).isEqualTo("x".repeat(12));
    assertThat(parts.add("x".repeat(13), true)).isNull();
  }

  @Test
  void aMessageOfAtMostAThirdOfTheLimitInCharsIsWithinItWhateverItsChars() {
    TextMessageParts parts = new TextMessageParts(12);

    assertThat(parts.add("한한한한", true)).isEqualTo("한한한한");
    assertThat(parts.add("한한", false)).isNull();
    assertThat(parts.add("한한한", true)).isNull(); // 15 bytes in two parts
    assertThat(parts.over()).isTrue();
  }

  @Property(tries = 200)
  void theCountedLengthIsTheLengthOfTheUtf8Encoding(@ForAll @StringLength(max = 200) String text) {
    String wellFormed = text.replaceAll("[\\ud800-\\udfff]", "") + "\ud83d\ude00";

    assertThat(TextMessageParts.utf8Bytes(wellFormed))
        .isEqualTo(wellFormed.getBytes(StandardCharsets.UTF_8).length);
  }
}
