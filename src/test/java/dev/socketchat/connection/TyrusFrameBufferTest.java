package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TyrusFrameBufferTest {
  private static final int FOUR_MIB_AND_ELEVEN = 4 * 1024 * 1024 + 11;

  @Test
  void aMaxPayloadWithRoomForAReadBesideItInTyrusesFourMibKeepsItsBuffer() {
    assertThat(TyrusFrameBuffer.bytesFor(1_000_000)).isEqualTo(FOUR_MIB_AND_ELEVEN);
    assertThat(TyrusFrameBuffer.bytesFor(1024)).isEqualTo(FOUR_MIB_AND_ELEVEN);
    assertThat(TyrusFrameBuffer.bytesFor(3_145_725)).isEqualTo(FOUR_MIB_AND_ELEVEN);
  }

  @Test
  void aLargerMaxPayloadGetsABufferForItsWholeFrameAndAMibiByteOfTheNext() {
    assertThat(TyrusFrameBuffer.bytesFor(3_145_726)).isEqualTo(FOUR_MIB_AND_ELEVEN + 1);
    assertThat(TyrusFrameBuffer.bytesFor(6_000_000)).isEqualTo(7_048_590);
    assertThat(TyrusFrameBuffer.bytesFor(100_000_000)).isEqualTo(101_048_590);
  }

  @Test
  void payaraIsWarnedOfAMaxPayloadItsDefaultBufferCannotTakeInOneFrame() {
    assertThat(TyrusFrameBuffer.warning(null, 6_000_000))
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .contains("6000000", String.valueOf(FOUR_MIB_AND_ELEVEN))
                    .contains("org.glassfish.tyrus.servlet.incoming-buffer-size = 7048590"));
    assertThat(TyrusFrameBuffer.warning("6000014", 6_000_000)).isPresent();
    assertThat(TyrusFrameBuffer.warning("not a number", 6_000_000)).isPresent();
  }

  @Test
  void payaraIsNotWarnedWhenTheBufferTakesAWholeFrameOfMaxPayload() {
    assertThat(TyrusFrameBuffer.warning(null, 1_000_000)).isEmpty();
    assertThat(TyrusFrameBuffer.warning(" 7048590 ", 6_000_000)).isEmpty();
  }
}
