package dev.socketchat.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A user speaking Socket.IO v5 over Engine.IO v4 on the websocket transport, as the seed's page does: the room and
 * name in the handshake query, {@code join_room}, {@code chatting}, {@code leave_room}; acks for the requests it waits
 * on.
 */
final class SocketIoUser extends ChatUser {
  private int lastAck;
  private int awaitedAck = -1;

  SocketIoUser(Connection.Factory connections, int index, String name, Room room, Events events) {
    super(connections, index, name, room, events);
  }

  @Override
  protected String path(String prefix) {
    return prefix + "/socket.io/?EIO=4&transport=websocket&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "&room=" + URLEncoder.encode(room.label, StandardCharsets.UTF_8);
  }

  @Override
  void create(Consumer<String> done) {
    join(done);
  }

  @Override
  void join(Consumer<String> done) {
    awaitedAck = ++lastAck;
    request("42" + awaitedAck + "[\"join_room\",{\"msg\":\"hello\",\"type\":0}]", done);
  }

  @Override
  void exit(Consumer<String> done) {
    awaitedAck = ++lastAck;
    request("42" + awaitedAck + "[\"leave_room\",{}]", done);
  }

  @Override
  protected String sayPrefix() {
    return "42[\"chatting\",{\"msg\":\"";
  }

  @Override
  protected String saySuffix() {
    return "\"}]";
  }

  @Override
  protected void control(String text) {
    if (text.equals("2")) {
      pings++;
      connection.sendText("3");
    } else if (text.startsWith("0{")) {
      connection.sendText("40");
    } else if (text.startsWith("40")) {
      ready(null);
    } else if (text.startsWith("44")) {
      ready("connect_error " + text);
    } else if (text.startsWith("43")) {
      long ack = number(text, "43");
      if (ack == awaitedAck) {
        awaitedAck = -1;
        answered(text.contains("\"status\":false") ? text : null);
      }
    } else if (text.startsWith("41")) {
      abort("server disconnected the namespace");
    }
  }
}
