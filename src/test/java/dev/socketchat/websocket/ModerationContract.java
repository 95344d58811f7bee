package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.join;
import static dev.socketchat.testing.Requests.kick;
import static dev.socketchat.testing.Requests.withRequestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code CLIENT_ROOM_KICK} as real clients see it: who may kick whom, who hears of it, and the ban that keeps the
 * kicked one out. Each server the jar runs as has a subclass. Moderators need a signed-in identity, which the engine
 * tests cover.
 */
abstract class ModerationContract {
  private final List<ChatClient> clients = new ArrayList<>();

  /** The server under test; its first client in a test is the owner. */
  abstract ServerUnderTest server();

  /** The server (the node) that a member after the owner connects to, and the relay of a dropped member forwards to. */
  ServerUnderTest memberServer() {
    return server();
  }

  /** A new client that resumes a dropped member's session: on the member's server, or on another node. */
  ChatClient resumer(String nickname) {
    ChatClient client = ChatClient.connect(memberServer()).as(nickname);
    clients.add(client);
    return client;
  }

  @AfterEach
  void closeClients() {
    clients.forEach(ChatClient::close);
    clients.clear();
  }

  private ChatClient client(String nickname) {
    ChatClient client = ChatClient.connect(server()).as(nickname);
    clients.add(client);
    return client;
  }

  /** A room of {@code owner} with the given members in it, every join notice taken. */
  private int roomWith(ChatClient owner, ChatClient... members) {
    int room = owner.createRoom("moderated");
    List<ChatClient> in = new ArrayList<>(List.of(owner));
    for (ChatClient member : members) {
      member.join(room);
      in.forEach(earlier -> earlier.expectOk("SERVER_ROOM_JOIN"));
      in.add(member);
    }
    return room;
  }

  @Test
  void theOwnerKicksAMemberAndEveryMemberTheKickedOneIncludedHearsItWithTheSameNumber() {
    ChatClient owner = client("owner");
    ChatClient spammer = client("spammer");
    ChatClient other = client("other");
    int room = roomWith(owner, spammer, other);

    owner.send(
        Json.createObjectBuilder(withRequestId(kick(room, "owner", "spammer"), "k-1")).add("reason", "spam").build());

    JsonObject reply = owner.expectOk("SERVER_ROOM_KICK");
    assertThat(reply.getInt("roomID")).isEqualTo(room);
    assertThat(reply.getString("nickName")).isEqualTo("spammer");
    assertThat(reply.getString("by")).isEqualTo("owner");
    assertThat(reply.getString("note")).isEqualTo("spam");
    assertThat(reply.getString("requestId")).isEqualTo("k-1");
    for (ChatClient member : List.of(spammer, other)) {
      JsonObject notice = member.expectOk("SERVER_ROOM_KICK");
      assertThat(notice.getString("nickName")).isEqualTo("spammer");
      assertThat(notice.getString("by")).isEqualTo("owner");
      assertThat(notice.getJsonNumber("seq").longValue()).isEqualTo(reply.getJsonNumber("seq").longValue());
      assertThat(notice.containsKey("requestId")).isFalse();
    }

    owner.send(Requests.chat(room, "owner", "still here?"));
    owner.expectOk("SERVER_CHAT_SEND");
    other.expectOk("SERVER_CHAT_SEND");
    spammer.expectNothingElse();
    owner.send(Requests.list());
    JsonObject listed =
        owner.expectOk("SERVER_ROOM_LIST").getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
            .filter(entry -> entry.getInt("roomID") == room)
            .findFirst()
            .orElseThrow();
    assertThat(listed.getInt("members")).isEqualTo(2);
  }

  @Test
  void theKickedOneCannotComeBackUnderItsNameFromAnyConnectionWhileTheRoomExists() {
    ChatClient owner = client("owner");
    ChatClient spammer = client("spammer");
    int room = roomWith(owner, spammer);
    owner.send(kick(room, "owner", "spammer"));
    owner.expectOk("SERVER_ROOM_KICK");
    spammer.expectOk("SERVER_ROOM_KICK");

    spammer.send(join(room, "spammer"));
    spammer.expectRefusal("SERVER_ROOM_JOIN", "BANNED");
    spammer.send(Requests.chat(room, "spammer", "let me in"));
    spammer.expectRefusal("SERVER_CHAT_SEND", "NOT_MEMBER");
    ChatClient again = client("Spammer");
    again.send(join(room, "Spammer"));
    again.expectRefusal("SERVER_ROOM_JOIN", "BANNED");
    owner.expectNothingElse();

    owner.send(Requests.delete(room, "owner"));
    owner.expectOk("SERVER_ROOM_DELETE");
    int next = owner.createRoom("a new room");
    spammer.send(join(next, "spammer"));
    spammer.expectOk("SERVER_ROOM_JOIN");
  }

  @Test
  void onlyTheOwnerKicksAndNeverItselfNorSomeoneWhoIsNotThere() {
    ChatClient owner = client("owner");
    ChatClient member = client("member");
    ChatClient other = client("other");
    int room = roomWith(owner, member, other);

    member.send(withRequestId(kick(room, "member", "other"), "k-2"));
    JsonObject refused = member.expectRefusal("SERVER_ROOM_KICK", "NOT_OWNER");
    assertThat(refused.getInt("roomID")).isEqualTo(room);
    assertThat(refused.getString("requestId")).isEqualTo("k-2");
    owner.send(kick(room, "owner", "owner"));
    owner.expectRefusal("SERVER_ROOM_KICK", "KICK_SELF");
    owner.send(kick(room, "owner", "nobody"));
    owner.expectRefusal("SERVER_ROOM_KICK", "NO_SUCH_MEMBER");
    owner.send(kick(room + 1000, "owner", "member"));
    owner.expectRefusal("SERVER_ROOM_KICK", "NO_SUCH_ROOM");
    owner.send(Json.createObjectBuilder(kick(room, "owner", "member")).remove("target").build());
    owner.expectRefusal("SERVER_ROOM_KICK", "BAD_USER_NAME");
    owner.send(Json.createObjectBuilder(kick(room, "owner", "member")).add("reason", 7).build());
    owner.expectRefusal("SERVER_ROOM_KICK", "BAD_MESSAGE");

    for (ChatClient client : List.of(owner, member, other)) {
      client.expectNothingElse();
    }
  }

  @Test
  void aMemberSpeakingTheAppDialectHearsTheKickInTheReadmeForm() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("mixed");
    ChatClient app = client("app");
    app.send(Requests.nameSet("app"));
    app.expectOk("SERVER_NAME_SET");
    app.send(Requests.appJoin(room));
    app.expectOk("SERVER_ROOM_JOIN");
    ChatClient spammer = client("spammer");
    spammer.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    owner.expectOk("SERVER_ROOM_JOIN");

    owner.send(kick(room, "owner", "spammer"));
    owner.expectOk("SERVER_ROOM_KICK");
    JsonObject heard = nextOfType(app, "SERVER_ROOM_KICK");
    assertThat(heard.getString("nickName")).isEqualTo("spammer");
    assertThat(heard.getBoolean("status")).isTrue();
  }

  @Test
  void aMemberKickedWhileItsConnectionWasDownCatchesUpOnTheKickAndNothingAfterItWhenItResumes() throws Exception {
    ChatClient owner = client("owner");
    int room = owner.createRoom("resumed");
    try (DroppingProxy proxy = DroppingProxy.to(memberServer().base().getPort())) {
      ChatClient member =
          ChatClient.connect(URI.create("ws://127.0.0.1:" + proxy.port() + memberServer().chat().getRawPath()))
              .as("member");
      clients.add(member);
      JsonObject joined = member.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");
      proxy.cut();
      Eventually.await(
          memberServer().heartbeatTimeout().plusSeconds(10),
          () -> Status.of(memberServer()).getInt("suspended"),
          suspended -> suspended == 1,
          "the server to notice the drop and suspend the member's session");

      owner.send(kick(room, "owner", "member"));
      JsonObject kicked = owner.expectOk("SERVER_ROOM_KICK");
      owner.send(Requests.chat(room, "owner", "after the kick"));
      owner.expectOk("SERVER_CHAT_SEND");

      ChatClient back = resumer("member");
      back.send(Requests.resume(joined.getString("session"), room, joined.getJsonNumber("seq").longValue()));
      JsonObject outcome = back.expectOk("SERVER_SESSION_RESUME").getJsonArray("rooms").getJsonObject(0);
      assertThat(outcome.getBoolean("recovered")).as("resume outcome %s", outcome).isTrue();
      JsonObject replayed = back.expectOk("SERVER_ROOM_KICK");
      assertThat(replayed.getString("nickName")).isEqualTo("member");
      assertThat(replayed.getJsonNumber("seq").longValue()).isEqualTo(kicked.getJsonNumber("seq").longValue());
      back.expectNothingElse();
      back.send(join(room, "member"));
      back.expectRefusal("SERVER_ROOM_JOIN", "BANNED");
    }
  }

  private static JsonObject nextOfType(ChatClient client, String type) {
    while (true) {
      JsonObject frame = client.next();
      if (type.equals(frame.getString("type", ""))) {
        return frame;
      }
    }
  }
}
