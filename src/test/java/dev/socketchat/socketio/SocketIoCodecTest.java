package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Socket.IO packets decode and encode as the reference parser (socket.io-parser) does them. */
class SocketIoCodecTest {

  @Test
  void packetsDecodeWithTheirNamespaceAckIdAndPayload() {
    SocketIoPacket connect = SocketIoCodec.decode("0/admin,{\"token\":\"123\"}");
    assertThat(connect.type()).isEqualTo(SocketIoPacket.Type.CONNECT);
    assertThat(connect.namespace()).isEqualTo("/admin");
    assertThat(connect.data().asJsonObject().getString("token")).isEqualTo("123");

    SocketIoPacket event = SocketIoCodec.decode("2/admin,13[\"hello\",1]");
    assertThat(event.namespace()).isEqualTo("/admin");
    assertThat(event.id()).isEqualTo(13L);
    assertThat(event.data().toString()).isEqualTo("[\"hello\",1]");

    SocketIoPacket plain = SocketIoCodec.decode("2[\"foo\"]");
    assertThat(plain.namespace()).isEqualTo("/");
    assertThat(plain.id()).isNull();

    assertThat(SocketIoCodec.decode("1/custom").namespace()).isEqualTo("/custom");
    assertThat(SocketIoCodec.decode("0").data()).isNull();
  }

  @Test
  void binaryPacketsCountTheirAttachments() {
    SocketIoPacket binary = SocketIoCodec.decode("52-/admin,7[\"baz\",{\"_placeholder\":true,\"num\":0}]");
    assertThat(binary.type()).isEqualTo(SocketIoPacket.Type.BINARY_EVENT);
    assertThat(binary.attachments()).isEqualTo(2);
    assertThat(binary.namespace()).isEqualTo("/admin");
    assertThat(binary.id()).isEqualTo(7L);
  }

  @Test
  void invalidPacketsAreViolations() {
    for (String bad :
        List.of(
            "",
            "abc",
            "7[]",
            "2{}",
            "2",
            "2[]",
            "2[\"disconnect\"]",
            "2[true]",
            "2abc[\"x\"]",
            "2[\"x\"]trailing",
            "2[\"x\"]\u0000",
            "2[\"x\"][\"y\"]",
            "1{}",
            "3{}",
            "0[]",
            "5-[\"x\"]",
            "511-[\"x\"]",
            "5x-[\"x\"]",
            "21234567890123456[\"x\"]",
            "0/\ud800,",
            "0/x\udc00",
            "2" + "[".repeat(5000) + "]".repeat(5000))) {
      assertThatThrownBy(() -> SocketIoCodec.decode(bad))
          .as(bad.length() > 40 ? bad.substring(0, 40) + "…" : bad)
          .isInstanceOf(ProtocolViolation.class);
    }
  }

  @Test
  void packetsEncodeAsTheReferenceParserDoes() {
    assertThat(SocketIoCodec.encode(SocketIoPacket.Type.CONNECT, "/", null, Json.createObjectBuilder().add("sid", "x").build(), 0))
        .isEqualTo("0{\"sid\":\"x\"}");
    assertThat(SocketIoCodec.encode(SocketIoPacket.Type.DISCONNECT, "/admin", null, null, 0)).isEqualTo("1/admin,");
    assertThat(SocketIoCodec.encode(SocketIoPacket.Type.ACK, "/admin", 13L, Json.createArrayBuilder().add("bar").build(), 0))
        .isEqualTo("3/admin,13[\"bar\"]");
    assertThat(SocketIoCodec.event("/", "chatting", Json.createValue("hi")).wire()).isEqualTo("42[\"chatting\",\"hi\"]");
    List<EnginePacket> binary =
        SocketIoCodec.withAttachments(
            SocketIoPacket.Type.ACK,
            "/",
            15L,
            Json.createArrayBuilder().add(Json.createObjectBuilder().add("_placeholder", true).add("num", 0)).build(),
            List.of(new byte[] {1, 2, 3, 4}));
    assertThat(binary.get(0).wire()).isEqualTo("461-15[{\"_placeholder\":true,\"num\":0}]");
    assertThat(binary.get(1).isBinary()).isTrue();
    assertThat(binary.get(1).bytes()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void aBroadcastFrameIsEncodedOnce() {
    EnginePacket frame = SocketIoCodec.event("/", "chatting", JsonValue.EMPTY_JSON_OBJECT);
    assertThat(frame.wire()).isSameAs(frame.wire());
  }
}
