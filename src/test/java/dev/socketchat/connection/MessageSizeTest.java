package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageSizeTest {

  @Test
  void partsAreCountedTogetherUntilTheirMessageEnds() {
    MessageSize size = new MessageSize(10);

    assertThat(size.add(6, false)).isTrue();
    assertThat(size.add(4, true)).isTrue();
    assertThat(size.add(10, true)).as("the next message starts afresh").isTrue();
  }

  @Test
  void aMessageOverTheLimitStaysOverToItsLastPartAndTheNextStartsAfresh() {
    MessageSize size = new MessageSize(10);

    assertThat(size.add(7, false)).isTrue();
    assertThat(size.add(4, false)).isFalse();
    assertThat(size.over()).isTrue();
    assertThat(size.add(0, true)).isFalse();
    assertThat(size.add(1, true)).isTrue();
    assertThat(size.over()).isFalse();
  }

  @Test
  void aLimitBelowOneByteIsRefused() {
    assertThatThrownBy(() -> new MessageSize(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
