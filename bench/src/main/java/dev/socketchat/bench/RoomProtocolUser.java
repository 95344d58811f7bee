package dev.socketchat.bench;

import java.util.function.Consumer;

/** A user speaking the {@code /chat} room protocol: create or join a numbered room, chat, exit. */
final class RoomProtocolUser extends ChatUser {

  RoomProtocolUser(Connection.Factory connections, int index, String name, Room room, Events events) {
    super(connections, index, name, room, events);
  }

  @Override
  protected String path(String prefix) {
    return prefix + "/chat";
  }

  @Override
  public void opened(Connection ws) {
    ready(null);
  }

  @Override
  void create(Consumer<String> done) {
    request(
        "{\"type\":\"CLIENT_ROOM_CREATE\",\"roomName\":\"" + room.label + "\",\"userName\":\"" + name
            + "\",\"requestId\":1}",
        done);
  }

  @Override
  void join(Consumer<String> done) {
    request(
        "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":" + room.id + ",\"userName\":\"" + name + "\",\"requestId\":2}",
        done);
  }

  @Override
  void exit(Consumer<String> done) {
    request(
        "{\"type\":\"CLIENT_ROOM_EXIT\",\"roomID\":" + room.id + ",\"userName\":\"" + name + "\",\"requestId\":3}",
        done);
  }

  @Override
  protected String sayPrefix() {
    return "{\"type\":\"CLIENT_CHAT_SEND\",\"roomID\":" + room.id + ",\"userName\":\"" + name + "\",\"message\":\"";
  }

  @Override
  protected String saySuffix() {
    return "\"}";
  }

  @Override
  protected void control(String text) {
    if (!text.contains("\"requestId\"")) {
      return; // a notice about somebody else
    }
    if (!text.contains("\"status\":true")) {
      answered(text);
      return;
    }
    if (text.contains("SERVER_ROOM_CREATE")) {
      room.id = (int) number(text, "\"roomID\":");
    }
    answered(null);
  }
}
