package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.appChat;
import static dev.socketchat.testing.Requests.appCreate;
import static dev.socketchat.testing.Requests.appJoin;
import static dev.socketchat.testing.Requests.nameSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server that holds only so many rooms: met by creates at once, and by the client dialect, which leaves its room. */
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

  @Test
  void createsAtTheSameMomentNeverTakeTheServerPastItsRooms() {
    Status.awaitZero(server, "rooms");
    List<ChatClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        clients.add(ChatClient.connect(server).as("racer" + i));
      }
      for (int round = 0; round < 10; round++) {
        for (ChatClient client : clients) {
          client.send(Requests.create("race " + round, client.nickname()));
        }
        Map<ChatClient, Integer> created = new LinkedHashMap<>();
        for (ChatClient client : clients) {
          JsonObject reply = client.expect("SERVER_ROOM_CREATE");
          if (reply.getBoolean("status")) {
            created.put(client, reply.getInt("roomID"));
          } else {
            assertThat(reply.getString("reason")).isEqualTo("TOO_MANY_ROOMS");
          }
        }
        assertThat(created).as("rooms created in round %d of 16 creates at once", round).hasSize(2);
        created.forEach((owner, room) -> owner.send(Requests.delete(room, owner.nickname())));
        created.keySet().forEach(owner -> owner.expectOk("SERVER_ROOM_DELETE"));
      }
    } finally {
      clients.forEach(ChatClient::close);
    }
  }

  private static ChatClient person(String name) {
    ChatClient client = ChatClient.connect(server).as(name);
    client.send(nameSet(name));
    client.expectOk("SERVER_NAME_SET");
    return client;
  }
}
