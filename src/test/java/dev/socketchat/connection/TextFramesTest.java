package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TextFramesTest {

  /** Reads a server frame as RFC 6455 section 5.2 lays it out: final text frame, unmasked, its length, its payload. */
  private static String read(byte[] frame) {
    ByteBuffer in = ByteBuffer.wrap(frame);
    assertThat(in.get()).as("FIN and the text opcode").isEqualTo((byte) 0x81);
    int second = in.get() & 0xff;
    assertThat(second & 0x80).as("a server's frame is not masked").isZero();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.getShort() & 0xffff;
      assertThat(length).as("the shortest form").isGreaterThanOrEqualTo(126);
    } else if (length == 127) {
      length = in.getLong();
      assertThat(length).as("the shortest form").isGreaterThanOrEqualTo(65_536);
    }
    assertThat(in.remaining()).isEqualTo(length);
    return StandardCharsets.UTF_8.decode(in).toString();
  }

  @Property(tries = 200)
  void everyTextIsFramedAsTheWebSocketRfcSaysAndReadsBackTheSame(
      @ForAll @StringLength(max = 300) String text, @ForAll @IntRange(max = 70_000) int padding) {
    String sent = text.replaceAll("[\\ud800-\\udfff]", "") + "x".repeat(padding);

    byte[] frame = TextFrames.framed(sent);

    assertThat(read(frame)).isEqualTo(sent);
    assertThat(TextFrames.payloadLength(frame)).isEqualTo(sent.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void lengthsAtEachBoundaryOfTheThreeLengthFormsReadBack() {
    for (int length : new int[] {0, 125, 126, 127, 65_535, 65_536, 70_000}) {
      String text = "é".repeat(length / 2) + "x".repeat(length % 2);

      assertThat(read(TextFrames.framed(text))).as("%d bytes", length).isEqualTo(text);
    }
  }

  @Test
  void aRoomMixingTwoWireFormatsGetsEachFramedOnceWhateverTheOrderOfItsSeats() {
    String readme = new String("{\"type\":\"SERVER_CHAT_SEND\"}".toCharArray());
    String socketIo = new String("42[\"chatting\",{}]".toCharArray());

    byte[] readmeFrame = TextFrames.framed(readme);
    byte[] socketIoFrame = TextFrames.framed(socketIo);

    assertThat(TextFrames.framed(readme)).isSameAs(readmeFrame);
    assertThat(TextFrames.framed(socketIo)).isSameAs(socketIoFrame);
    assertThat(TextFrames.framed(socketIo)).isSameAs(socketIoFrame);
    assertThat(TextFrames.framed(readme)).isSameAs(readmeFrame);
    assertThat(read(socketIoFrame)).isEqualTo(socketIo);
  }

  @Test
  void theSameTextHandedToRecipientsInTurnIsFramedOnce() {
    String broadcast = new String("{\"type\":\"SERVER_CHAT_SEND\"}".toCharArray());

    byte[] first = TextFrames.framed(broadcast);

    assertThat(TextFrames.framed(broadcast)).isSameAs(first);
    String equalButAnother = new String(broadcast.toCharArray());
    assertThat(TextFrames.framed(equalButAnother)).isNotSameAs(first).satisfies(
        frame -> assertThat(Arrays.equals(frame, first)).isTrue());
  }
}
