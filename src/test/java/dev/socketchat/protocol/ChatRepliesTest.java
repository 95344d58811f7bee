package dev.socketchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.ChatLine;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.LobbyChange;
import dev.socketchat.domain.LobbyNews;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomName;
import dev.socketchat.domain.RoomSummary;
import dev.socketchat.domain.RoomView;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRepliesTest {
  private static final Origin ORIGIN = new Origin(new ConnectionId("n:1"), "\"req-1\"");
  private static final RoomId ROOM = new RoomId(5);

  private static JsonObject json(ServerMessage message) {
    return Json.createReader(new StringReader(ChatReplies.encode(message))).readObject();
  }

  @Test
  void everyServerMessageSurvivesAJsonRoundTrip() {
    List<ServerMessage> messages =
        List.of(
            ChatReplies.forOrigin(new RoomEvent.RoomCreated(ROOM, new RoomName("방"), new Nickname("민수"), ORIGIN)),
            ChatReplies.forOrigin(joined()),
            ChatReplies.forMembers(joined()),
            ChatReplies.forOrigin(new RoomEvent.MemberLeft(ROOM, new Nickname("b"), false, 1, ORIGIN)),
            ChatReplies.forMembers(new RoomEvent.RoomDeleted(ROOM, new Nickname("a"), false, false, ORIGIN)),
            ChatReplies.forOrigin(chat()),
            ChatReplies.roomList(List.of(new RoomSummary(ROOM, new RoomName("r"), new Nickname("o"), 3)), null, "7"),
            ChatReplies.failure(RequestType.CLIENT_ROOM_JOIN, ROOM, Reason.NAME_TAKEN, "taken", "\"x\""),
            ChatReplies.authenticated(new Nickname("지영"), Instant.parse("2026-12-02T06:10:00Z"), true, "\"a\""),
            ChatReplies.failure(RequestType.CLIENT_AUTH, null, Reason.TOKEN_EXPIRED, "expired", null),
            ChatReplies.error(Reason.BAD_JSON, "not json", null));
    for (ServerMessage message : messages) {
      String text = ChatReplies.encode(message);
      assertThat(SharedJsonb.get().fromJson(text, message.getClass())).as(text).isEqualTo(message);
      assertThat(json(message).getString("type")).isEqualTo(typeOf(message));
    }
  }

  @Test
  void repliesUseTheOriginalFieldSpellingsAndPutTheTypeFirst() {
    String exit = ChatReplies.encode(
        ChatReplies.forMembers(new RoomEvent.MemberLeft(ROOM, new Nickname("b"), false, 1, ORIGIN)));
    assertThat(exit).isEqualTo("{\"type\":\"SERVER_ROOM_EXIT\",\"status\":true,\"roomID\":5,\"nickName\":\"b\"}");
    String chat = ChatReplies.encode(ChatReplies.forMembers(chat()));
    assertThat(chat)
        .isEqualTo("{\"type\":\"SERVER_CHAT_SEND\",\"status\":true,\"roomID\":5,\"nickname\":\"a\","
            + "\"message\":\"<b>hi</b>\",\"time\":\"2026-11-23T10:00:00.000Z\"}");
  }

  @Test
  void aModeratorsKickFromOutsideTheRoomIsAnsweredWithItsNoteButNoNumber() {
    assertThat(
            ChatReplies.encode(
                ChatReplies.kickedFromOutside(
                    new RoomId(5), new Nickname("aa"), new Nickname("mod9"), new MessageText("spam"), "\"k-1\"")))
        .isEqualTo(
            "{\"type\":\"SERVER_ROOM_KICK\",\"status\":true,\"roomID\":5,\"nickName\":\"aa\",\"by\":\"mod9\","
                + "\"note\":\"spam\",\"requestId\":\"k-1\"}");
    assertThat(
            json(ChatReplies.kickedFromOutside(new RoomId(5), new Nickname("aa"), new Nickname("mod9"), null, null)))
        .doesNotContainKeys("note", "seq");
  }

  @Test
  void theSignInReplyNamesTheUserAndWhenItsTokenEnds() {
    assertThat(
            ChatReplies.encode(
                ChatReplies.authenticated(new Nickname("kim"), Instant.parse("2026-12-02T06:10:00Z"), false, "1")))
        .isEqualTo(
            "{\"type\":\"SERVER_AUTH\",\"status\":true,\"userName\":\"kim\",\"expiresAt\":\"2026-12-02T06:10:00Z\","
                + "\"requestId\":1}");
    assertThat(json(ChatReplies.authenticated(new Nickname("kim"), Instant.EPOCH, true, null)).getBoolean("moderator"))
        .isTrue();
    assertThat(
            ChatReplies.encode(
                ChatReplies.failure(RequestType.CLIENT_AUTH, null, Reason.BAD_TOKEN, "the token was refused", null)))
        .isEqualTo(
            "{\"type\":\"SERVER_AUTH\",\"status\":false,\"reason\":\"BAD_TOKEN\","
                + "\"detail\":\"the token was refused\"}");
  }

  @Test
  void theOriginsCopyEchoesItsRequestIdAndOthersDoNot() {
    assertThat(json(ChatReplies.forOrigin(chat())).getString("requestId")).isEqualTo("req-1");
    assertThat(json(ChatReplies.forMembers(chat())).containsKey("requestId")).isFalse();
    Origin numeric = new Origin(new ConnectionId("n:1"), "42");
    RoomEvent posted =
        new RoomEvent.ChatPosted(ROOM, new Nickname("a"), new MessageText("m"), 1, Instant.EPOCH, numeric);
    assertThat(json(ChatReplies.forOrigin(posted)).getInt("requestId")).isEqualTo(42);
  }

  @Test
  void theJoinersReplyDescribesTheRoom() {
    JsonObject reply = json(ChatReplies.forOrigin(joined()));
    assertThat(reply.getString("roomName")).isEqualTo("방");
    assertThat(reply.getString("owner")).isEqualTo("a");
    assertThat(reply.getJsonArray("members").getValuesAs(jakarta.json.JsonString::getString))
        .containsExactly("a", "b");
    JsonObject notice = json(ChatReplies.forMembers(joined()));
    assertThat(notice.keySet()).containsExactly("type", "status", "roomID", "nickName");
  }

  @Test
  void theOwnerLeavingGetsAnExitReplyWhileMembersSeeADeletion() {
    RoomEvent ownerLeft = new RoomEvent.RoomDeleted(ROOM, new Nickname("a"), true, false, ORIGIN);
    assertThat(json(ChatReplies.forOrigin(ownerLeft)).getString("type")).isEqualTo("SERVER_ROOM_EXIT");
    assertThat(json(ChatReplies.forMembers(ownerLeft)).getString("type")).isEqualTo("SERVER_ROOM_DELETE");
  }

  @Test
  void failuresCarryStatusFalseTheReasonTheDetailAndTheRoomWhenKnown() {
    JsonObject failure =
        json(ChatReplies.failure(RequestType.CLIENT_CHAT_SEND, ROOM, Reason.NOT_MEMBER, "not in room 5", "1"));
    assertThat(failure.getString("type")).isEqualTo("SERVER_CHAT_SEND");
    assertThat(failure.getBoolean("status")).isFalse();
    assertThat(failure.getString("reason")).isEqualTo("NOT_MEMBER");
    assertThat(failure.getString("detail")).isEqualTo("not in room 5");
    assertThat(failure.getInt("roomID")).isEqualTo(5);
    assertThat(failure.getInt("requestId")).isEqualTo(1);
    JsonObject noRoom =
        json(ChatReplies.failure(RequestType.CLIENT_ROOM_CREATE, null, Reason.BAD_ROOM_NAME, "too long", null));
    assertThat(noRoom.containsKey("roomID")).isFalse();
  }

  @Test
  void eventsOfOpenRoomsAreNotRenderedForChatClients() {
    RoomEvent openChat = new RoomEvent.ChatPosted(
        new dev.socketchat.domain.RoomKey("k"), new Nickname("a"), new MessageText("m"), 1, Instant.EPOCH, ORIGIN);
    assertThat(ChatReplies.forMembers(openChat)).isNull();
    assertThat(ChatReplies.MEMBER_FRAMES.apply(openChat)).isNull();
  }

  private static String typeOf(ServerMessage message) {
    return message.getClass().getAnnotation(jakarta.json.bind.annotation.JsonbPropertyOrder.class) == null
        ? null
        : java.util.Arrays.stream(
                ServerMessage.class.getAnnotation(jakarta.json.bind.annotation.JsonbTypeInfo.class).value())
            .filter(subtype -> subtype.type() == message.getClass())
            .findFirst()
            .orElseThrow()
            .alias();
  }

  private static RoomEvent joined() {
    return new RoomEvent.MemberJoined(
        ROOM,
        new Nickname("b"),
        new RoomView(ROOM, new RoomName("방"), new Nickname("a"), List.of(new Nickname("a"), new Nickname("b"))),
        ORIGIN);
  }

  private static RoomEvent chat() {
    return new RoomEvent.ChatPosted(
        ROOM, new Nickname("a"), new MessageText("<b>hi</b>"), 2, Instant.parse("2026-11-23T10:00:00Z"), ORIGIN);
  }

  @Test
  void everyoneToldOfANumberedEventGetsItsSeqAndRefusalsCarryNone() {
    RoomEvent posted =
        new RoomEvent.ChatPosted(
            ROOM, new Nickname("a"), new MessageText("hi"), 2, Instant.parse("2026-11-23T10:00:00Z"), ORIGIN, 7);
    assertThat(json(ChatReplies.forOrigin(posted)).getInt("seq")).isEqualTo(7);
    assertThat(ChatReplies.encode(ChatReplies.forMembers(posted)))
        .isEqualTo("{\"type\":\"SERVER_CHAT_SEND\",\"status\":true,\"roomID\":5,\"seq\":7,\"nickname\":\"a\","
            + "\"message\":\"hi\",\"time\":\"2026-11-23T10:00:00.000Z\"}");
    RoomEvent created = new RoomEvent.RoomCreated(ROOM, new RoomName("방"), new Nickname("a"), ORIGIN, 1);
    assertThat(json(ChatReplies.forOrigin(created)).getInt("seq")).isEqualTo(1);
    RoomEvent left = new RoomEvent.MemberLeft(ROOM, new Nickname("b"), true, 1, ORIGIN, 8);
    assertThat(json(ChatReplies.forMembers(left)).getInt("seq")).isEqualTo(8);
    RoomEvent deleted = new RoomEvent.RoomDeleted(ROOM, new Nickname("a"), false, false, ORIGIN, 9);
    assertThat(json(ChatReplies.forOrigin(deleted)).getInt("seq")).isEqualTo(9);
    assertThat(json(ChatReplies.forMembers(deleted)).getInt("seq")).isEqualTo(9);
    RoomEvent ownerLeft = new RoomEvent.RoomDeleted(ROOM, new Nickname("a"), true, false, ORIGIN, 10);
    assertThat(json(ChatReplies.forOrigin(ownerLeft)).getInt("seq")).isEqualTo(10);
    for (RequestType type :
        List.of(
            RequestType.CLIENT_ROOM_CREATE,
            RequestType.CLIENT_ROOM_JOIN,
            RequestType.CLIENT_ROOM_EXIT,
            RequestType.CLIENT_ROOM_DELETE,
            RequestType.CLIENT_CHAT_SEND,
            RequestType.CLIENT_ROOM_HISTORY)) {
      JsonObject refusal = json(ChatReplies.failure(type, ROOM, Reason.NOT_MEMBER, "no", null));
      assertThat(refusal.containsKey("seq")).as(type.name()).isFalse();
      assertThat(refusal.getString("type")).isEqualTo(type.replyType());
    }
    assertThat(json(ChatReplies.forMembers(chat())).containsKey("seq")).as("an unnumbered event").isFalse();
  }

  @Test
  void theJoinerAloneGetsTheRoomsHistoryAndHistoryPagesListMessagesAsChatTellsThem() {
    Instant time = Instant.parse("2026-11-23T10:00:00Z");
    ChatLine line = new ChatLine(3, new Nickname("a"), new MessageText("<b>hi</b>"), time);
    RoomEvent joined =
        new RoomEvent.MemberJoined(
            ROOM,
            new Nickname("b"),
            new RoomView(ROOM, new RoomName("방"), new Nickname("a"), List.of(new Nickname("a")), List.of(line)),
            ORIGIN,
            4);
    JsonObject expected =
        Json.createObjectBuilder()
            .add("seq", 3)
            .add("nickname", "a")
            .add("message", "<b>hi</b>")
            .add("time", "2026-11-23T10:00:00.000Z")
            .build();
    JsonObject reply = json(ChatReplies.forOrigin(joined));
    assertThat(reply.getInt("seq")).isEqualTo(4);
    assertThat(reply.getJsonArray("history")).containsExactly(expected);
    assertThat(json(ChatReplies.forMembers(joined)).containsKey("history")).isFalse();
    assertThat(json(ChatReplies.forOrigin(joined())).getJsonArray("history")).isEmpty();

    ServerMessage page = ChatReplies.history(ROOM, List.of(line), "\"h\"");
    assertThat(ChatReplies.encode(page))
        .isEqualTo("{\"type\":\"SERVER_ROOM_HISTORY\",\"status\":true,\"roomID\":5,\"requestId\":\"h\","
            + "\"messages\":[" + expected + "]}");
    for (ServerMessage message : List.of(page, ChatReplies.forOrigin(joined))) {
      assertThat(SharedJsonb.get().fromJson(ChatReplies.encode(message), message.getClass())).isEqualTo(message);
    }
  }

  @Test
  void aRoomListCarriesAtMostAThousandRoomsAndSaysWhenThereAreMore() {
    List<RoomSummary> rooms =
        java.util.stream.IntStream.rangeClosed(1, 2500)
            .mapToObj(n -> new RoomSummary(new RoomId(n), new RoomName("방 " + n), new Nickname("o"), 1))
            .toList();
    JsonObject first = json(ChatReplies.roomList(rooms, null, null));
    assertThat(first.getJsonArray("rooms")).hasSize(ChatReplies.MAX_LISTED);
    assertThat(first.getBoolean("more")).isTrue();
    JsonObject last = json(ChatReplies.roomList(rooms, new RoomId(2000), null));
    assertThat(last.getJsonArray("rooms")).hasSize(500);
    assertThat(last.getJsonArray("rooms").getJsonObject(0).getInt("roomID")).isEqualTo(2001);
    assertThat(last.containsKey("more")).isFalse();
    assertThat(ChatReplies.encode(ChatReplies.roomList(rooms, null, null)).length())
        .as("far below the 1 MiB outbox limit")
        .isLessThan(200_000);
  }

  @Test
  void lobbyChangesAreOneFrameOfEntriesSpelledAsTheRoomListSpellsThem() {
    LobbyNews news =
        new LobbyNews(
            List.of(
                LobbyChange.created(new RoomId(8), new RoomName("부산"), new Nickname("지영"), 1),
                LobbyChange.members(new RoomId(7), 3),
                LobbyChange.deleted(ROOM)));
    assertThat(news.frame(ChatReplies.LOBBY_FRAMES))
        .isEqualTo(
            "{\"type\":\"SERVER_LOBBY_CHANGE\",\"status\":true,\"changes\":["
                + "{\"change\":\"created\",\"roomID\":8,\"roomName\":\"부산\",\"owner\":\"지영\",\"members\":1},"
                + "{\"change\":\"members\",\"roomID\":7,\"members\":3},"
                + "{\"change\":\"deleted\",\"roomID\":5}]}")
        .isSameAs(news.frame(ChatReplies.LOBBY_FRAMES));
    List<RoomSummary> rooms = List.of(new RoomSummary(ROOM, new RoomName("방"), new Nickname("o"), 2));
    assertThat(ChatReplies.encode(ChatReplies.lobbySubscribed(rooms, "\"s\"")))
        .isEqualTo(
            "{\"type\":\"SERVER_LOBBY_SUBSCRIBE\",\"status\":true,"
                + "\"rooms\":[{\"roomID\":5,\"roomName\":\"방\",\"owner\":\"o\",\"members\":2}],\"requestId\":\"s\"}");
    assertThat(ChatReplies.LOBBY_RESYNC)
        .startsWith("{\"type\":\"SERVER_LOBBY_RESYNC\",\"status\":false,\"reason\":\"MISSED_CHANGES\"");
  }
}
