package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.appChat;
import static dev.socketchat.testing.Requests.appCreate;
import static dev.socketchat.testing.Requests.appExit;
import static dev.socketchat.testing.Requests.appJoin;
import static dev.socketchat.testing.Requests.nameSet;
import static dev.socketchat.testing.Requests.roomGet;
import static dev.socketchat.testing.Requests.withRequestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code /chat} endpoint as the socketchatting app's own client speaks to it: the name set once, one room at a
 * time, {@code BROAD_*} notices; and in the same rooms as clients of the README dialect. Each server has a subclass.
 */
abstract class AppDialectContract {
  private final List<ChatClient> clients = new ArrayList<>();

  /** The server under test. */
  abstract ServerUnderTest server();

  /** A connection that has set its name, as the app's first screen does, and so is in the lobby. */
  ChatClient person(String name) {
    ChatClient client = ChatClient.connect(server()).as(name);
    clients.add(client);
    client.send(nameSet(name));
    assertThat(client.expectOk("SERVER_NAME_SET").keySet()).containsExactly("type", "status");
    return client;
  }

  /** A connection of the README dialect. */
  ChatClient readmeClient(String name) {
    ChatClient client = ChatClient.connect(server()).as(name);
    clients.add(client);
    return client;
  }

  /**
   * Closes every client and waits until the server has handled their ends: a room that ends after the next test's
   * lobby connection opened would be told to it.
   */
  @AfterEach
  void closeClients() {
    clients.forEach(ChatClient::close);
    clients.clear();
    Status.awaitZero(server(), "connections", "rooms");
  }

  /** A room name no other test uses, for lobby checks on a shared server. */
  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  private static int create(ChatClient host, String roomName) {
    host.send(appCreate(roomName));
    JsonObject created = host.expectOk("SERVER_ROOM_CREATE");
    assertThat(created.keySet()).containsExactly("type", "status", "roomId");
    return created.getInt("roomId");
  }

  private static void join(ChatClient guest, int room, ChatClient... members) {
    guest.send(appJoin(room));
    JsonObject reply = guest.expectOk("SERVER_ROOM_JOIN");
    assertThat(reply.getInt("roomId")).isEqualTo(room);
    for (ChatClient member : concat(guest, members)) {
      assertThat(member.expect("BROAD_ROOM_JOIN"))
          .isEqualTo(Json.createObjectBuilder().add("type", "BROAD_ROOM_JOIN").add("nickName", guest.nickname()).build());
    }
  }

  /**
   * A room the first person creates and the others join in turn (those still in the lobby hear of the new room
   * first); every notice of it is taken, so each person's next frame is whatever the test does next.
   */
  private static int roomOf(ChatClient host, ChatClient... guests) {
    int room = create(host, unique("제주"));
    for (ChatClient guest : guests) {
      assertThat(guest.expect("BROAD_ROOM_CREATE").getInt("roomId")).isEqualTo(room);
    }
    List<ChatClient> members = new ArrayList<>(List.of(host));
    for (ChatClient guest : guests) {
      join(guest, room, members.toArray(new ChatClient[0]));
      members.add(guest);
    }
    return room;
  }

  private static List<ChatClient> concat(ChatClient first, ChatClient... rest) {
    List<ChatClient> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(rest));
    return all;
  }

  private static JsonObject broad(String type, Object... namesAndValues) {
    var builder = Json.createObjectBuilder().add("type", type);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      if (value instanceof Integer number) {
        builder.add((String) namesAndValues[i], number);
      } else if (value instanceof Boolean flag) {
        builder.add((String) namesAndValues[i], flag);
      } else {
        builder.add((String) namesAndValues[i], (String) value);
      }
    }
    return builder.build();
  }

  // --- the app's screens -------------------------------------------------------------------------------------------

  @Test
  void theLobbyListsTheRoomsWithTheirHosts() {
    ChatClient minsu = person("민수");
    String name = unique("제주");
    int room = create(minsu, name);
    ChatClient jiyoung = person("지영");
    jiyoung.send(roomGet());
    JsonObject list = jiyoung.expectOk("SERVER_ROOM_GET");
    assertThat(list.getJsonArray("roomList"))
        .contains(Json.createObjectBuilder().add("room_id", room).add("room_name", name).add("host", "민수").build());
  }

  @Test
  void aNewRoomIsAnsweredWithItsNumberAndToldToEveryAppConnectionInTheLobby() {
    ChatClient lobby = person("lobby");
    ChatClient busy = person("busy");
    int elsewhere = create(busy, unique("elsewhere"));
    ChatClient readme = readmeClient("readme");
    readme.send(Requests.list());
    readme.expectOk("SERVER_ROOM_LIST");

    ChatClient minsu = person("민수");
    String name = unique("제주");
    int room = create(minsu, name);
    assertThat(lobby.expect("BROAD_ROOM_CREATE").getInt("roomId")).isEqualTo(elsewhere);
    assertThat(lobby.expect("BROAD_ROOM_CREATE")).isEqualTo(broad("BROAD_ROOM_CREATE", "roomId", room, "roomName", name));
    lobby.expectNothingElse();
    minsu.expectNothingElse();
    busy.expectNothingElse();
    readme.expectNothingElse();
  }

  @Test
  void aRoomThatEndsIsToldToEveryAppConnectionInTheLobbyWhetherDeletedOrLeftByItsHost() {
    ChatClient lobby = person("lobby");
    ChatClient minsu = person("민수");
    int deleted = create(minsu, unique("deleted"));
    minsu.send(Json.createObjectBuilder().add("type", "CLIENT_ROOM_DELETE").build());
    minsu.expectOk("SERVER_ROOM_DELETE");
    int left = create(minsu, unique("left"));
    minsu.send(appExit());
    minsu.expectOk("SERVER_ROOM_EXIT");
    assertThat(lobby.expect("BROAD_ROOM_CREATE").getInt("roomId")).isEqualTo(deleted);
    assertThat(lobby.expect("BROAD_ROOM_DELETE")).isEqualTo(broad("BROAD_ROOM_DELETE", "roomId", deleted));
    assertThat(lobby.expect("BROAD_ROOM_CREATE").getInt("roomId")).isEqualTo(left);
    assertThat(lobby.expect("BROAD_ROOM_DELETE")).isEqualTo(broad("BROAD_ROOM_DELETE", "roomId", left));
    lobby.expectNothingElse();
    minsu.expectNothingElse();
  }

  @Test
  void joiningAnswersTheRoomAndEveryMemberTheJoinerIncludedHearsOfIt() {
    ChatClient minsu = person("민수");
    ChatClient jiyoung = person("지영");
    int room = roomOf(minsu, jiyoung);
    ChatClient third = person("third");
    third.send(withRequestId(appJoin(room), "j-1"));
    assertThat(third.expectOk("SERVER_ROOM_JOIN").getString("requestId")).isEqualTo("j-1");
    for (ChatClient member : List.of(third, minsu, jiyoung)) {
      assertThat(member.expect("BROAD_ROOM_JOIN").getString("nickName")).isEqualTo("third");
      member.expectNothingElse();
    }
  }

  @Test
  void aMessageReachesEveryMemberTheSenderIncludedAsBroadChatSend() {
    ChatClient minsu = person("민수");
    ChatClient jiyoung = person("지영");
    roomOf(minsu, jiyoung);
    minsu.send(appChat("안녕"));
    for (ChatClient member : List.of(minsu, jiyoung)) {
      assertThat(member.expect("BROAD_CHAT_SEND"))
          .isEqualTo(broad("BROAD_CHAT_SEND", "nickName", "민수", "message", "안녕"));
    }
    jiyoung.send(withRequestId(appChat("반가워"), "m-1"));
    assertThat(jiyoung.expect("BROAD_CHAT_SEND").getString("requestId")).isEqualTo("m-1");
    assertThat(minsu.expect("BROAD_CHAT_SEND").containsKey("requestId")).isFalse();
    minsu.expectNothingElse();
    jiyoung.expectNothingElse();
  }

  @Test
  void leavingIsAnsweredAndTheOthersHearWhoLeftAndThatItWasNotTheHost() {
    ChatClient minsu = person("민수");
    ChatClient jiyoung = person("지영");
    ChatClient third = person("third");
    int room = roomOf(minsu, jiyoung, third);
    jiyoung.send(Json.createObjectBuilder(appExit()).add("roomId", room).build());
    assertThat(jiyoung.expectOk("SERVER_ROOM_EXIT")).isEqualTo(broad("SERVER_ROOM_EXIT", "status", true));
    for (ChatClient member : List.of(minsu, third)) {
      assertThat(member.expect("BROAD_ROOM_EXIT")).isEqualTo(broad("BROAD_ROOM_EXIT", "nickName", "지영", "isHost", false));
    }
    minsu.send(appChat("still here"));
    minsu.expect("BROAD_CHAT_SEND");
    third.expect("BROAD_CHAT_SEND");
    jiyoung.expectNothingElse();
  }

  @Test
  void theHostLeavingEndsTheRoomAndItsMembersHearItAndAreBackInTheLobby() {
    ChatClient minsu = person("민수");
    ChatClient jiyoung = person("지영");
    int room = roomOf(minsu, jiyoung);
    minsu.send(appExit());
    minsu.expectOk("SERVER_ROOM_EXIT");
    assertThat(jiyoung.expect("BROAD_ROOM_EXIT")).isEqualTo(broad("BROAD_ROOM_EXIT", "nickName", "민수", "isHost", true));
    jiyoung.send(appChat("anyone?"));
    jiyoung.expectRefusal("SERVER_CHAT_SEND", "NOT_MEMBER");

    ChatClient other = person("other");
    String name = unique("next");
    int next = create(other, name);
    for (ChatClient former : List.of(minsu, jiyoung)) {
      assertThat(former.expect("BROAD_ROOM_CREATE").getInt("roomId")).isEqualTo(next);
    }
    jiyoung.send(roomGet());
    assertThat(jiyoung.expectOk("SERVER_ROOM_GET").getJsonArray("roomList").stream()
            .map(entry -> entry.asJsonObject().getInt("room_id")))
        .doesNotContain(room)
        .contains(next);
  }

  @Test
  void aDroppedConnectionLeavesAsIfItHadExited() {
    ChatClient minsu = person("민수");
    ChatClient jiyoung = person("지영");
    ChatClient third = person("third");
    roomOf(minsu, jiyoung, third);
    jiyoung.abort();
    for (ChatClient member : List.of(minsu, third)) {
      assertThat(member.expect("BROAD_ROOM_EXIT")).isEqualTo(broad("BROAD_ROOM_EXIT", "nickName", "지영", "isHost", false));
    }
    minsu.abort();
    assertThat(third.expect("BROAD_ROOM_EXIT")).isEqualTo(broad("BROAD_ROOM_EXIT", "nickName", "민수", "isHost", true));
    third.expectNothingElse();
  }

  @Test
  void aConnectionIsInOneRoomAtATimeAndJoiningAnotherLeavesTheFirst() {
    ChatClient minsu = person("민수");
    int first = create(minsu, unique("first"));
    ChatClient jiyoung = person("지영");
    int second = create(jiyoung, unique("second"));
    ChatClient guest = person("guest");
    join(guest, first, minsu);

    guest.send(appJoin(first));
    assertThat(guest.expectOk("SERVER_ROOM_JOIN").getInt("roomId")).as("already there: nothing changes").isEqualTo(first);
    guest.send(Json.createObjectBuilder(appJoin(first)).add("userName", "민수").build());
    guest.expectRefusal("SERVER_ROOM_JOIN", "USER_MISMATCH"); // already there, but not under another's name
    minsu.expectNothingElse();

    guest.send(appJoin(second));
    guest.expectOk("SERVER_ROOM_EXIT");
    assertThat(minsu.expect("BROAD_ROOM_EXIT").getString("nickName")).isEqualTo("guest");
    assertThat(guest.expectOk("SERVER_ROOM_JOIN").getInt("roomId")).isEqualTo(second);
    for (ChatClient member : List.of(guest, jiyoung)) {
      assertThat(member.expect("BROAD_ROOM_JOIN").getString("nickName")).isEqualTo("guest");
    }
    guest.send(appChat("in the second room"));
    guest.expect("BROAD_CHAT_SEND");
    jiyoung.expect("BROAD_CHAT_SEND");
    minsu.expectNothingElse();

    jiyoung.send(appCreate(unique("third")));
    jiyoung.expectOk("SERVER_ROOM_EXIT");
    assertThat(guest.expect("BROAD_ROOM_EXIT")).isEqualTo(broad("BROAD_ROOM_EXIT", "nickName", "지영", "isHost", true));
    int third = jiyoung.expectOk("SERVER_ROOM_CREATE").getInt("roomId");
    assertThat(guest.expect("BROAD_ROOM_CREATE").getInt("roomId")).as("back in the lobby").isEqualTo(third);
    minsu.expectNothingElse();
  }

  @Test
  void joiningARoomThatDoesNotExistLeavesTheHostWhereItWasAndItsRoomStanding() {
    ChatClient minsu = person("민수");
    int room = create(minsu, unique("standing"));
    ChatClient guest = person("guest");
    join(guest, room, minsu);

    minsu.send(appJoin(999_999)); // a mistyped number
    assertThat(minsu.expectRefusal("SERVER_ROOM_JOIN", "NO_SUCH_ROOM").getInt("roomId")).isEqualTo(999_999);
    guest.send(appChat("still here?"));
    guest.expect("BROAD_CHAT_SEND");
    assertThat(minsu.expect("BROAD_CHAT_SEND").getString("message")).isEqualTo("still here?");
    minsu.expectNothingElse();
    guest.expectNothingElse();
  }

  @Test
  void joiningARoomThatRefusesTheNameLeavesTheHostWhereItWasAndItsRoomStanding() {
    ChatClient minsu = person("민수");
    int room = create(minsu, unique("standing"));
    ChatClient guest = person("guest");
    join(guest, room, minsu);
    ChatClient namesake = person("민수");
    int other = create(namesake, unique("namesake"));

    minsu.send(appJoin(other));
    assertThat(minsu.expectRefusal("SERVER_ROOM_JOIN", "NAME_TAKEN").getInt("roomId")).isEqualTo(other);
    guest.send(appChat("still here?"));
    guest.expect("BROAD_CHAT_SEND");
    assertThat(minsu.expect("BROAD_CHAT_SEND").getString("message")).as("no leave first").isEqualTo("still here?");
    minsu.expectNothingElse();
    guest.expectNothingElse();
    namesake.expectNothingElse();
  }

  @Test
  void leavingAndComingBackAtOnceLeavesTheConnectionInTheRoom() {
    ChatClient minsu = person("민수");
    ChatClient jiyoung = person("지영");
    int room = roomOf(minsu, jiyoung);
    jiyoung.send(appExit()).send(appJoin(room)); // the second before the first is answered
    jiyoung.expectOk("SERVER_ROOM_EXIT");
    assertThat(jiyoung.expectOk("SERVER_ROOM_JOIN").getInt("roomId")).isEqualTo(room);
    assertThat(jiyoung.expect("BROAD_ROOM_JOIN").getString("nickName")).isEqualTo("지영");
    assertThat(minsu.expect("BROAD_ROOM_EXIT").getString("nickName")).isEqualTo("지영");
    assertThat(minsu.expect("BROAD_ROOM_JOIN").getString("nickName")).isEqualTo("지영");
    minsu.send(appChat("welcome back"));
    for (ChatClient member : List.of(minsu, jiyoung)) {
      assertThat(member.expect("BROAD_CHAT_SEND").getString("message")).isEqualTo("welcome back");
      member.expectNothingElse();
    }
  }

  @Test
  void theNameCanChangeInTheLobbyButNotInARoom() {
    ChatClient person = person("first");
    person.send(nameSet("second"));
    person.expectOk("SERVER_NAME_SET");
    int room = create(person, unique("named"));
    ChatClient guest = person("guest");
    join(guest, room, person);
    person.send(nameSet("third"));
    person.expectRefusal("SERVER_NAME_SET", "USER_MISMATCH");
    person.send(appChat("who am I"));
    assertThat(guest.expect("BROAD_CHAT_SEND").getString("nickName")).isEqualTo("second");
  }

  // --- both dialects in one room -----------------------------------------------------------------------------------

  @Test
  void readmeAndAppClientsMeetInOneRoomEachInItsOwnFrames() {
    ChatClient owner = readmeClient("owner");
    int room = owner.createRoom(unique("mixed"));
    ChatClient app = person("app");
    join(app, room);
    JsonObject joined = owner.expectOk("SERVER_ROOM_JOIN");
    assertThat(joined.getInt("roomID")).isEqualTo(room);
    assertThat(joined.getString("nickName")).isEqualTo("app");

    app.send(appChat("from the app"));
    assertThat(app.expect("BROAD_CHAT_SEND").getString("message")).isEqualTo("from the app");
    JsonObject seen = owner.expectOk("SERVER_CHAT_SEND");
    assertThat(seen.getString("nickname")).isEqualTo("app");
    assertThat(seen.getInt("roomID")).isEqualTo(room);

    owner.send(Requests.chat(room, "owner", "from the readme"));
    owner.expectOk("SERVER_CHAT_SEND");
    assertThat(app.expect("BROAD_CHAT_SEND"))
        .isEqualTo(broad("BROAD_CHAT_SEND", "nickName", "owner", "message", "from the readme"));

    app.send(appExit());
    app.expectOk("SERVER_ROOM_EXIT");
    assertThat(owner.expectOk("SERVER_ROOM_EXIT").getString("nickName")).isEqualTo("app");
    app.send(appJoin(room));
    app.expectOk("SERVER_ROOM_JOIN");
    app.expect("BROAD_ROOM_JOIN");
    owner.expectOk("SERVER_ROOM_JOIN");
    owner.send(Requests.exit(room, "owner"));
    owner.expectOk("SERVER_ROOM_EXIT");
    assertThat(app.expect("BROAD_ROOM_EXIT")).isEqualTo(broad("BROAD_ROOM_EXIT", "nickName", "owner", "isHost", true));
    owner.expectNothingElse();
    app.expectNothingElse();
  }

  @Test
  void aReadmeConnectionThatSwitchesToTheAppDialectEndsItsSessionAndKeepsItsRoom() {
    ChatClient switcher = readmeClient("Q");
    switcher.send(Requests.create(unique("old"), "Q"));
    JsonObject created = switcher.expectOk("SERVER_ROOM_CREATE");
    int room = created.getInt("roomID");
    switcher.send(nameSet("Q"));
    switcher.expectOk("SERVER_NAME_SET");

    ChatClient resumer = readmeClient("Q");
    resumer.send(Requests.resume(created.getString("session"), room, 0));
    resumer.expectRefusal("SERVER_SESSION_RESUME", "SESSION_EXPIRED");
    ChatClient guest = person("guest");
    join(guest, room, switcher);
    switcher.send(appChat("still mine"));
    for (ChatClient member : List.of(switcher, guest)) {
      assertThat(member.expect("BROAD_CHAT_SEND").getString("message")).isEqualTo("still mine");
      member.expectNothingElse();
    }
  }

  @Test
  void aMemberThatSwitchesWhileItsRoomChatsHearsEveryMessageOnceInReadmeFramesBeforeTheReplyAndAppFramesAfter() {
    for (int round = 0; round < 5; round++) {
      ChatClient host = readmeClient("host");
      int room = host.createRoom(unique("switching"));
      ChatClient member = readmeClient("member");
      member.join(room);
      host.expectOk("SERVER_ROOM_JOIN");
      int count = 250;
      for (int i = 0; i < count; i++) {
        host.send(Requests.chat(room, "host", "m" + i));
      }
      List<JsonObject> before = new ArrayList<>(List.of(member.next())); // the stream has begun
      member.send(nameSet("member"));
      List<JsonObject> after = new ArrayList<>();
      for (JsonObject frame = member.next(); ; frame = member.next()) {
        if (frame.getString("type").equals("SERVER_NAME_SET")) {
          assertThat(frame.getBoolean("status")).isTrue();
          break;
        }
        before.add(frame);
      }
      while (before.size() + after.size() < count) {
        after.add(member.next());
      }
      assertThat(before).extracting(frame -> frame.getString("type")).doesNotContain("BROAD_CHAT_SEND");
      assertThat(after).extracting(frame -> frame.getString("type")).doesNotContain("SERVER_CHAT_SEND");
      List<String> heard = new ArrayList<>();
      before.forEach(frame -> heard.add(frame.getString("message")));
      after.forEach(frame -> heard.add(frame.getString("message")));
      assertThat(heard)
          .as("round %d: every message once, in order", round)
          .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "m" + i).toList());
    }
  }

  @Test
  void theReadmeExtensionsAnswerAnAppConnectionInTheReadmeFormAndNeedTheRoomNamed() {
    ChatClient host = person("host");
    int room = create(host, unique("extensions"));
    ChatClient guest = person("guest");
    join(guest, room, host);

    host.send("{\"type\":\"CLIENT_ROOM_HISTORY\"}");
    host.expectRefusal("SERVER_ROOM_HISTORY", "BAD_ROOM_ID");
    host.send("{\"type\":\"CLIENT_ROOM_HISTORY\",\"roomId\":" + room + "}");
    assertThat(host.expectOk("SERVER_ROOM_HISTORY"))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("type", "SERVER_ROOM_HISTORY")
                .add("status", true)
                .add("roomID", room)
                .add("messages", Json.createArrayBuilder())
                .build());
    host.send("{\"type\":\"CLIENT_ROOM_KICK\",\"target\":\"guest\"}");
    host.expectRefusal("SERVER_ROOM_KICK", "BAD_ROOM_ID");
    host.send("{\"type\":\"CLIENT_ROOM_KICK\",\"roomId\":" + room + ",\"target\":\"guest\"}");
    JsonObject kicked = host.expectOk("SERVER_ROOM_KICK");
    assertThat(kicked.keySet()).containsExactly("type", "status", "roomID", "seq", "nickName", "by");
    assertThat(guest.expectOk("SERVER_ROOM_KICK")).isEqualTo(kicked);
    host.expectNothingElse();
    guest.expectNothingElse();
  }

  // --- refusals ----------------------------------------------------------------------------------------------------

  @Test
  void everyRefusalIsAnsweredWithAReasonAndTheConnectionCarriesOn() {
    ChatClient nameless = ChatClient.connect(server()).as("nameless");
    clients.add(nameless);
    nameless.send(roomGet());
    nameless.expectOk("SERVER_ROOM_GET");
    nameless.send(appCreate("no name yet"));
    nameless.expectRefusal("SERVER_ROOM_CREATE", "BAD_USER_NAME");
    nameless.send(nameSet("abcdefghijk"));
    nameless.expectRefusal("SERVER_NAME_SET", "BAD_USER_NAME");
    nameless.send("{\"type\":\"CLIENT_NAME_SET\"}");
    nameless.expectRefusal("SERVER_NAME_SET", "BAD_USER_NAME");
    nameless.send(appExit());
    nameless.expectRefusal("SERVER_ROOM_EXIT", "NOT_MEMBER"); // in no room, named or not
    nameless.send(appChat("in no room"));
    nameless.expectRefusal("SERVER_CHAT_SEND", "NOT_MEMBER");
    nameless.send(Requests.resume("Xo1b6q0fS2nVd8LcA3wPzR5k"));
    nameless.expectRefusal("SERVER_SESSION_RESUME", "NOT_FIRST_REQUEST"); // the client dialect has no sessions

    ChatClient minsu = person("민수");
    minsu.send(appChat("in no room"));
    minsu.expectRefusal("SERVER_CHAT_SEND", "NOT_MEMBER");
    minsu.send(appExit());
    minsu.expectRefusal("SERVER_ROOM_EXIT", "NOT_MEMBER");
    minsu.send(appJoin(999_999));
    assertThat(minsu.expectRefusal("SERVER_ROOM_JOIN", "NO_SUCH_ROOM").getInt("roomId")).isEqualTo(999_999);
    minsu.send("{\"type\":\"CLIENT_ROOM_JOIN\"}");
    minsu.expectRefusal("SERVER_ROOM_JOIN", "BAD_ROOM_ID");
    minsu.send("{\"type\":\"CLIENT_ROOM_JOIN\",\"roomId\":\"first\"}");
    minsu.expectRefusal("SERVER_ROOM_JOIN", "BAD_ROOM_ID");
    minsu.send(appCreate(" "));
    minsu.expectRefusal("SERVER_ROOM_CREATE", "BAD_ROOM_NAME");

    int room = create(minsu, unique("rules"));
    ChatClient twin = person("민수");
    twin.send(appJoin(room));
    twin.expectRefusal("SERVER_ROOM_JOIN", "NAME_TAKEN");
    ChatClient guest = person("guest");
    join(guest, room, minsu);
    guest.send(appChat("ㅋ".repeat(129)));
    guest.expectRefusal("SERVER_CHAT_SEND", "BAD_MESSAGE");
    guest.send("{\"type\":\"CLIENT_ROOM_DELETE\"}");
    guest.expectRefusal("SERVER_ROOM_DELETE", "NOT_OWNER");
    guest.send("not json");
    guest.expectRefusal("SERVER_ERROR", "BAD_JSON");
    guest.send("{\"type\":\"CLIENT_ROOM_EXPLODE\"}");
    guest.expectRefusal("SERVER_ERROR", "UNKNOWN_TYPE");

    guest.send(appChat("still fine"));
    guest.expect("BROAD_CHAT_SEND");
    minsu.expect("BROAD_CHAT_SEND");
    minsu.send("{\"type\":\"CLIENT_ROOM_DELETE\",\"requestId\":\"d\"}");
    assertThat(minsu.expectOk("SERVER_ROOM_DELETE").getString("requestId")).isEqualTo("d");
    assertThat(guest.expect("BROAD_ROOM_DELETE")).isEqualTo(broad("BROAD_ROOM_DELETE", "roomId", room));
    guest.expectNothingElse();
    minsu.expectNothingElse();
    assertThat(twin.expect("BROAD_ROOM_DELETE"))
        .as("it is in the lobby")
        .isEqualTo(broad("BROAD_ROOM_DELETE", "roomId", room));
    twin.expectNothingElse();
  }
}
