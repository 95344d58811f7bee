package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TyrusFrameBufferTest {
  private static final int FOUR_MIB_AND_ELEVEN = 4 * 1024 * 1024 + 11;

  @Test
  void aMaxPayloadWithinTyrusesFourMibKeepsItsBuffer() {
    assertThat(TyrusFrameBuffer.bytesFor(1_000_000)).isEqualTo(FOUR_MIB_AND_ELEVEN);
    assertThat(TyrusFrameBuffer.bytesFor(1024)).isEqualTo(FOUR_MIB_AND_ELEVEN);
  }

  @Test
  void aLargerMaxPayloadGetsABufferForItsWholeFrameHeaderIncluded() {
    assertThat(TyrusFrameBuffer.bytesFor(6_000_000)).isEqualTo(6_000_014);
    assertThat(TyrusFrameBuffer.bytesFor(100_000_000)).isEqualTo(100_000_014);
  }

  @Test
  void payaraIsWarnedOfAMaxPayloadItsDefaultBufferCannotTakeInOneFrame() {
    assertThat(TyrusFrameBuffer.warning(null, 6_000_000))
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .contains("6000000", String.valueOf(FOUR_MIB_AND_ELEVEN))
                    .contains("org.glassfish.tyrus.servlet.incoming-buffer-size = 6000014"));
    assertThat(TyrusFrameBuffer.warning("5000000", 6_000_000)).isPresent();
    assertThat(TyrusFrameBuffer.warning("not a number", 6_000_000)).isPresent();
  }

  @Test
  void payaraIsNotWarnedWhenTheBufferTakesAWholeFrameOfMaxPayload() {
    assertThat(TyrusFrameBuffer.warning(null, 1_000_000)).isEmpty();
    assertThat(TyrusFrameBuffer.warning(" 6000014 ", 6_000_000)).isEmpty();
  }
}
