package dev.socketchat.protocol;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.util.List;

/**
 * A frame the server sends to a {@code /chat} client. The record decides the {@code type}; fields that are null are
 * left out, so a success carries no {@code reason} and a failure only what it knows. The original field spellings
 * ({@code nickName} in exits and joins, {@code nickname} in chat) are kept on purpose. {@code seq} (an extension) is
 * the number of the room event a frame tells of.
 */
@JsonbTypeInfo(
    key = "type",
    value = {
      @JsonbSubtype(alias = "SERVER_ROOM_CREATE", type = ServerMessage.RoomCreate.class),
      @JsonbSubtype(alias = "SERVER_ROOM_DELETE", type = ServerMessage.RoomDelete.class),
      @JsonbSubtype(alias = "SERVER_ROOM_JOIN", type = ServerMessage.RoomJoin.class),
      @JsonbSubtype(alias = "SERVER_ROOM_EXIT", type = ServerMessage.RoomExit.class),
      @JsonbSubtype(alias = "SERVER_CHAT_SEND", type = ServerMessage.ChatSend.class),
      @JsonbSubtype(alias = "SERVER_ROOM_KICK", type = ServerMessage.RoomKick.class),
      @JsonbSubtype(alias = "SERVER_ROOM_LIST", type = ServerMessage.RoomList.class),
      @JsonbSubtype(alias = "SERVER_ROOM_HISTORY", type = ServerMessage.RoomHistory.class),
      @JsonbSubtype(alias = "SERVER_SESSION_RESUME", type = ServerMessage.SessionResume.class),
      @JsonbSubtype(alias = "SERVER_AUTH", type = ServerMessage.Auth.class),
      @JsonbSubtype(alias = "SERVER_LOBBY_SUBSCRIBE", type = ServerMessage.LobbySubscribe.class),
      @JsonbSubtype(alias = "SERVER_LOBBY_UNSUBSCRIBE", type = ServerMessage.LobbyUnsubscribe.class),
      @JsonbSubtype(alias = "SERVER_LOBBY_CHANGE", type = ServerMessage.LobbyChanges.class),
      @JsonbSubtype(alias = "SERVER_LOBBY_RESYNC", type = ServerMessage.LobbyResync.class),
      @JsonbSubtype(alias = "SERVER_ERROR", type = ServerMessage.Error.class)
    })
public sealed interface ServerMessage {

  /** {@code SERVER_ROOM_CREATE}; the creator's copy carries its {@code session} token when sessions are on. */
  @JsonbPropertyOrder({"status", "roomID", "seq", "roomName", "session", "reason", "detail", "requestId"})
  record RoomCreate(
      boolean status,
      Integer roomID,
      String roomName,
      String reason,
      String detail,
      JsonValue requestId,
      Long seq,
      String session)
      implements ServerMessage {}

  /** {@code SERVER_ROOM_DELETE}. */
  @JsonbPropertyOrder({"status", "roomID", "seq", "reason", "detail", "requestId"})
  record RoomDelete(boolean status, Integer roomID, String reason, String detail, JsonValue requestId, Long seq)
      implements ServerMessage {}

  /**
   * {@code SERVER_ROOM_JOIN}; the joiner's own copy also carries the room's name, owner, members and latest chat
   * ({@code history}, oldest first), and its {@code session} token when sessions are on.
   */
  @JsonbPropertyOrder({
    "status",
    "roomID",
    "seq",
    "nickName",
    "roomName",
    "owner",
    "members",
    "session",
    "reason",
    "detail",
    "requestId",
    "history"
  })
  record RoomJoin(
      boolean status,
      Integer roomID,
      String nickName,
      String roomName,
      String owner,
      List<String> members,
      String reason,
      String detail,
      JsonValue requestId,
      Long seq,
      List<HistoryMessage> history,
      String session)
      implements ServerMessage {}

  /** {@code SERVER_ROOM_EXIT}. */
  @JsonbPropertyOrder({"status", "roomID", "seq", "nickName", "reason", "detail", "requestId"})
  record RoomExit(
      boolean status, Integer roomID, String nickName, String reason, String detail, JsonValue requestId, Long seq)
      implements ServerMessage {}

  /**
   * {@code SERVER_ROOM_KICK} (an extension): {@code nickName} was removed from the room and banned from it by {@code
   * by}, the owner or a moderator; {@code note} is the kicker's reason, if it gave one. Every member gets it, the
   * kicked one included; the kicker's copy echoes its requestId.
   */
  @JsonbPropertyOrder({"status", "roomID", "seq", "nickName", "by", "note", "reason", "detail", "requestId"})
  record RoomKick(
      boolean status,
      Integer roomID,
      String nickName,
      String by,
      String note,
      String reason,
      String detail,
      JsonValue requestId,
      Long seq)
      implements ServerMessage {}

  /** {@code SERVER_CHAT_SEND}; {@code time} is when the server accepted the message (ISO-8601, UTC). */
  @JsonbPropertyOrder({"status", "roomID", "seq", "nickname", "message", "time", "reason", "detail", "requestId"})
  record ChatSend(
      boolean status,
      Integer roomID,
      String nickname,
      String message,
      String time,
      String reason,
      String detail,
      JsonValue requestId,
      Long seq)
      implements ServerMessage {}

  /** {@code SERVER_ROOM_HISTORY} (an extension): a page of a room's kept chat, oldest first. */
  @JsonbPropertyOrder({"status", "roomID", "reason", "detail", "requestId", "messages"})
  record RoomHistory(
      boolean status,
      Integer roomID,
      List<HistoryMessage> messages,
      String reason,
      String detail,
      JsonValue requestId)
      implements ServerMessage {}

  /**
   * {@code SERVER_SESSION_RESUME} (an extension): the resumed session's token and name, and how each asked room came
   * through; the missed events follow it.
   */
  @JsonbPropertyOrder({"status", "session", "userName", "rooms", "reason", "detail", "requestId"})
  record SessionResume(
      boolean status,
      String session,
      String userName,
      List<ResumedRoom> rooms,
      String reason,
      String detail,
      JsonValue requestId)
      implements ServerMessage {}

  /**
   * {@code SERVER_AUTH} (an extension): the name the token makes the connection speak as, until when ({@code
   * expiresAt}, ISO-8601, UTC), and {@code moderator: true} when its roles say so.
   */
  @JsonbPropertyOrder({"status", "userName", "expiresAt", "moderator", "reason", "detail", "requestId"})
  record Auth(
      boolean status,
      String userName,
      String expiresAt,
      Boolean moderator,
      String reason,
      String detail,
      JsonValue requestId)
      implements ServerMessage {}

  /** One room of {@code SERVER_SESSION_RESUME}: caught up on, or why not ({@code reason}). */
  @JsonbPropertyOrder({"roomID", "recovered", "reason"})
  record ResumedRoom(int roomID, boolean recovered, String reason) {}

  /** One chat message of a room's history, as {@code SERVER_CHAT_SEND} told it, with its event number. */
  @JsonbPropertyOrder({"seq", "nickname", "message", "time"})
  record HistoryMessage(long seq, String nickname, String message, String time) {}

  /** {@code SERVER_ROOM_LIST}; {@code more} (true, else absent) says rooms with higher numbers were left out. */
  @JsonbPropertyOrder({"status", "rooms", "more", "reason", "detail", "requestId"})
  record RoomList(
      boolean status, List<RoomEntry> rooms, Boolean more, String reason, String detail, JsonValue requestId)
      implements ServerMessage {}

  /** One room in {@code SERVER_ROOM_LIST}; {@code members} is how many. */
  @JsonbPropertyOrder({"roomID", "roomName", "owner", "members"})
  record RoomEntry(int roomID, String roomName, String owner, int members) {}

  /** {@code SERVER_LOBBY_SUBSCRIBE}: the first rooms as {@code SERVER_ROOM_LIST} has them; changes follow. */
  @JsonbPropertyOrder({"status", "rooms", "more", "reason", "detail", "requestId"})
  record LobbySubscribe(
      boolean status, List<RoomEntry> rooms, Boolean more, String reason, String detail, JsonValue requestId)
      implements ServerMessage {}

  /** {@code SERVER_LOBBY_UNSUBSCRIBE}: no change is pushed after it. */
  @JsonbPropertyOrder({"status", "reason", "detail", "requestId"})
  record LobbyUnsubscribe(boolean status, String reason, String detail, JsonValue requestId)
      implements ServerMessage {}

  /** {@code SERVER_LOBBY_CHANGE}: the latest change of each room that changed since the last one (pushed). */
  @JsonbPropertyOrder({"status", "changes"})
  record LobbyChanges(boolean status, List<LobbyEntry> changes) implements ServerMessage {}

  /**
   * One change in {@code SERVER_LOBBY_CHANGE}: {@code created} (with name, owner and head count), {@code members}
   * (the head count) or {@code deleted}; the fields as {@code SERVER_ROOM_LIST} spells them.
   */
  @JsonbPropertyOrder({"change", "roomID", "roomName", "owner", "members"})
  record LobbyEntry(String change, int roomID, String roomName, String owner, Integer members) {}

  /** {@code SERVER_LOBBY_RESYNC} (pushed): the subscription ended because changes were missed; subscribe again. */
  @JsonbPropertyOrder({"status", "reason", "detail"})
  record LobbyResync(boolean status, String reason, String detail) implements ServerMessage {}

  /** {@code SERVER_ERROR}: a frame that could not be read as a request at all. */
  @JsonbPropertyOrder({"status", "reason", "detail", "requestId"})
  @SuppressWarnings("JavaLangClash") // named after SERVER_ERROR and only ever written ServerMessage.Error
  record Error(boolean status, String reason, String detail, JsonValue requestId) implements ServerMessage {}
}
