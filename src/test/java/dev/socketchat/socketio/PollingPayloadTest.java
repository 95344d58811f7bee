package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long-polling bodies: packets joined by the record separator, binary as base64. */
class PollingPayloadTest {

  @Test
  void packetsAreJoinedByTheRecordSeparatorAndBinaryIsBase64() {
    String body =
        PollingPayload.encode(
            List.of(EnginePacket.message("hello"), EnginePacket.PING, EnginePacket.binary(new byte[] {1, 2, 3, 4})));
    assertThat(body).isEqualTo("4hello\u001e2\u001ebAQIDBA==");
  }

  @Test
  void aBodyDecodesIntoItsPackets() {
    List<EnginePacket> packets = PollingPayload.decode("4hello\u001e2\u001ebAQIDBA==\u001e3\u001e4€ 한글");
    assertThat(packets).extracting(EnginePacket::type)
        .containsExactly(
            EnginePacket.Type.MESSAGE,
            EnginePacket.Type.PING,
            EnginePacket.Type.MESSAGE,
            EnginePacket.Type.PONG,
            EnginePacket.Type.MESSAGE);
    assertThat(packets.get(0).data()).isEqualTo("hello");
    assertThat(packets.get(2).bytes()).containsExactly(1, 2, 3, 4);
    assertThat(packets.get(4).data()).isEqualTo("€ 한글");
  }

  @Test
  void base64BrokenIntoLinesAsSocketIoClientJavaSendsItIsDecoded() {
    // engine.io-client-java 2.x encodes with android.util.Base64.DEFAULT: a line break every 76 characters and at the
    // end
    byte[] bytes = new byte[100];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    String base64 = java.util.Base64.getEncoder().encodeToString(bytes);
    String lines = base64.substring(0, 76) + "\n" + base64.substring(76) + "\n";
    assertThat(PollingPayload.decode("bAQID\n").get(0).bytes()).containsExactly(1, 2, 3);
    assertThat(PollingPayload.decode("b" + lines + "\u001e4x").get(0).bytes()).isEqualTo(bytes);
    assertThat(PollingPayload.decode("bAQ\r\nID").get(0).bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void base64ThatIsNotTheStandardAlphabetIsStillAViolation() {
    for (String bad : List.of("b-_8", "bAQ ID", "bAQ\n\nID!")) {
      assertThatThrownBy(() -> PollingPayload.decode(bad)).as(bad).isInstanceOf(ProtocolViolation.class);
    }
  }

  @Test
  void aBodyThatIsNotUtf8IsAViolationRatherThanReplacementCharacters() {
    byte[] broken = {'4', 'a', (byte) 0xFF, (byte) 0xC0, (byte) 0x80};
    assertThatThrownBy(() -> PollingPayload.text(broken)).isInstanceOf(ProtocolViolation.class);
    assertThat(PollingPayload.text("4€ 한글".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("4€ 한글");
  }

  @Test
  void garbageIsAViolation() {
    for (String bad : List.of("", "x", "4ok\u001e", "b!!!", "4a\u001e\u001e4b")) {
      assertThatThrownBy(() -> PollingPayload.decode(bad)).as(bad).isInstanceOf(ProtocolViolation.class);
    }
  }

  @Test
  void packetsAreHandedOnAsTheyAreReadAndThoseBeforeABrokenPartAreHandled() {
    List<EnginePacket> handled = new ArrayList<>();
    assertThatThrownBy(() -> PollingPayload.each("4a\u001e6\u001ex\u001e4b", handled::add))
        .isInstanceOf(ProtocolViolation.class);
    assertThat(handled)
        .extracting(EnginePacket::type)
        .containsExactly(EnginePacket.Type.MESSAGE, EnginePacket.Type.NOOP);
  }

  @Test
  void aHandlerThatRefusesAPacketStopsTheReading() {
    List<EnginePacket> handled = new ArrayList<>();
    boolean tookAll =
        PollingPayload.each(
            "6\u001e2\u001ex", packet -> handled.add(packet) && packet.type() != EnginePacket.Type.PING);
    assertThat(tookAll).isFalse();
    assertThat(handled).extracting(EnginePacket::type).containsExactly(EnginePacket.Type.NOOP, EnginePacket.Type.PING);
  }
}
