package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.protocol.WellFormed;
import dev.socketchat.testing.HostileFrames;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the Engine.IO and Socket.IO decoders under generated input: any text is a packet or a {@link
 * ProtocolViolation}, never another exception; what the server encodes decodes to the same packet; a decoded packet
 * holds no text that could not be sent back.
 */
class SocketIoCodecPropertyTest {

  @Provide
  Arbitrary<String> packets() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.randomValue(HostileFrames::socketIoPacket)),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)),
        Tuple.of(1, Arbitraries.strings().withChars("0123456-/,[]{}\"\\:a9").ofMaxLength(30)));
  }

  @Property
  void anyTextIsAPacketOrAViolationNeverAnotherException(@ForAll("packets") String text) {
    try {
      SocketIoPacket packet = SocketIoCodec.decode(text);
      assertThat(packet).isNotNull();
      assertThat(WellFormed.text(packet.namespace())).as("namespace %s", packet.namespace()).isTrue();
    } catch (ProtocolViolation expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property
  void anyEngineIoTextIsAPacketOrAViolation(@ForAll("packets") String text, @ForAll boolean message) {
    String wire = message ? "4" + text : text;
    try {
      EnginePacket packet = EnginePacket.parse(wire);
      assertThat(packet.wire()).isEqualTo(wire);
    } catch (ProtocolViolation expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property
  void anyPollingBodyIsPacketsOrAViolation(@ForAll("bodies") String body) {
    try {
      List<EnginePacket> packets = PollingPayload.decode(body);
      assertThat(packets).isNotEmpty().doesNotContainNull();
    } catch (ProtocolViolation expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> part =
        Arbitraries.oneOf(
            packets().map(packet -> "4" + packet),
            Arbitraries.strings().withChars("b=+/AZaz09").ofMaxLength(20),
            Arbitraries.strings().all().ofMaxLength(10));
    return part.list().ofMaxSize(5).map(parts -> String.join("\u001e", parts));
  }

  @Property
  void whatTheServerEncodesDecodesToTheSamePacket(@ForAll("wellFormedPackets") SocketIoPacket packet) {
    String text =
        SocketIoCodec.encode(packet.type(), packet.namespace(), packet.id(), packet.data(), packet.attachments());
    assertThat(SocketIoCodec.decode(text)).as(text).isEqualTo(packet);
  }

  @Property
  void pollingPayloadsRoundTrip(@ForAll @Size(min = 1, max = 6) List<@From("enginePackets") EnginePacket> sent) {
    List<EnginePacket> received = PollingPayload.decode(PollingPayload.encode(sent));
    assertThat(received).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      assertThat(received.get(i).toString()).isEqualTo(sent.get(i).toString());
      if (sent.get(i).isBinary()) {
        assertThat(received.get(i).bytes()).isEqualTo(sent.get(i).bytes());
      }
    }
  }

  @Provide
  Arbitrary<EnginePacket> enginePackets() {
    Arbitrary<EnginePacket> text =
        Combinators.combine(
                Arbitraries.of(EnginePacket.Type.values()),
                Arbitraries.strings().all().excludeChars(PollingPayload.SEPARATOR).ofMaxLength(30))
            .as(EnginePacket::of);
    Arbitrary<EnginePacket> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(EnginePacket::binary);
    return Arbitraries.oneOf(text, binary);
  }

  @Provide
  Arbitrary<SocketIoPacket> wellFormedPackets() {
    Arbitrary<String> namespace =
        Arbitraries.oneOf(
            Arbitraries.just("/"),
            Combinators.combine(
                    Arbitraries.strings().withCharRange('a', 'z').withChars("/-_é").ofMinLength(1).ofMaxLength(12),
                    Arbitraries.of("", "😀", "여행"))
                .as((name, wide) -> "/" + name + wide));
    Arbitrary<Long> id = Arbitraries.longs().between(0, 999_999_999_999_999L).injectNull(0.3);
    return Combinators.combine(Arbitraries.of(SocketIoPacket.Type.values()), namespace, id, texts(), texts())
        .as(
            (type, nsp, ackId, first, second) ->
                switch (type) {
                  case CONNECT -> new SocketIoPacket(type, nsp, null, object(first, second), 0);
                  case DISCONNECT -> new SocketIoPacket(type, nsp, null, null, 0);
                  case CONNECT_ERROR -> new SocketIoPacket(type, nsp, null, SharedJson.get().createValue(first), 0);
                  case EVENT -> new SocketIoPacket(type, nsp, ackId, array("ev" + first, second), 0);
                  case ACK -> new SocketIoPacket(type, nsp, ackId == null ? 0L : ackId, array(first, second), 0);
                  case BINARY_EVENT, BINARY_ACK -> new SocketIoPacket(
                      type, nsp, ackId, array("ev" + first, second), 1 + Math.abs(first.length() % 10));
                });
  }

  private static Arbitrary<String> texts() {
    return Arbitraries.strings().all().ofMaxLength(20);
  }

  private static JsonValue object(String key, String value) {
    return SharedJson.get().createObjectBuilder().add(key, value).add("n", key.length()).build();
  }

  private static JsonValue array(String first, String second) {
    JsonArrayBuilder array = SharedJson.get().createArrayBuilder().add(first).add(second);
    return array.add(SharedJson.get().createObjectBuilder().add("k", second)).add(JsonValue.NULL).build();
  }
}
