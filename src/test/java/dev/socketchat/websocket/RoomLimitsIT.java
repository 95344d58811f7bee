package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.appChat;
import static dev.socketchat.testing.Requests.appCreate;
import static dev.socketchat.testing.Requests.appJoin;
import static dev.socketchat.testing.Requests.nameSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.StandaloneProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server that holds only so many rooms, met by the client dialect, which leaves its room to create one. */
class RoomLimitsIT {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("room-limits", Map.of("socketchat.limits.rooms", "2"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aMemberWhoseCreateTheServerHasNoRoomForStaysInItsRoomAndAHostsCreateTakesTheRoomItsLeaveFrees() {
    try (ChatClient host = person("host");
        ChatClient other = person("other");
        ChatClient member = person("member")) {
      host.send(appCreate("first"));
      int first = host.expectOk("SERVER_ROOM_CREATE").getInt("roomId");
      other.expect("BROAD_ROOM_CREATE"); // in the lobby
      other.send(appCreate("second"));
      other.expectOk("SERVER_ROOM_CREATE");
      member.expect("BROAD_ROOM_CREATE");
      member.expect("BROAD_ROOM_CREATE");
      member.send(appJoin(first));
      member.expectOk("SERVER_ROOM_JOIN");
      member.expect("BROAD_ROOM_JOIN");
      host.expect("BROAD_ROOM_JOIN");

      member.send(appCreate("third"));
      member.expectRefusal("SERVER_ROOM_CREATE", "TOO_MANY_ROOMS");
      host.send(appChat("still with us?"));
      for (ChatClient seated : new ChatClient[] {host, member}) {
        assertThat(seated.expect("BROAD_CHAT_SEND").getString("message")).isEqualTo("still with us?");
        seated.expectNothingElse();
      }

      host.send(appCreate("third")); // its leave ends its room, which makes room for the new one
      host.expectOk("SERVER_ROOM_EXIT");
      host.expectOk("SERVER_ROOM_CREATE");
      assertThat(member.expect("BROAD_ROOM_EXIT").getBoolean("isHost")).isTrue();
    }
  }

  private static ChatClient person(String name) {
    ChatClient client = ChatClient.connect(server).as(name);
    client.send(nameSet(name));
    client.expectOk("SERVER_NAME_SET");
    return client;
  }
}
