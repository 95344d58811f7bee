package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BinaryMessagePartsTest {

  @Test
  void aMessageInOnePartIsAnsweredAsItIs() {
    BinaryMessageParts parts = new BinaryMessageParts(4);
    byte[] message = {1, 2, 3, 4};

    assertThat(parts.add(message, true)).isSameAs(message);
    assertThat(parts.over()).isFalse();
  }

  @Test
  void partsAreJoinedIntoTheMessageAtItsLastPart() {
    BinaryMessageParts parts = new BinaryMessageParts(10);

    assertThat(parts.add(new byte[] {0, 1, 2}, false)).isNull();
    assertThat(parts.add(new byte[] {3, 4, 5}, false)).isNull();
    assertThat(parts.add(new byte[] {6, 7, 8, 9}, true)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(parts.add(new byte[] {42}, true)).containsExactly(42);
  }

  @Test
  void aMessageIsOverOnceItsPartsTogetherPassTheLimitAndItsLaterPartsAreDropped() {
    BinaryMessageParts parts = new BinaryMessageParts(10);

    assertThat(parts.add(new byte[7], false)).isNull();
    assertThat(parts.over()).isFalse();
    assertThat(parts.add(new byte[4], false)).isNull();
    assertThat(parts.over()).isTrue();
    assertThat(parts.add(new byte[1], true)).isNull();
    assertThat(parts.over()).isTrue();
  }

  @Test
  void theMessageAfterOneThatWasOverStartsAfresh() {
    BinaryMessageParts parts = new BinaryMessageParts(10);
    parts.add(new byte[11], true);

    assertThat(parts.add(new byte[10], true)).hasSize(10);
    assertThat(parts.over()).isFalse();
  }

  @Test
  void anEmptyMessageIsAMessage() {
    BinaryMessageParts parts = new BinaryMessageParts(1);

    assertThat(parts.add(new byte[0], true)).isEmpty();
    assertThat(parts.add(new byte[0], false)).isNull();
    assertThat(parts.add(new byte[0], true)).isEmpty();
  }

  @Test
  void aLimitBelowOneByteIsRefused() {
    assertThatThrownBy(() -> new BinaryMessageParts(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void howeverAMessageIsCutItIsAnsweredWholeWithinTheLimitAndNotOverIt(
      @ForAll @Size(max = 8) List<@Size(max = 40) byte[]> cuts, @ForAll @IntRange(min = 1, max = 200) int limit) {
    BinaryMessageParts parts = new BinaryMessageParts(limit);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    byte[] answer = null;
    for (int i = 0; i < cuts.size(); i++) {
      whole.writeBytes(cuts.get(i));
      answer = parts.add(cuts.get(i), i == cuts.size() - 1);
    }
    answer = cuts.isEmpty() ? parts.add(new byte[0], true) : answer;

    if (whole.size() <= limit) {
      assertThat(answer).isEqualTo(whole.toByteArray());
      assertThat(parts.over()).isFalse();
    } else {
      assertThat(answer).isNull();
      assertThat(parts.over()).isTrue();
    }
  }
}
