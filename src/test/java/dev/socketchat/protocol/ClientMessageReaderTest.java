package dev.socketchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomName;
import dev.socketchat.domain.SessionResume;
import dev.socketchat.protocol.ClientMessage.Authenticate;
import dev.socketchat.protocol.ClientMessage.CreateRoom;
import dev.socketchat.protocol.ClientMessage.DeleteRoom;
import dev.socketchat.protocol.ClientMessage.ExitRoom;
import dev.socketchat.protocol.ClientMessage.GetRooms;
import dev.socketchat.protocol.ClientMessage.Invalid;
import dev.socketchat.protocol.ClientMessage.JoinRoom;
import dev.socketchat.protocol.ClientMessage.ListRooms;
import dev.socketchat.protocol.ClientMessage.ResumeSession;
import dev.socketchat.protocol.ClientMessage.RoomHistory;
import dev.socketchat.protocol.ClientMessage.SendChat;
import dev.socketchat.protocol.ClientMessage.SetName;
import dev.socketchat.protocol.ClientMessage.Unreadable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientMessageReaderTest {
  /** A frame as a connection of the README dialect reads it. */
  private static ClientMessage read(String frame) {
    return ClientMessageReader.read(frame, Dialect.README);
  }


  @Test
  void everyRequestTypeIsReadIntoItsRecord() {
    assertThat(read(
            "{\"type\":\"CLIENT_ROOM_CREATE\",\"roomName\":\"여행\",\"userName\":\"민수\",\"requestId\":\"a\"}"))
        .isEqualTo(new CreateRoom("\"a\"", new Nickname("민수"), new RoomName("여행")));
    assertThat(read("{\"type\":\"CLIENT_ROOM_DELETE\",\"roomID\":3,\"userName\":\"u\"}"))
        .isEqualTo(new DeleteRoom(null, new RoomId(3), new Nickname("u")));
    assertThat(read(
            "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":3,\"userName\":\"u\",\"requestId\":7}"))
        .isEqualTo(new JoinRoom("7", new RoomId(3), new Nickname("u")));
    assertThat(read("{\"type\":\"CLIENT_ROOM_EXIT\",\"roomID\":\"12\",\"userName\":\"u\"}"))
        .isEqualTo(new ExitRoom(null, new RoomId(12), new Nickname("u")));
    assertThat(read(
            "{\"type\":\"CLIENT_CHAT_SEND\",\"roomID\":3,\"userName\":\"u\",\"message\":\"hi\\nthere\"}"))
        .isEqualTo(new SendChat(null, new RoomId(3), new Nickname("u"), new MessageText("hi\nthere")));
    assertThat(read("{\"type\":\"CLIENT_ROOM_LIST\"}")).isEqualTo(new ListRooms(null));
  }

  @Test
  void aHistoryRequestReadsBeforeAndLimitOrTheirDefaults() {
    assertThat(read("{\"type\":\"CLIENT_ROOM_HISTORY\",\"roomID\":3,\"before\":41,\"limit\":20,\"requestId\":\"h\"}"))
        .isEqualTo(new RoomHistory("\"h\"", new RoomId(3), 41, 20));
    assertThat(read("{\"type\":\"CLIENT_ROOM_HISTORY\",\"roomId\":\"3\"}"))
        .isEqualTo(new RoomHistory(null, new RoomId(3), Long.MAX_VALUE, RoomHistory.DEFAULT_LIMIT));
    assertThat(read("{\"type\":\"CLIENT_ROOM_HISTORY\",\"roomID\":3,\"limit\":100,\"before\":1e3}"))
        .isEqualTo(new RoomHistory(null, new RoomId(3), 1000, 100));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"before\":0 | BAD_BEFORE",
        "\"before\":-4 | BAD_BEFORE",
        "\"before\":2.5 | BAD_BEFORE",
        "\"before\":\"7\" | BAD_BEFORE",
        "\"before\":1e30 | BAD_BEFORE",
        "\"before\":1e2147483647 | BAD_BEFORE",
        "\"before\":12e2147483647 | BAD_BEFORE",
        "\"limit\":0 | BAD_LIMIT",
        "\"limit\":101 | BAD_LIMIT",
        "\"limit\":\"5\" | BAD_LIMIT",
        "\"limit\":1.5 | BAD_LIMIT"
      })
  void aHistoryRequestWithABadFieldIsRefusedWithItsReason(String field, Reason reason) {
    ClientMessage read = read("{\"roomID\":3," + field + ",\"type\":\"CLIENT_ROOM_HISTORY\"}");
    assertThat(read)
        .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason()).isEqualTo(reason));
  }

  @Test
  void aResumeReadsItsSessionAndEachRoomsLastEventNumber() {
    assertThat(
            read(
                "{\"type\":\"CLIENT_SESSION_RESUME\",\"session\":\"aZ_-09\","
                    + "\"rooms\":[{\"roomID\":7,\"seq\":41},{\"roomId\":\"8\",\"seq\":0}],\"requestId\":1}"))
        .isEqualTo(
            new ResumeSession(
                "1",
                "aZ_-09",
                List.of(new SessionResume.Mark(new RoomId(7), 41), new SessionResume.Mark(new RoomId(8), 0))));
    assertThat(read("{\"type\":\"CLIENT_SESSION_RESUME\",\"session\":\"abc\"}"))
        .isEqualTo(new ResumeSession(null, "abc", List.of()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"rooms\":[]                                | BAD_SESSION",
        "\"session\":5                               | BAD_SESSION",
        "\"session\":\"\"                            | BAD_SESSION",
        "\"session\":\"has space\"                   | BAD_SESSION",
        "\"session\":\"s\",\"rooms\":{}              | BAD_ROOMS",
        "\"session\":\"s\",\"rooms\":[7]             | BAD_ROOMS",
        "\"session\":\"s\",\"rooms\":[{\"seq\":1}]   | BAD_ROOM_ID",
        "\"session\":\"s\",\"rooms\":[{\"roomID\":1}] | BAD_SEQ",
        "\"session\":\"s\",\"rooms\":[{\"roomID\":1,\"seq\":-1}] | BAD_SEQ",
        "\"session\":\"s\",\"rooms\":[{\"roomID\":1,\"seq\":\"4\"}] | BAD_SEQ",
        "\"session\":\"s\",\"rooms\":[{\"roomID\":1,\"seq\":1e2147483647}] | BAD_SEQ"
      })
  void aResumeWithABadFieldIsRefusedWithItsReason(String fields, Reason reason) {
    ClientMessage read = read("{" + fields + ",\"type\":\"CLIENT_SESSION_RESUME\"}");
    assertThat(read)
        .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason()).isEqualTo(reason));
  }

  @Test
  void aSignInReadsItsTokenInEitherDialectAndRefusesOneThatIsNoString() {
    String frame = "{\"type\":\"CLIENT_AUTH\",\"token\":\"a.b.c\",\"requestId\":\"s-1\"}";
    assertThat(read(frame)).isEqualTo(new Authenticate("\"s-1\"", "a.b.c"));
    assertThat(ClientMessageReader.read(frame, Dialect.APP)).isEqualTo(new Authenticate("\"s-1\"", "a.b.c"));
    for (String token : List.of("", "42", "null", "[\"a.b.c\"]", "{}")) {
      String field = token.isEmpty() ? "\"\"" : token;
      assertThat(read("{\"type\":\"CLIENT_AUTH\",\"token\":" + field + "}"))
          .as(field)
          .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason()).isEqualTo(Reason.BAD_TOKEN));
    }
    assertThat(read("{\"type\":\"CLIENT_AUTH\"}"))
        .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason()).isEqualTo(Reason.BAD_TOKEN));
  }

  @Test
  void aResumeListsAHundredRoomsAtMost() {
    String rooms = String.join(",", java.util.Collections.nCopies(101, "{\"roomID\":1,\"seq\":1}"));
    assertThat(read("{\"type\":\"CLIENT_SESSION_RESUME\",\"session\":\"s\",\"rooms\":[" + rooms + "]}"))
        .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason()).isEqualTo(Reason.BAD_ROOMS));
  }

  @Test
  void unknownExtraFieldsAreIgnored() {
    assertThat(read("{\"type\":\"CLIENT_ROOM_LIST\",\"client\":\"v2\",\"extra\":[1]}"))
        .isEqualTo(new ListRooms(null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json                      | BAD_JSON",
        "{\"type\":                    | BAD_JSON",
        "''                            | BAD_JSON",
        "[1]                           | NOT_OBJECT",
        "42                            | NOT_OBJECT",
        "null                          | NOT_OBJECT",
        "{}                            | BAD_TYPE",
        "{\"type\":5}                  | BAD_TYPE",
        "{\"type\":\"SERVER_ROOM_LIST\"} | UNKNOWN_TYPE",
        "{\"type\":\"client_room_list\"} | UNKNOWN_TYPE",
        "{\"type\":\"CLIENT_ROOM_EXPLODE\",\"requestId\":{}} | UNKNOWN_TYPE",
        "{\"type\":\"X\",\"requestId\":\"\\ud800\"} | UNKNOWN_TYPE",
        "{\"requestId\":[1]}           | BAD_TYPE",
        "{\"type\":true,\"requestId\":true} | BAD_TYPE",
      })
  void framesThatAreNoRequestBecomeUnreadable(String frame, Reason reason) {
    ClientMessage message = read(frame);
    assertThat(message).isInstanceOfSatisfying(Unreadable.class, u -> {
      assertThat(u.reason()).isEqualTo(reason);
      assertThat(u.detail()).isNotBlank();
    });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"CLIENT_ROOM_JOIN\",\"userName\":\"u\"}                             | BAD_ROOM_ID  | ",
        "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":\"abc\",\"userName\":\"u\"}          | BAD_ROOM_ID  | ",
        "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":0,\"userName\":\"u\"}                 | BAD_ROOM_ID  | ",
        "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":2.5,\"userName\":\"u\"}               | BAD_ROOM_ID  | ",
        "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":1e30,\"userName\":\"u\"}              | BAD_ROOM_ID  | ",
        "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":[1],\"userName\":\"u\"}               | BAD_ROOM_ID  | ",
        "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":4}                                    | BAD_USER_NAME | 4",
        "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":4,\"userName\":true}                  | BAD_USER_NAME | 4",
        "{\"type\":\"CLIENT_ROOM_CREATE\",\"userName\":\"u\"}                            | BAD_ROOM_NAME | ",
        "{\"type\":\"CLIENT_ROOM_CREATE\",\"userName\":\"u\",\"roomName\":{}}            | BAD_ROOM_NAME | ",
        "{\"type\":\"CLIENT_CHAT_SEND\",\"roomID\":4,\"userName\":\"u\",\"message\":7}  | BAD_MESSAGE   | 4",
        "{\"type\":\"CLIENT_CHAT_SEND\",\"roomID\":4,\"userName\":\"u\"}                | BAD_MESSAGE   | 4",
        "{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":[1]}                               | BAD_REQUEST_ID | ",
      })
  void knownTypesWithBadFieldsBecomeInvalidWithTheRoomWhenItWasValid(String frame, Reason reason, Integer room) {
    assertThat(read(frame)).isInstanceOfSatisfying(Invalid.class, invalid -> {
      assertThat(invalid.reason()).isEqualTo(reason);
      assertThat(invalid.roomId()).isEqualTo(room == null ? null : new RoomId(room));
    });
  }

  @Test
  void overlongRequestIdsAreRefused() {
    String frame = "{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":\"" + "x".repeat(129) + "\"}";
    assertThat(read(frame))
        .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).isEqualTo(Reason.BAD_REQUEST_ID));
  }

  @Test
  void aRequestIdIsCountedInCharactersAsEveryLengthIsSoAnEmojiIsOne() {
    String emoji = "\uD83D\uDE00";
    assertThat(read("{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":\"" + emoji.repeat(128) + "\"}"))
        .isEqualTo(new ListRooms("\"" + emoji.repeat(128) + "\""));
    assertThat(read("{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":\"" + emoji.repeat(129) + "\"}"))
        .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).isEqualTo(Reason.BAD_REQUEST_ID));
  }

  @Test
  void aNumericRequestIdThatCouldNotBeReadBackIsRefused() {
    // 12e2147483647 is written 1.2E+2147483648: an echo of it was unreadable, and closed the connection with 1011
    for (String written : new String[] {"12e2147483647", "123456789e2147483640", "-99e2147483647"}) {
      assertThat(read("{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":" + written + "}"))
          .as(written)
          .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).isEqualTo(Reason.BAD_REQUEST_ID));
    }
    assertThat(read("{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":1e2147483647}"))
        .isEqualTo(new ListRooms("1E+2147483647"));
    assertThat(ChatReplies.requestId("1E+2147483647")).as("its echo").hasToString("1E+2147483647");
  }

  @Test
  void deeplyNestedFramesAreAnsweredNotThrown() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThat(read(deep)).isInstanceOf(Unreadable.class);
    String deepObject = "{\"type\":\"CLIENT_ROOM_LIST\",\"x\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}";
    assertThat(read(deepObject)).isNotNull();
  }

  private static ClientMessage app(String frame) {
    return ClientMessageReader.read(frame, Dialect.APP);
  }

  @Test
  void theAppDialectLeavesOutTheNameAndTheRoomAndSpellsItRoomId() {
    assertThat(app("{\"type\":\"CLIENT_NAME_SET\",\"userName\":\"민수\"}"))
        .isEqualTo(new SetName(null, new Nickname("민수")));
    assertThat(app("{\"type\":\"CLIENT_ROOM_GET\"}")).isEqualTo(new GetRooms(null));
    assertThat(app("{\"type\":\"CLIENT_ROOM_CREATE\",\"roomName\":\"제주\"}"))
        .isEqualTo(new CreateRoom(null, null, new RoomName("제주")));
    assertThat(app("{\"type\":\"CLIENT_ROOM_JOIN\",\"roomId\":1}")).isEqualTo(new JoinRoom(null, new RoomId(1), null));
    assertThat(app("{\"type\":\"CLIENT_CHAT_SEND\",\"message\":\"안녕\"}"))
        .isEqualTo(new SendChat(null, null, null, new MessageText("안녕")));
    assertThat(app("{\"type\":\"CLIENT_ROOM_EXIT\"}")).isEqualTo(new ExitRoom(null, null, null));
    assertThat(app("{\"type\":\"CLIENT_ROOM_EXIT\",\"roomId\":1}")).isEqualTo(new ExitRoom(null, new RoomId(1), null));
    assertThat(app("{\"type\":\"CLIENT_ROOM_DELETE\",\"requestId\":3}")).isEqualTo(new DeleteRoom("3", null, null));
    assertThat(app("{\"type\":\"CLIENT_CHAT_SEND\",\"message\":\"hi\",\"roomId\":null}"))
        .as("a null room is no room: the connection's own")
        .isEqualTo(new SendChat(null, null, null, new MessageText("hi")));
  }

  @Test
  void theAppDialectsOwnRequestsReadTheSameInTheReadmeDialect() {
    assertThat(read("{\"type\":\"CLIENT_NAME_SET\",\"userName\":\"민수\"}"))
        .isEqualTo(new SetName(null, new Nickname("민수")));
    assertThat(read("{\"type\":\"CLIENT_ROOM_GET\",\"requestId\":\"g\"}")).isEqualTo(new GetRooms("\"g\""));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"CLIENT_NAME_SET\"}                                   | BAD_USER_NAME",
        "{\"type\":\"CLIENT_NAME_SET\",\"userName\":\"abcdefghijk\"}      | BAD_USER_NAME",
        "{\"type\":\"CLIENT_NAME_SET\",\"userName\":7}                    | BAD_USER_NAME",
        "{\"type\":\"CLIENT_ROOM_CREATE\"}                                | BAD_ROOM_NAME",
        "{\"type\":\"CLIENT_ROOM_CREATE\",\"roomName\":\"제주\",\"userName\":\"\"} | BAD_USER_NAME",
        "{\"type\":\"CLIENT_ROOM_JOIN\"}                                  | BAD_ROOM_ID",
        "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomId\":\"one\"}                | BAD_ROOM_ID",
        "{\"type\":\"CLIENT_ROOM_EXIT\",\"roomId\":-1}                     | BAD_ROOM_ID",
        "{\"type\":\"CLIENT_CHAT_SEND\"}                                  | BAD_MESSAGE",
        "{\"type\":\"CLIENT_CHAT_SEND\",\"message\":\"  \"}                 | BAD_MESSAGE",
      })
  void theAppDialectRefusesWhatIsMissingOrWrong(String frame, Reason reason) {
    assertThat(app(frame)).isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason()).isEqualTo(reason));
  }

  @Test
  void theReadmeDialectStillRequiresTheNameAndTheRoom() {
    assertThat(read("{\"type\":\"CLIENT_ROOM_CREATE\",\"roomName\":\"제주\"}"))
        .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason()).isEqualTo(Reason.BAD_USER_NAME));
    assertThat(read("{\"type\":\"CLIENT_CHAT_SEND\",\"userName\":\"u\",\"message\":\"hi\"}"))
        .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason()).isEqualTo(Reason.BAD_ROOM_ID));
    assertThat(read("{\"type\":\"CLIENT_ROOM_JOIN\",\"roomId\":2,\"userName\":\"u\"}"))
        .as("either spelling of the room is read")
        .isEqualTo(new JoinRoom(null, new RoomId(2), new Nickname("u")));
  }

  @Test
  void textAfterTheJsonObjectMakesTheFrameInvalid() {
    assertThat(read("{\"type\":\"CLIENT_ROOM_LIST\"} trailing"))
        .isInstanceOfSatisfying(Unreadable.class, u -> assertThat(u.reason()).isEqualTo(Reason.BAD_JSON));
    assertThat(read("{\"type\":\"CLIENT_ROOM_LIST\"}{}"))
        .isInstanceOfSatisfying(Unreadable.class, u -> assertThat(u.reason()).isEqualTo(Reason.BAD_JSON));
    assertThat(read(" {\"type\":\"CLIENT_ROOM_LIST\"}\n ")).as("white space is fine").isEqualTo(new ListRooms(null));
  }

  @Test
  void aRoomNumberIsReadByItsValueHoweverItIsWritten() {
    for (String written : new String[] {"5", "5.0", "5e0", "50e-1", "\"5\""}) {
      assertThat(read("{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":" + written + ",\"userName\":\"u\"}"))
          .as(written)
          .isEqualTo(new JoinRoom(null, new RoomId(5), new Nickname("u")));
    }
    for (String written : new String[] {"5.5", "1e10", "1e999999999", "-0.0"}) {
      assertThat(read("{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":" + written + ",\"userName\":\"u\"}"))
          .as(written)
          .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).isEqualTo(Reason.BAD_ROOM_ID));
    }
  }
}
