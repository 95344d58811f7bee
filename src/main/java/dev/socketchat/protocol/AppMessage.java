package dev.socketchat.protocol;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.util.List;

/**
 * A frame the server sends to a {@code /chat} client of the {@linkplain Dialect#APP app dialect}: replies ({@code
 * SERVER_*}, carrying {@code roomId}) and room notices ({@code BROAD_*}). Null fields are left out; the spellings
 * ({@code roomId}, {@code nickName}, {@code room_id}, {@code isHost}) are the app's own.
 */
@JsonbTypeInfo(
    key = "type",
    value = {
      @JsonbSubtype(alias = "SERVER_NAME_SET", type = AppMessage.NameSet.class),
      @JsonbSubtype(alias = "SERVER_ROOM_GET", type = AppMessage.RoomGet.class),
      @JsonbSubtype(alias = "SERVER_ROOM_CREATE", type = AppMessage.RoomCreate.class),
      @JsonbSubtype(alias = "SERVER_ROOM_JOIN", type = AppMessage.RoomJoin.class),
      @JsonbSubtype(alias = "SERVER_ROOM_EXIT", type = AppMessage.RoomExit.class),
      @JsonbSubtype(alias = "SERVER_ROOM_DELETE", type = AppMessage.RoomDelete.class),
      @JsonbSubtype(alias = "SERVER_CHAT_SEND", type = AppMessage.ChatSend.class),
      @JsonbSubtype(alias = "BROAD_ROOM_CREATE", type = AppMessage.BroadRoomCreate.class),
      @JsonbSubtype(alias = "BROAD_ROOM_JOIN", type = AppMessage.BroadRoomJoin.class),
      @JsonbSubtype(alias = "BROAD_CHAT_SEND", type = AppMessage.BroadChatSend.class),
      @JsonbSubtype(alias = "BROAD_ROOM_EXIT", type = AppMessage.BroadRoomExit.class),
      @JsonbSubtype(alias = "BROAD_ROOM_DELETE", type = AppMessage.BroadRoomDelete.class)
    })
public sealed interface AppMessage {

  /** {@code SERVER_NAME_SET}: the name is set (or why not). */
  @JsonbPropertyOrder({"status", "reason", "detail", "requestId"})
  record NameSet(boolean status, String reason, String detail, JsonValue requestId) implements AppMessage {}

  /** {@code SERVER_ROOM_GET}: the owned rooms; {@code more} (true, else absent) says some were left out. */
  @JsonbPropertyOrder({"status", "roomList", "more", "reason", "detail", "requestId"})
  record RoomGet(
      boolean status, List<Room> roomList, Boolean more, String reason, String detail, JsonValue requestId)
      implements AppMessage {}

  /** One room of {@code roomList}. */
  @JsonbPropertyOrder({"roomId", "roomName", "host"})
  record Room(
      @JsonbProperty("room_id") int roomId, @JsonbProperty("room_name") String roomName, String host) {}

  /** {@code SERVER_ROOM_CREATE}: the new room's number, the creator being its host and only member. */
  @JsonbPropertyOrder({"status", "roomId", "reason", "detail", "requestId"})
  record RoomCreate(boolean status, Integer roomId, String reason, String detail, JsonValue requestId)
      implements AppMessage {}

  /** {@code SERVER_ROOM_JOIN}: the room joined. */
  @JsonbPropertyOrder({"status", "roomId", "reason", "detail", "requestId"})
  record RoomJoin(boolean status, Integer roomId, String reason, String detail, JsonValue requestId)
      implements AppMessage {}

  /** {@code SERVER_ROOM_EXIT}: out of the room (a failure names the room when it knows it). */
  @JsonbPropertyOrder({"status", "roomId", "reason", "detail", "requestId"})
  record RoomExit(boolean status, Integer roomId, String reason, String detail, JsonValue requestId)
      implements AppMessage {}

  /** {@code SERVER_ROOM_DELETE}: the host deleted the room. */
  @JsonbPropertyOrder({"status", "roomId", "reason", "detail", "requestId"})
  record RoomDelete(boolean status, Integer roomId, String reason, String detail, JsonValue requestId)
      implements AppMessage {}

  /** {@code SERVER_CHAT_SEND}: only ever a refusal; an accepted message comes back as {@code BROAD_CHAT_SEND}. */
  @JsonbPropertyOrder({"status", "roomId", "reason", "detail", "requestId"})
  record ChatSend(boolean status, Integer roomId, String reason, String detail, JsonValue requestId)
      implements AppMessage {}

  /** {@code BROAD_ROOM_CREATE}: to every app connection in no room. */
  @JsonbPropertyOrder({"roomId", "roomName"})
  record BroadRoomCreate(int roomId, String roomName) implements AppMessage {}

  /** {@code BROAD_ROOM_JOIN}: to every member, the newcomer included. */
  record BroadRoomJoin(String nickName) implements AppMessage {}

  /** {@code BROAD_CHAT_SEND}: to every member, the sender included (its copy echoes its requestId). */
  @JsonbPropertyOrder({"nickName", "message", "requestId"})
  record BroadChatSend(String nickName, String message, JsonValue requestId) implements AppMessage {}

  /** {@code BROAD_ROOM_EXIT}: to the members left; {@code isHost} means the room ended with it. */
  @JsonbPropertyOrder({"nickName", "host"})
  record BroadRoomExit(String nickName, @JsonbProperty("isHost") boolean host) implements AppMessage {}

  /** {@code BROAD_ROOM_DELETE}: to the members of a room its host deleted. */
  record BroadRoomDelete(int roomId) implements AppMessage {}
}
