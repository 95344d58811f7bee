package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameGuardTest {
  private static final int LIMIT = 65_536;

  /** A client frame header: FIN and opcode, then the length in the shortest form, masked unless told otherwise. */
  private static byte[] header(int finAndOpcode, long length, boolean masked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(finAndOpcode);
    int maskBit = masked ? 0x80 : 0;
    if (length >= 0 && length < 126) {
      out.write(maskBit | (int) length);
    } else if (length >= 0 && length < 65_536) {
      out.write(maskBit | 126);
      out.write((int) (length >>> 8));
      out.write((int) length);
    } else {
      out.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (length >>> shift));
      }
    }
    if (masked) {
      out.writeBytes(new byte[] {1, 2, 3, 4});
    }
    return out.toByteArray();
  }

  private static byte[] frame(int finAndOpcode, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header(finAndOpcode, length, true));
    out.writeBytes(new byte[length]);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void framesWithinTheLimitPassWhole() {
    FrameGuard guard = new FrameGuard(LIMIT);
    byte[] bytes = concat(frame(0x81, 10), frame(0x81, 300), frame(0x81, LIMIT), frame(0x89, 4));
    assertThat(guard.admit(ByteBuffer.wrap(bytes))).isEqualTo(bytes.length);
    assertThat(guard.refusal()).isEmpty();
  }

  @Test
  void aHeaderAnnouncingFourMegabytesIsRefusedWith1009BeforeItsPayload() {
    FrameGuard guard = new FrameGuard(LIMIT);
    byte[] small = frame(0x81, 20);
    byte[] bytes = concat(small, header(0x81, 4_100_000, true), new byte[100]);
    assertThat(guard.admit(ByteBuffer.wrap(bytes))).isEqualTo(small.length);
    assertThat(guard.refusal()).hasValueSatisfying(refusal -> assertThat(refusal.code()).isEqualTo(1009));
    assertThat(guard.admit(ByteBuffer.wrap(frame(0x81, 1)))).as("nothing passes after a refusal").isZero();
  }

  @Test
  void oneByteOverTheLimitIsRefused() {
    FrameGuard guard = new FrameGuard(LIMIT);
    assertThat(guard.admit(ByteBuffer.wrap(header(0x82, LIMIT + 1, true)))).isZero();
    assertThat(guard.refusal()).hasValueSatisfying(refusal -> assertThat(refusal.code()).isEqualTo(1009));
  }

  @Test
  void aSixtyFourBitLengthWithItsTopBitSetIsRefused() {
    FrameGuard guard = new FrameGuard(LIMIT);
    guard.admit(ByteBuffer.wrap(header(0x81, Long.MIN_VALUE + 5, true)));
    assertThat(guard.refusal()).hasValueSatisfying(refusal -> assertThat(refusal.code()).isEqualTo(1009));
  }

  @Test
  void fragmentsAreSummedOverTheirMessageAndControlFramesBetweenThemDoNotCount() {
    FrameGuard guard = new FrameGuard(LIMIT);
    byte[] first = frame(0x01, 40_000);
    byte[] ping = frame(0x89, 10);
    byte[] second = frame(0x00, 20_000);
    int admitted = guard.admit(ByteBuffer.wrap(concat(first, ping, second, header(0x80, 10_000, true))));
    assertThat(admitted).isEqualTo(first.length + ping.length + second.length);
    assertThat(guard.refusal()).hasValueSatisfying(refusal -> assertThat(refusal.code()).isEqualTo(1009));
  }

  @Test
  void aFinishedMessageStartsTheCountAfresh() {
    FrameGuard guard = new FrameGuard(LIMIT);
    byte[] bytes = concat(frame(0x01, 40_000), frame(0x80, 20_000), frame(0x01, 40_000), frame(0x80, 20_000));
    assertThat(guard.admit(ByteBuffer.wrap(bytes))).isEqualTo(bytes.length);
    assertThat(guard.refusal()).isEmpty();
  }

  @Test
  void anUnmaskedFrameIsRefusedWith1002() {
    FrameGuard guard = new FrameGuard(LIMIT);
    assertThat(guard.admit(ByteBuffer.wrap(concat(header(0x81, 5, false), new byte[5])))).isZero();
    assertThat(guard.refusal()).hasValueSatisfying(refusal -> assertThat(refusal.code()).isEqualTo(1002));
  }

  @Test
  void aControlFrameOver125BytesIsRefusedWith1002() {
    FrameGuard guard = new FrameGuard(LIMIT);
    guard.admit(ByteBuffer.wrap(header(0x89, 126, true)));
    assertThat(guard.refusal()).hasValueSatisfying(refusal -> assertThat(refusal.code()).isEqualTo(1002));
  }

  @Test
  void headersAndPayloadsSplitAcrossReadsAreFollowedByteByByte() {
    FrameGuard guard = new FrameGuard(LIMIT);
    byte[] bytes = concat(frame(0x81, 200), frame(0x81, 70_000 - 10_000), header(0x81, 1_000_000, true));
    int admitted = 0;
    for (byte b : bytes) {
      admitted += guard.admit(ByteBuffer.wrap(new byte[] {b}));
    }
    assertThat(guard.refusal()).hasValueSatisfying(refusal -> assertThat(refusal.code()).isEqualTo(1009));
    assertThat(admitted).as("every byte before the last header's final byte went on").isEqualTo(bytes.length - 1);
  }

  @Test
  void aPingIsNotedOnceItHasComeInFullAsASignOfLifeThatTheContainerAnswersUnseen() {
    FrameGuard guard = new FrameGuard(LIMIT);
    assertThat(guard.pingedAt()).as("none yet").isZero();
    byte[] ping = frame(0x89, 8);
    guard.admit(ByteBuffer.wrap(ping, 0, ping.length - 1));
    assertThat(guard.pingedAt()).as("a ping short of its last byte").isZero();
    long before = System.nanoTime();
    guard.admit(ByteBuffer.wrap(ping, ping.length - 1, 1));
    assertThat(guard.pingedAt() - before).as("noted as it completed").isGreaterThanOrEqualTo(0);
    long first = guard.pingedAt();
    guard.admit(ByteBuffer.wrap(concat(frame(0x81, 5), frame(0x8a, 0))));
    assertThat(guard.pingedAt()).as("data and pongs are the endpoint's to hear").isEqualTo(first);
    guard.admit(ByteBuffer.wrap(frame(0x89, 0)));
    assertThat(guard.pingedAt() - first).as("an empty ping").isGreaterThan(0);

    FrameGuard refused = new FrameGuard(LIMIT);
    refused.admit(ByteBuffer.wrap(concat(header(0x81, 5, false), frame(0x89, 0))));
    assertThat(refused.pingedAt()).as("nothing after a refusal counts").isZero();
  }

  @Test
  void onlyTheBytesFromItsPositionToItsLimitAreRead() {
    FrameGuard guard = new FrameGuard(LIMIT);
    byte[] good = frame(0x81, 3);
    ByteBuffer buffer = ByteBuffer.wrap(concat(header(0x81, 5, false), good));
    buffer.position(header(0x81, 5, false).length);
    assertThat(guard.admit(buffer)).isEqualTo(good.length);
    assertThat(buffer.position()).isEqualTo(header(0x81, 5, false).length);
    assertThat(guard.refusal()).isEmpty();
  }

  @Test
  void theClientsCloseFrameIsNotedOnlyOnceItsPayloadHasCome() {
    FrameGuard guard = new FrameGuard(LIMIT);
    byte[] bytes = concat(frame(0x81, 20), frame(0x88, 2));
    guard.admit(ByteBuffer.wrap(bytes, 0, bytes.length - 1));
    assertThat(guard.peerClosed()).isFalse();
    guard.admit(ByteBuffer.wrap(bytes, bytes.length - 1, 1));
    assertThat(guard.peerClosed()).isTrue();
  }

  @Test
  void afterARefusalTheFramesAreStillFollowedToTheClientsClose() {
    FrameGuard guard = new FrameGuard(LIMIT);
    byte[] before = frame(0x81, 5);
    byte[] bytes = concat(before, frame(0x81, LIMIT + 1), frame(0x81, 7));
    assertThat(guard.admit(ByteBuffer.wrap(bytes))).isEqualTo(before.length);
    assertThat(guard.peerClosed()).isFalse();
    assertThat(guard.admit(ByteBuffer.wrap(frame(0x88, 0)))).isZero();
    assertThat(guard.peerClosed()).isTrue();
  }

  @Test
  void bytesAfterTheServersCloseAreFollowedWithoutChecksToTheClientsClose() {
    FrameGuard guard = new FrameGuard(LIMIT);
    guard.discard(ByteBuffer.wrap(concat(header(0x81, 3, false), new byte[3], frame(0x89, 200))));
    assertThat(guard.refusal()).isEmpty();
    assertThat(guard.peerClosed()).isFalse();
    guard.discard(ByteBuffer.wrap(frame(0x88, 2)));
    assertThat(guard.peerClosed()).isTrue();
  }
}
