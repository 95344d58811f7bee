package dev.socketchat.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** The {@code /chat} requests, built as JSON objects the way a client would send them. */
public final class Requests {
  private Requests() {}

  public static JsonObject create(String roomName, String userName) {
    return base("CLIENT_ROOM_CREATE").add("roomName", roomName).add("userName", userName).build();
  }

  public static JsonObject join(int roomId, String userName) {
    return base("CLIENT_ROOM_JOIN").add("roomID", roomId).add("userName", userName).build();
  }

  public static JsonObject exit(int roomId, String userName) {
    return base("CLIENT_ROOM_EXIT").add("roomID", roomId).add("userName", userName).build();
  }

  public static JsonObject delete(int roomId, String userName) {
    return base("CLIENT_ROOM_DELETE").add("roomID", roomId).add("userName", userName).build();
  }

  public static JsonObject chat(int roomId, String userName, String message) {
    return base("CLIENT_CHAT_SEND").add("roomID", roomId).add("userName", userName).add("message", message).build();
  }

  /** {@code CLIENT_ROOM_KICK}: remove {@code target} from the room and ban it there. */
  public static JsonObject kick(int roomId, String userName, String target) {
    return base("CLIENT_ROOM_KICK").add("roomID", roomId).add("userName", userName).add("target", target).build();
  }

  /** {@code CLIENT_SESSION_RESUME} with the last event number received in each room, given as roomID, seq pairs. */
  public static JsonObject resume(String session, long... roomsAndSeqs) {
    jakarta.json.JsonArrayBuilder rooms = Json.createArrayBuilder();
    for (int i = 0; i < roomsAndSeqs.length; i += 2) {
      rooms.add(Json.createObjectBuilder().add("roomID", roomsAndSeqs[i]).add("seq", roomsAndSeqs[i + 1]));
    }
    return Json.createObjectBuilder()
        .add("type", "CLIENT_SESSION_RESUME")
        .add("session", session)
        .add("rooms", rooms)
        .build();
  }

  public static JsonObject list(String requestId) {
    return base("CLIENT_ROOM_LIST").add("requestId", requestId).build();
  }

  public static JsonObject list() {
    return base("CLIENT_ROOM_LIST").build();
  }

  // --- the socketchatting app's dialect: no userName, no room but in CLIENT_ROOM_JOIN ----------------------------------

  public static JsonObject nameSet(String userName) {
    return base("CLIENT_NAME_SET").add("userName", userName).build();
  }

  public static JsonObject roomGet() {
    return base("CLIENT_ROOM_GET").build();
  }

  public static JsonObject appCreate(String roomName) {
    return base("CLIENT_ROOM_CREATE").add("roomName", roomName).build();
  }

  public static JsonObject appJoin(int roomId) {
    return base("CLIENT_ROOM_JOIN").add("roomId", roomId).build();
  }

  public static JsonObject appChat(String message) {
    return base("CLIENT_CHAT_SEND").add("message", message).build();
  }

  public static JsonObject appExit() {
    return base("CLIENT_ROOM_EXIT").build();
  }

  /** The same request with a requestId added. */
  public static JsonObject withRequestId(JsonObject request, String requestId) {
    return Json.createObjectBuilder(request).add("requestId", requestId).build();
  }

  public static JsonObject withRequestId(JsonObject request, long requestId) {
    return Json.createObjectBuilder(request).add("requestId", requestId).build();
  }

  private static JsonObjectBuilder base(String type) {
    return Json.createObjectBuilder().add("type", type);
  }
}
