package dev.socketchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.Broadcast;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.domain.RoomName;
import dev.socketchat.domain.RoomSummary;
import dev.socketchat.domain.RoomView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppRepliesTest {
  private static final Origin ORIGIN = new Origin(new ConnectionId("n:1"), null);
  private static final Origin TAGGED = new Origin(new ConnectionId("n:1"), "\"r1\"");
  private static final RoomId ROOM = new RoomId(1);
  private static final Nickname MINSU = new Nickname("민수");
  private static final Nickname JIYOUNG = new Nickname("지영");
  private static final Instant TIME = Instant.parse("2026-12-01T06:15:00Z");

  private static String members(RoomEvent event) {
    return AppReplies.encode(AppReplies.forMembers(event));
  }

  private static List<String> origin(RoomEvent event) {
    return AppReplies.forOrigin(new Broadcast(event));
  }

  private static RoomEvent joined(Origin origin) {
    return new RoomEvent.MemberJoined(
        ROOM, JIYOUNG, new RoomView(ROOM, new RoomName("제주"), MINSU, List.of(MINSU, JIYOUNG)), origin);
  }

  @Test
  void aNewRoomIsAnsweredWithItsNumberAndToldToTheLobby() {
    RoomEvent created = new RoomEvent.RoomCreated(ROOM, new RoomName("제주"), MINSU, ORIGIN);
    assertThat(origin(created)).containsExactly("{\"type\":\"SERVER_ROOM_CREATE\",\"status\":true,\"roomId\":1}");
    assertThat(members(created)).isEqualTo("{\"type\":\"BROAD_ROOM_CREATE\",\"roomId\":1,\"roomName\":\"제주\"}");
  }

  @Test
  void theJoinerGetsItsReplyThenTheNoticeEveryMemberGets() {
    assertThat(origin(joined(ORIGIN)))
        .containsExactly(
            "{\"type\":\"SERVER_ROOM_JOIN\",\"status\":true,\"roomId\":1}",
            "{\"type\":\"BROAD_ROOM_JOIN\",\"nickName\":\"지영\"}");
    assertThat(members(joined(ORIGIN))).isEqualTo("{\"type\":\"BROAD_ROOM_JOIN\",\"nickName\":\"지영\"}");
  }

  @Test
  void aMessageReachesEveryoneAsBroadChatSendAndTheSendersCopyEchoesItsRequestId() {
    RoomEvent chat = new RoomEvent.ChatPosted(ROOM, MINSU, new MessageText("안녕"), 2, TIME, ORIGIN);
    String notice = "{\"type\":\"BROAD_CHAT_SEND\",\"nickName\":\"민수\",\"message\":\"안녕\"}";
    assertThat(members(chat)).isEqualTo(notice);
    assertThat(origin(chat)).containsExactly(notice);
    RoomEvent tagged = new RoomEvent.ChatPosted(ROOM, MINSU, new MessageText("안녕"), 2, TIME, TAGGED);
    assertThat(origin(tagged))
        .containsExactly(
            "{\"type\":\"BROAD_CHAT_SEND\",\"nickName\":\"민수\",\"message\":\"안녕\",\"requestId\":\"r1\"}");
  }

  @Test
  void leavingIsAnsweredAndToldWithIsHost() {
    RoomEvent left = new RoomEvent.MemberLeft(ROOM, JIYOUNG, false, 1, ORIGIN);
    assertThat(origin(left)).containsExactly("{\"type\":\"SERVER_ROOM_EXIT\",\"status\":true}");
    assertThat(members(left)).isEqualTo("{\"type\":\"BROAD_ROOM_EXIT\",\"nickName\":\"지영\",\"isHost\":false}");
    RoomEvent hostLeft = new RoomEvent.RoomDeleted(ROOM, MINSU, true, false, ORIGIN);
    assertThat(origin(hostLeft)).containsExactly("{\"type\":\"SERVER_ROOM_EXIT\",\"status\":true}");
    assertThat(members(hostLeft)).isEqualTo("{\"type\":\"BROAD_ROOM_EXIT\",\"nickName\":\"민수\",\"isHost\":true}");
  }

  @Test
  void aDroppedConnectionIsToldToTheOthersOnly() {
    assertThat(origin(new RoomEvent.MemberLeft(ROOM, JIYOUNG, true, 1, ORIGIN))).isEmpty();
    RoomEvent hostDropped = new RoomEvent.RoomDeleted(ROOM, MINSU, true, true, ORIGIN);
    assertThat(origin(hostDropped)).isEmpty();
    assertThat(members(hostDropped)).isEqualTo("{\"type\":\"BROAD_ROOM_EXIT\",\"nickName\":\"민수\",\"isHost\":true}");
  }

  @Test
  void aDeletedRoomIsAnsweredAndToldAsDeleted() {
    RoomEvent deleted = new RoomEvent.RoomDeleted(ROOM, MINSU, false, false, TAGGED);
    assertThat(origin(deleted))
        .containsExactly("{\"type\":\"SERVER_ROOM_DELETE\",\"status\":true,\"roomId\":1,\"requestId\":\"r1\"}");
    assertThat(members(deleted)).isEqualTo("{\"type\":\"BROAD_ROOM_DELETE\",\"roomId\":1}");
  }

  @Test
  void openRoomsAndAnnouncementsAreNotTheAppsBusiness() {
    RoomKey key = new RoomKey("tour-1");
    assertThat(members(new RoomEvent.MemberJoined(key, MINSU, null, ORIGIN))).isNull();
    assertThat(origin(new RoomEvent.ChatPosted(key, MINSU, new MessageText("x"), 1, TIME, ORIGIN))).isEmpty();
  }

  @Test
  void theRoomListUsesTheAppsFieldNames() {
    String list =
        AppReplies.encode(
            AppReplies.roomList(List.of(new RoomSummary(ROOM, new RoomName("제주"), MINSU, 3)), null));
    assertThat(list)
        .isEqualTo(
            "{\"type\":\"SERVER_ROOM_GET\",\"status\":true,"
                + "\"roomList\":[{\"room_id\":1,\"room_name\":\"제주\",\"host\":\"민수\"}]}");
    assertThat(AppReplies.encode(AppReplies.nameSet(null))).isEqualTo("{\"type\":\"SERVER_NAME_SET\",\"status\":true}");
  }

  @Test
  void refusalsCarryTheRequestsReplyTypeAReasonAndTheRoomWhenKnown() {
    assertThat(AppReplies.encode(AppReplies.failure(RequestType.CLIENT_ROOM_JOIN, ROOM, Reason.NAME_TAKEN, "taken", "7")))
        .isEqualTo(
            "{\"type\":\"SERVER_ROOM_JOIN\",\"status\":false,\"roomId\":1,\"reason\":\"NAME_TAKEN\","
                + "\"detail\":\"taken\",\"requestId\":7}");
    assertThat(Dialect.APP.failure(RequestType.CLIENT_CHAT_SEND, null, Reason.NOT_MEMBER, "no room", null))
        .isEqualTo("{\"type\":\"SERVER_CHAT_SEND\",\"status\":false,\"reason\":\"NOT_MEMBER\",\"detail\":\"no room\"}");
    assertThat(Dialect.README.failure(RequestType.CLIENT_NAME_SET, null, Reason.BAD_USER_NAME, "bad", null))
        .startsWith("{\"type\":\"SERVER_NAME_SET\",\"status\":false");
    assertThat(Dialect.APP.failure(RequestType.CLIENT_ROOM_LIST, null, Reason.BAD_REQUEST_ID, "bad", null))
        .startsWith("{\"type\":\"SERVER_ROOM_LIST\",\"status\":false");
  }
}
