package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TyrusFrameBufferTest {
  private static final int FOUR_MIB_AND_ELEVEN = 4 * 1024 * 1024 + 11;

  /** The buffer size the WAR's {@code web.xml} gives Payara's Tyrus. */
  private static final String WAR_BUFFER = warBuffer();

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
  void payaraIsWarnedOfAMaxPayloadItsBufferCannotTakeInOneFrame() {
    assertThat(TyrusFrameBuffer.warning(WAR_BUFFER, 6_000_000))
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .contains("6000000", WAR_BUFFER)
                    .contains("org.glassfish.tyrus.servlet.incoming-buffer-size = 7048590"));
    assertThat(TyrusFrameBuffer.warning(null, 6_000_000)).as("Tyrus's own 4 MiB").isPresent();
    assertThat(TyrusFrameBuffer.warning("6000014", 6_000_000)).isPresent();
    assertThat(TyrusFrameBuffer.warning("not a number", 6_000_000)).isPresent();
    assertThat(TyrusFrameBuffer.warning(WAR_BUFFER, 1_000_001)).isPresent();
  }

  @Test
  void payaraIsNotWarnedWhenTheBufferTakesAWholeFrameOfMaxPayload() {
    assertThat(TyrusFrameBuffer.warning(WAR_BUFFER, 1_000_000)).isEmpty();
    assertThat(TyrusFrameBuffer.warning(null, 1_000_000)).isEmpty();
    assertThat(TyrusFrameBuffer.warning(" 7048590 ", 6_000_000)).isEmpty();
  }

  @Test
  void theWarsDescriptorSizesPayarasBufferForTheDefaultMaxPayload() {
    assertThat(WAR_BUFFER)
        .isEqualTo(String.valueOf(TyrusFrameBuffer.payaraBytesFor(Settings.defaults().socketIo().maxPayload())));
  }

  private static String warBuffer() {
    try {
      String xml = Files.readString(Path.of("webapp", "WEB-INF", "web.xml"));
      Matcher value =
          Pattern.compile(
                  "<param-name>" + Pattern.quote(TyrusFrameBuffer.PARAMETER) + "</param-name>\\s*<param-value>(\\d+)<")
              .matcher(xml);
      if (!value.find()) {
        throw new AssertionError("web.xml sets no " + TyrusFrameBuffer.PARAMETER);
      }
      return value.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
