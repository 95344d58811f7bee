package dev.socketchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomName;
import dev.socketchat.protocol.ClientMessage.CreateRoom;
import dev.socketchat.protocol.ClientMessage.ExitRoom;
import dev.socketchat.protocol.ClientMessage.Invalid;
import dev.socketchat.protocol.ClientMessage.JoinRoom;
import dev.socketchat.protocol.ClientMessage.Request;
import dev.socketchat.protocol.ClientMessage.SendChat;
import dev.socketchat.protocol.ClientMessage.Unreadable;
import dev.socketchat.testing.HostileFrames;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the {@code /chat} decoder under generated frames, hostile ones above all: every frame becomes a
 * message, never an exception; every refusal is answered with a frame the server can send; accepted requests carry
 * only text that can be echoed.
 */
class ClientMessageReaderPropertyTest {

  @Provide
  Arbitrary<String> frames() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.randomValue(HostileFrames::chatFrame)),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(60)),
        Tuple.of(1, wellFormedRequests()),
        Tuple.of(1, longTypes()));
  }

  /** Unknown types long enough to be clipped in the reply's detail, pairs of surrogates anywhere in them. */
  private static Arbitrary<String> longTypes() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(30).ofMaxLength(45),
            Arbitraries.of("\ud83d\ude00", "\ud840\udc0b", "é", "x"),
            Arbitraries.integers().between(1, 5))
        .as((prefix, wide, times) -> "{\"type\":\"" + prefix + wide.repeat(times) + "\"}");
  }

  /** Requests a client could mean, with a long type or requestId now and then. */
  private static Arbitrary<String> wellFormedRequests() {
    Arbitrary<String> type = Arbitraries.of(RequestType.values()).map(Enum::name);
    Arbitrary<String> texts = Arbitraries.strings().all().ofMaxLength(50);
    return Combinators.combine(type, texts, texts, Arbitraries.integers().between(-1, 100))
        .as(
            (t, name, tag, room) ->
                Json.createObjectBuilder()
                    .add("type", room < 0 ? t + name : t)
                    .add("requestId", tag)
                    .add("userName", name)
                    .add("roomName", name)
                    .add("message", name)
                    .add("roomID", room)
                    .build()
                    .toString());
  }

  @Property
  void everyFrameDecodesToAMessageNeverToAnException(@ForAll("frames") String frame) {
    ClientMessage message = ClientMessageReader.read(frame);
    assertThat(message).isNotNull();
    for (Dialect dialect : Dialect.values()) {
      assertThat(message.readAs(dialect)).isNotNull().isNotInstanceOf(Request.class);
    }
  }

  @Property
  void everyRefusalIsAnsweredWithAStatusFalseFrameThatCanBeSent(@ForAll("frames") String frame) {
    for (Dialect dialect : Dialect.values()) {
      ClientMessage message = ClientMessageReader.read(frame, dialect);
      String reply;
      if (message instanceof Invalid invalid) {
        reply = dialect.failure(invalid.type(), invalid.roomId(), invalid.reason(), invalid.detail(), invalid.tag());
      } else if (message instanceof Unreadable unreadable) {
        reply = ChatReplies.encode(ChatReplies.error(unreadable.reason(), unreadable.detail(), unreadable.tag()));
      } else {
        continue;
      }
      assertSendable(reply);
      JsonObject json = Json.createReader(new StringReader(reply)).readObject();
      assertThat(json.getBoolean("status")).as(reply).isFalse();
      assertThat(json.getString("reason")).as(reply).isNotBlank();
      assertThat(json.getString("detail")).as(reply).isNotBlank();
    }
  }

  @Property
  void anAcceptedRequestHoldsOnlyTextThatCanBeEchoed(@ForAll("frames") String frame) {
    for (Dialect dialect : Dialect.values()) {
      ClientMessage message = ClientMessageReader.read(frame, dialect);
      if (!(message instanceof Invalid || message instanceof Unreadable)) {
        // a record's text form holds every field, each set apart by ASCII: one broken field shows in it
        assertThat(WellFormed.text(message.toString())).as("%s", message).isTrue();
        if (message.tag() != null) {
          assertSendable(ChatReplies.encode(ChatReplies.error(Reason.BAD_JSON, "x", message.tag())));
        }
      }
    }
  }

  @Property
  void aRequestWrittenOutIsReadBackAsTheSameRequest(
      @ForAll("texts") String name, @ForAll("texts") String text, @ForAll("roomNumbers") int room) {
    Nickname userName;
    RoomName roomName;
    MessageText message;
    try {
      userName = new Nickname(name);
      roomName = new RoomName(text);
      message = new MessageText(text);
    } catch (Refusal refused) {
      Assume.that(false);
      return;
    }
    RoomId roomId = new RoomId(room);
    for (ClientMessage request :
        List.of(
            new CreateRoom("\"" + room + "\"", userName, roomName),
            new JoinRoom(null, roomId, userName),
            new SendChat(Integer.toString(room), roomId, userName, message),
            new ExitRoom(null, roomId, userName))) {
      JsonObjectBuilder frame = Json.createObjectBuilder().add("type", request.type().name());
      if (request.tag() != null) {
        frame.add("requestId", Json.createReader(new StringReader(request.tag())).readValue());
      }
      frame.add("userName", name).add("roomID", room).add("roomName", text).add("message", text);
      assertThat(ClientMessageReader.read(frame.build().toString(), Dialect.README)).isEqualTo(request);
    }
  }

  /** Text a person might type, and some nobody would. */
  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12)),
        Tuple.of(
            4,
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars("가나다 éß\u00a0\u3000")
                .ofMaxLength(10)
                .filter(t -> !t.isBlank())));
  }

  @Property
  void aRoomNumberIsReadTheSameHoweverItIsWritten(@ForAll("roomNumbers") int room) {
    for (String written : new String[] {room + "", room + ".0", room + "e0", "\"" + room + "\"", room + "0e-1"}) {
      ClientMessage message =
          ClientMessageReader.read("{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":" + written + ",\"userName\":\"u\"}",
              Dialect.README);
      assertThat(message.roomId()).as(written).isEqualTo(new RoomId(room));
    }
  }

  @Provide
  Arbitrary<Integer> roomNumbers() {
    return Arbitraries.integers().between(1, Integer.MAX_VALUE);
  }

  /** Fails unless the text is well-formed UTF-16 that a strict UTF-8 encoder takes, as the container's does. */
  static void assertSendable(String text) {
    try {
      StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new AssertionError("cannot be sent as UTF-8: " + escaped(text), e);
    }
  }

  /** The text with everything outside printable ASCII as a Java escape, so a failure shows what it holds. */
  static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    text.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : "\\u%04x".formatted(c)));
    return out.toString();
  }
}
