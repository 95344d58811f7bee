package dev.socketchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.Broadcast;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.protocol.ClientMessage.Invalid;
import dev.socketchat.protocol.ClientMessage.KickMember;
import org.junit.jupiter.api.Test;

class RoomKickMessagesTest {
  private static final RoomId ROOM = new RoomId(5);
  private static final Origin ORIGIN = new Origin(new ConnectionId("n:1"), "\"k-1\"");

  private static MemberKicked kicked(String note) {
    return new MemberKicked(
        ROOM, new Nickname("spam"), new ConnectionId("n:2"), new Nickname("민수"), note, 2, ORIGIN, 9);
  }

  @Test
  void aKickRequestIsReadInBothDialectsWithItsOptionalReason() {
    String frame =
        "{\"type\":\"CLIENT_ROOM_KICK\",\"roomID\":5,\"userName\":\"민수\",\"target\":\"spam\",\"reason\":\"광고\","
            + "\"requestId\":\"k-1\"}";
    for (Dialect dialect : Dialect.values()) {
      assertThat(ClientMessageReader.read(frame, dialect))
          .isEqualTo(
              new KickMember("\"k-1\"", ROOM, new Nickname("민수"), new Nickname("spam"), new MessageText("광고")));
    }
    assertThat(
            ClientMessageReader.read(
                "{\"type\":\"CLIENT_ROOM_KICK\",\"roomId\":\"5\",\"target\":\"spam\"}", Dialect.APP))
        .isEqualTo(new KickMember(null, ROOM, null, new Nickname("spam"), null));
  }

  @Test
  void aKickRequestWithoutARoomOrATargetOrWithABadReasonIsInvalid() {
    assertInvalid("{\"type\":\"CLIENT_ROOM_KICK\",\"userName\":\"a\",\"target\":\"b\"}", Reason.BAD_ROOM_ID);
    assertInvalid("{\"type\":\"CLIENT_ROOM_KICK\",\"roomID\":5,\"userName\":\"a\"}", Reason.BAD_USER_NAME);
    assertInvalid("{\"type\":\"CLIENT_ROOM_KICK\",\"roomID\":5,\"userName\":\"a\",\"target\":7}", Reason.BAD_USER_NAME);
    assertInvalid(
        "{\"type\":\"CLIENT_ROOM_KICK\",\"roomID\":5,\"userName\":\"a\",\"target\":\"elevenchars\"}",
        Reason.BAD_USER_NAME);
    assertInvalid(
        "{\"type\":\"CLIENT_ROOM_KICK\",\"roomID\":5,\"userName\":\"a\",\"target\":\"b\",\"reason\":\" \"}",
        Reason.BAD_MESSAGE);
  }

  private static void assertInvalid(String frame, Reason reason) {
    assertThat(ClientMessageReader.read(frame, Dialect.README))
        .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason()).isEqualTo(reason));
  }

  @Test
  void everyMemberGetsTheSameNumberedKickAndTheKickerItsRequestId() {
    assertThat(ChatReplies.encode(ChatReplies.forMembers(kicked("광고"))))
        .isEqualTo(
            "{\"type\":\"SERVER_ROOM_KICK\",\"status\":true,\"roomID\":5,\"seq\":9,\"nickName\":\"spam\",\"by\":\"민수\","
                + "\"note\":\"광고\"}");
    assertThat(ChatReplies.encode(ChatReplies.forOrigin(kicked(null))))
        .isEqualTo(
            "{\"type\":\"SERVER_ROOM_KICK\",\"status\":true,\"roomID\":5,\"seq\":9,\"nickName\":\"spam\",\"by\":\"민수\","
                + "\"requestId\":\"k-1\"}");
  }

  @Test
  void appDialectMembersHearTheKickInTheReadmeFormAndOpenRoomsKicksAreNotTold() {
    Broadcast broadcast = new Broadcast(kicked(null));
    assertThat(Dialect.APP.memberFrame(broadcast)).isEqualTo(Dialect.README.memberFrame(new Broadcast(kicked(null))));
    assertThat(Dialect.APP.originFrames(broadcast, null)).singleElement().asString().contains("\"requestId\":\"k-1\"");
    MemberKicked open =
        new MemberKicked(
            new RoomKey("lounge"), new Nickname("spam"), new ConnectionId("n:2"), new Nickname("mod"), null, 1, ORIGIN,
            0);
    assertThat(ChatReplies.forMembers(open)).isNull();
    assertThat(Dialect.APP.memberFrame(new Broadcast(open))).isNull();
  }

  @Test
  void aKickRefusalIsAnsweredInTheReadmeFormInBothDialects() {
    for (Dialect dialect : Dialect.values()) {
      assertThat(dialect.failure(RequestType.CLIENT_ROOM_KICK, ROOM, Reason.NOT_OWNER, "only the owner", "1"))
          .isEqualTo(
              "{\"type\":\"SERVER_ROOM_KICK\",\"status\":false,\"roomID\":5,\"reason\":\"NOT_OWNER\","
                  + "\"detail\":\"only the owner\",\"requestId\":1}");
    }
  }
}
