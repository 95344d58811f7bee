package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.create;
import static dev.socketchat.testing.Requests.delete;
import static dev.socketchat.testing.Requests.exit;
import static dev.socketchat.testing.Requests.join;
import static dev.socketchat.testing.Requests.withRequestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code /chat} protocol as a client sees it, run against a real server over real sockets. Each server the WAR or
 * the jar runs on has a subclass that says where the server is.
 */
@SuppressWarnings("BadImport") // Requests.create is unambiguous here: the CLIENT_ROOM_CREATE request of this contract
abstract class ChatProtocolContract {
  private static final String CLOSED_FOR_FLOODING = "socketchat_connections_closed_total{cause=\"rate_limit\"}";
  private static final String CLOSED_FOR_PROTOCOL = "socketchat_connections_closed_total{cause=\"protocol\"}";
  private static final String CLOSED_BY_NETWORK = "socketchat_connections_closed_total{cause=\"network\"}";
  private static final String SUSPENDED = "socketchat_sessions_suspended_total";
  private final List<ChatClient> clients = new ArrayList<>();

  /** The server under test. */
  abstract ServerUnderTest server();

  ChatClient client(String nickname) {
    ChatClient client = ChatClient.connect(server()).as(nickname);
    clients.add(client);
    return client;
  }

  @AfterEach
  void closeClients() {
    clients.forEach(ChatClient::close);
    clients.clear();
  }

  // --- who receives what -------------------------------------------------------------------------------------------

  @Test
  void theCreatorOwnsTheNewRoomAndIsItsFirstMember() {
    ChatClient owner = client("민수");
    owner.send(withRequestId(create("제주 여행", "민수"), "c-1"));
    JsonObject created = owner.expectOk("SERVER_ROOM_CREATE");
    assertThat(created.getString("roomName")).isEqualTo("제주 여행");
    assertThat(created.getInt("roomID")).isPositive();
    assertThat(created.getString("requestId")).isEqualTo("c-1");

    owner.send(Requests.list());
    JsonObject listed = roomIn(owner.expectOk("SERVER_ROOM_LIST"), created.getInt("roomID"));
    assertThat(listed.getString("owner")).isEqualTo("민수");
    assertThat(listed.getInt("members")).isEqualTo(1);
    assertThat(listed.getString("roomName")).isEqualTo("제주 여행");
  }

  @Test
  void aJoinIsAnnouncedToEveryMemberAndTheJoinerSeesTheWholeRoom() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("lobby");
    ChatClient first = client("first");
    first.join(room);
    assertThat(owner.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("first");

    ChatClient second = client("second");
    second.send(withRequestId(join(room, "second"), 42));
    JsonObject reply = second.expectOk("SERVER_ROOM_JOIN");
    assertThat(reply.getInt("roomID")).isEqualTo(room);
    assertThat(reply.getString("nickName")).isEqualTo("second");
    assertThat(reply.getString("roomName")).isEqualTo("lobby");
    assertThat(reply.getString("owner")).isEqualTo("owner");
    assertThat(names(reply)).containsExactly("owner", "first", "second");
    assertThat(reply.getInt("requestId")).isEqualTo(42);

    for (ChatClient member : List.of(owner, first)) {
      JsonObject notice = member.expectOk("SERVER_ROOM_JOIN");
      assertThat(notice.getInt("roomID")).isEqualTo(room);
      assertThat(notice.getString("nickName")).isEqualTo("second");
      assertThat(notice.containsKey("requestId")).isFalse();
      member.expectNothingElse();
    }
    second.expectNothingElse();
  }

  @Test
  void aMessageReachesEveryMemberIncludingItsSender() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("talk");
    ChatClient guest = client("guest");
    guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    // decomposed as some keyboards and pastes send it (e and U+0301, Hangul jamo): delivered as sent, not composed
    String message = "안녕하세요 👋 cafe\u0301 \u1100\u1161";
    guest.send(withRequestId(chat(room, "guest", message), "m-1"));
    JsonObject own = guest.expectOk("SERVER_CHAT_SEND");
    assertThat(own.getString("requestId")).isEqualTo("m-1");
    JsonObject delivered = owner.expectOk("SERVER_CHAT_SEND");
    for (JsonObject copy : List.of(own, delivered)) {
      assertThat(copy.getInt("roomID")).isEqualTo(room);
      assertThat(copy.getString("nickname")).isEqualTo("guest");
      assertThat(copy.getString("message")).isEqualTo(message);
      assertThat(copy.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }
    assertThat(delivered.containsKey("requestId")).isFalse();
  }

  @Test
  void aMemberLeavingIsAnnouncedToItselfAndTheRemainingMembers() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("room");
    ChatClient stays = client("stays");
    ChatClient leaves = client("leaves");
    stays.join(room);
    leaves.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    owner.expectOk("SERVER_ROOM_JOIN");
    stays.expectOk("SERVER_ROOM_JOIN");

    leaves.send(exit(room, "leaves"));
    for (ChatClient client : List.of(leaves, owner, stays)) {
      JsonObject notice = client.expectOk("SERVER_ROOM_EXIT");
      assertThat(notice.getInt("roomID")).isEqualTo(room);
      assertThat(notice.getString("nickName")).isEqualTo("leaves");
    }
    owner.send(chat(room, "owner", "still here"));
    owner.expectOk("SERVER_CHAT_SEND");
    stays.expectOk("SERVER_CHAT_SEND");
    leaves.expectNothingElse();
  }

  @Test
  void theOwnerLeavingDeletesTheRoomForEveryone() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("short-lived");
    ChatClient guest = client("guest");
    guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    owner.send(withRequestId(exit(room, "owner"), "bye"));
    JsonObject ownReply = owner.expectOk("SERVER_ROOM_EXIT");
    assertThat(ownReply.getString("nickName")).isEqualTo("owner");
    assertThat(ownReply.getString("requestId")).isEqualTo("bye");
    assertThat(guest.expectOk("SERVER_ROOM_DELETE").getInt("roomID")).isEqualTo(room);
    owner.expectNothingElse();
    guest.expectNothingElse();

    guest.send(Requests.list());
    assertThat(roomIds(guest.expectOk("SERVER_ROOM_LIST"))).doesNotContain(room);
  }

  @Test
  void theOwnerDeletingTheRoomTellsEveryMemberIncludingTheOwner() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("to delete");
    ChatClient guest = client("guest");
    guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    owner.send(withRequestId(delete(room, "owner"), 9));
    JsonObject ownReply = owner.expectOk("SERVER_ROOM_DELETE");
    assertThat(ownReply.getInt("roomID")).isEqualTo(room);
    assertThat(ownReply.getInt("requestId")).isEqualTo(9);
    assertThat(guest.expectOk("SERVER_ROOM_DELETE").getInt("roomID")).isEqualTo(room);

    guest.send(chat(room, "guest", "anyone?"));
    guest.expectRefusal("SERVER_CHAT_SEND", "NO_SUCH_ROOM");
  }

  @Test
  void failuresGoToTheRequesterOnly() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("quiet");
    ChatClient guest = client("guest");
    guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    guest.send(delete(room, "guest"));
    JsonObject refusal = guest.expectRefusal("SERVER_ROOM_DELETE", "NOT_OWNER");
    assertThat(refusal.getInt("roomID")).isEqualTo(room);
    owner.expectNothingElse();
  }

  // --- rules -------------------------------------------------------------------------------------------------------

  @Test
  void namesCountCodePointsTenHangulSyllablesFitElevenDoNot() {
    ChatClient ten = client("가나다라마바사아자차");
    int room = ten.createRoom("한국어 방");
    ChatClient eleven = client("가나다라마바사아자차카");
    eleven.send(join(room, "가나다라마바사아자차카"));
    assertThat(eleven.expectRefusal("SERVER_ROOM_JOIN", "BAD_USER_NAME").getInt("roomID")).isEqualTo(room);
    ChatClient emoji = client("😀😀😀😀😀😀😀😀😀😀");
    emoji.join(room);
  }

  @Test
  void roomNamesMessagesAndNamesAreCheckedForLengthAndBlankness() {
    ChatClient client = client("checker");
    client.send(create("x".repeat(31), "checker"));
    client.expectRefusal("SERVER_ROOM_CREATE", "BAD_ROOM_NAME");
    client.send(create("   ", "checker"));
    client.expectRefusal("SERVER_ROOM_CREATE", "BAD_ROOM_NAME");
    client.send(create("room", "\u0001\u0002"));
    client.expectRefusal("SERVER_ROOM_CREATE", "BAD_USER_NAME");
    client.send(create("room", ""));
    client.expectRefusal("SERVER_ROOM_CREATE", "BAD_USER_NAME");
    int room = client.createRoom("x".repeat(30));

    client.send(chat(room, "checker", "ㅋ".repeat(129)));
    assertThat(client.expectRefusal("SERVER_CHAT_SEND", "BAD_MESSAGE").getInt("roomID")).isEqualTo(room);
    client.send(chat(room, "checker", "\n\t "));
    client.expectRefusal("SERVER_CHAT_SEND", "BAD_MESSAGE");
    client.send(chat(room, "checker", "ㅋ".repeat(128)));
    assertThat(client.expectOk("SERVER_CHAT_SEND").getString("message")).hasSize(128);
  }

  @Test
  void aConnectionSpeaksUnderTheFirstNameItWasAcceptedWith() {
    ChatClient client = client("alice");
    int room = client.createRoom("mine");
    client.send(chat(room, "mallory", "pretending"));
    client.expectRefusal("SERVER_CHAT_SEND", "USER_MISMATCH");
    client.send(create("another", "mallory"));
    client.expectRefusal("SERVER_ROOM_CREATE", "USER_MISMATCH");
    client.send(exit(room, "mallory"));
    client.expectRefusal("SERVER_ROOM_EXIT", "USER_MISMATCH");
  }

  @Test
  void aRefusedFirstRequestDoesNotBindTheName() {
    ChatClient owner = client("taken");
    int room = owner.createRoom("names");
    ChatClient newcomer = client("taken");
    newcomer.send(join(room, "taken"));
    newcomer.expectRefusal("SERVER_ROOM_JOIN", "NAME_TAKEN");
    newcomer.as("other").join(room);
  }

  @Test
  void aNicknameIsUniqueWithinARoomButNotAcrossRooms() {
    ChatClient first = client("same");
    int roomA = first.createRoom("A");
    ChatClient second = client("same");
    int roomB = second.createRoom("B");
    assertThat(roomB).isNotEqualTo(roomA);
    second.send(join(roomA, "same"));
    second.expectRefusal("SERVER_ROOM_JOIN", "NAME_TAKEN");
  }

  @Test
  void namesThatLookAlikeAreTakenAndInvisibleCharactersAreRefused() {
    ChatClient alice = client("alice");
    int room = alice.createRoom("look-alikes");
    for (String invisible : List.of("alice\u200b", "alice\ufeff", "\u202ealice", "alice\u180e", "alice\u034f")) {
      ChatClient impostor = client(invisible);
      impostor.send(join(room, invisible));
      impostor.expectRefusal("SERVER_ROOM_JOIN", "BAD_USER_NAME");
    }
    for (String lookAlike : List.of("\u00a0alice", "ALICE", "ａｌｉｃｅ")) {
      ChatClient impostor = client(lookAlike);
      impostor.send(join(room, lookAlike));
      impostor.expectRefusal("SERVER_ROOM_JOIN", "NAME_TAKEN");
    }
    alice.expectNothingElse();
  }

  @Test
  void joiningTwiceIsRefusedButOneConnectionMayBeInSeveralRooms() {
    ChatClient owner = client("host");
    int roomA = owner.createRoom("A");
    int roomB = owner.createRoom("B");
    ChatClient guest = client("guest");
    guest.join(roomA);
    guest.join(roomB);
    guest.send(join(roomA, "guest"));
    guest.expectRefusal("SERVER_ROOM_JOIN", "ALREADY_MEMBER");
    // the guest's joins reach the owner as room events; a refusal is a direct reply, which on another node may come
    // first, so the owner takes the notices before asking
    owner.expectOk("SERVER_ROOM_JOIN");
    owner.expectOk("SERVER_ROOM_JOIN");
    owner.send(join(roomA, "host"));
    owner.expectRefusal("SERVER_ROOM_JOIN", "ALREADY_MEMBER");

    guest.send(chat(roomB, "guest", "in B"));
    guest.expectOk("SERVER_CHAT_SEND");
    JsonObject inB = owner.expectOk("SERVER_CHAT_SEND");
    assertThat(inB.getInt("roomID")).isEqualTo(roomB);
  }

  @Test
  void onlyMembersMayChatOrExitAndOnlyTheOwnerMayDelete() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("members only");
    ChatClient outsider = client("outsider");
    outsider.send(chat(room, "outsider", "let me in"));
    outsider.expectRefusal("SERVER_CHAT_SEND", "NOT_MEMBER");
    outsider.send(exit(room, "outsider"));
    outsider.expectRefusal("SERVER_ROOM_EXIT", "NOT_MEMBER");
    outsider.send(delete(room, "outsider"));
    outsider.expectRefusal("SERVER_ROOM_DELETE", "NOT_OWNER");
    owner.expectNothingElse();
  }

  @Test
  void unknownRoomsAndBadRoomNumbersAreRefused() {
    ChatClient client = client("seeker");
    client.send(join(999_999, "seeker"));
    assertThat(client.expectRefusal("SERVER_ROOM_JOIN", "NO_SUCH_ROOM").getInt("roomID")).isEqualTo(999_999);
    client.send("{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":\"abc\",\"userName\":\"seeker\"}");
    assertThat(client.expectRefusal("SERVER_ROOM_JOIN", "BAD_ROOM_ID").containsKey("roomID")).isFalse();
    client.send("{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":-3,\"userName\":\"seeker\"}");
    client.expectRefusal("SERVER_ROOM_JOIN", "BAD_ROOM_ID");
    client.send("{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":1.5,\"userName\":\"seeker\"}");
    client.expectRefusal("SERVER_ROOM_JOIN", "BAD_ROOM_ID");
    client.send("{\"type\":\"CLIENT_ROOM_EXIT\",\"userName\":\"seeker\"}");
    client.expectRefusal("SERVER_ROOM_EXIT", "BAD_ROOM_ID");
    client.send("{\"type\":\"CLIENT_CHAT_SEND\",\"roomID\":99999999999,\"userName\":\"seeker\",\"message\":\"m\"}");
    client.expectRefusal("SERVER_CHAT_SEND", "BAD_ROOM_ID");
    client.send("{\"type\":\"CLIENT_CHAT_SEND\",\"roomID\":999999,\"userName\":5,\"message\":\"m\"}");
    assertThat(client.expectRefusal("SERVER_CHAT_SEND", "BAD_USER_NAME").getInt("roomID")).isEqualTo(999999);
    client.send("{\"type\":\"CLIENT_CHAT_SEND\",\"roomID\":999999,\"userName\":\"seeker\"}");
    client.expectRefusal("SERVER_CHAT_SEND", "BAD_MESSAGE");
  }

  @Test
  void aConnectionOwnsAtMostThirtyTwoRoomsAtOnce() {
    ChatClient owner = client("owner");
    for (int i = 1; i <= 32; i++) {
      owner.createRoom("room " + i);
    }
    owner.send(create("one too many", "owner"));
    owner.expectRefusal("SERVER_ROOM_CREATE", "TOO_MANY_ROOMS");
  }

  @Test
  void roomNumbersAreNeverReused() {
    ChatClient owner = client("owner");
    int first = owner.createRoom("one");
    owner.send(delete(first, "owner"));
    owner.expectOk("SERVER_ROOM_DELETE");
    int second = owner.createRoom("two");
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void roomNumbersMayArriveAsDigitStrings() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("strings");
    ChatClient guest = client("guest");
    guest.send("{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":\"" + room + "\",\"userName\":\"guest\"}");
    assertThat(guest.expectOk("SERVER_ROOM_JOIN").getInt("roomID")).isEqualTo(room);
  }

  // --- bad input ---------------------------------------------------------------------------------------------------

  @Test
  void framesThatAreNoRequestAreAnsweredWithServerErrorAndTheConnectionCarriesOn() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("robust");
    ChatClient client = client("fuzzer");
    client.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    client.send("this is not json");
    client.expectRefusal("SERVER_ERROR", "BAD_JSON");
    client.send("[1,2,3]");
    client.expectRefusal("SERVER_ERROR", "NOT_OBJECT");
    client.send("\"just a string\"");
    client.expectRefusal("SERVER_ERROR", "NOT_OBJECT");
    client.send("{\"roomID\":1}");
    client.expectRefusal("SERVER_ERROR", "BAD_TYPE");
    client.send("{\"type\":\"CLIENT_ROOM_EXPLODE\",\"requestId\":\"u1\"}");
    assertThat(client.expectRefusal("SERVER_ERROR", "UNKNOWN_TYPE").getString("requestId")).isEqualTo("u1");
    client.send("{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":{\"nested\":true}}");
    client.expectRefusal("SERVER_ROOM_LIST", "BAD_REQUEST_ID");
    // a frame that is no request says so, whatever its requestId: PROTOCOL.md lists BAD_REQUEST_ID for requests only
    client.send("{\"type\":\"CLIENT_ROOM_EXPLODE\",\"requestId\":{\"nested\":true}}");
    assertThat(client.expectRefusal("SERVER_ERROR", "UNKNOWN_TYPE").containsKey("requestId")).isFalse();
    client.send("{\"requestId\":[1]}");
    client.expectRefusal("SERVER_ERROR", "BAD_TYPE");
    client.send("[".repeat(5000) + "]".repeat(5000));
    assertThat(client.next().getBoolean("status")).isFalse();
    client.sendBinary(new byte[] {1, 2, 3});
    client.expectRefusal("SERVER_ERROR", "BINARY_NOT_SUPPORTED");

    client.send(chat(room, "fuzzer", "still alive"));
    client.expectOk("SERVER_CHAT_SEND");
    owner.expectOk("SERVER_CHAT_SEND");
    owner.expectNothingElse();
  }

  @Test
  void withSigningInOffClientAuthIsAnUnknownTypeAndAnAccessTokenIsIgnored() {
    ChatClient client =
        ChatClient.connect(java.net.URI.create(server().chat() + "?access_token=anything")).as("anyone");
    clients.add(client);

    client.send("{\"type\":\"CLIENT_AUTH\",\"token\":\"x.y.z\",\"requestId\":\"u2\"}");

    JsonObject refused = client.expectRefusal("SERVER_ERROR", "UNKNOWN_TYPE");
    assertThat(refused.getString("detail")).isEqualTo("unknown type \"CLIENT_AUTH\"");
    assertThat(refused.getString("requestId")).isEqualTo("u2");
    client.createRoom("nobody signs in");
  }

  @Test
  void textThatCannotBeSentBackIsRefusedBeforeAnythingEchoesItAndTheConnectionCarriesOn() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("broken text");
    // JSON lets an unpaired surrogate through as an escape; no UTF-8 encoder can write it back out
    owner.send("{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":\"\\ud800\"}");
    assertThat(owner.expectRefusal("SERVER_ROOM_LIST", "BAD_REQUEST_ID").containsKey("requestId")).isFalse();
    owner.send("{\"type\":\"X\\ud800\"}");
    owner.expectRefusal("SERVER_ERROR", "BAD_TYPE");
    owner.send(
        "{\"type\":\"CLIENT_CHAT_SEND\",\"roomID\":" + room + ",\"userName\":\"owner\",\"message\":\"a\\udc00\"}");
    owner.expectRefusal("SERVER_CHAT_SEND", "BAD_MESSAGE");
    owner.send("{\"type\":\"CLIENT_ROOM_LIST\",\"extra\":[\"\\udbff\"]}");
    owner.expectRefusal("SERVER_ROOM_LIST", "BAD_JSON");
    owner.send(chat(room, "owner", "a pair is fine: \ud83d\ude00"));
    assertThat(owner.expectOk("SERVER_CHAT_SEND").getString("message")).endsWith("😀");
    owner.expectNothingElse();
  }

  @Test
  void aFrameOverSixtyFourKibibytesClosesOnlyThatConnectionWith1009() throws Exception {
    ChatClient owner = client("owner");
    int room = owner.createRoom("limits");
    ChatClient big = client("big");
    big.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    big.send("{\"type\":\"CLIENT_CHAT_SEND\",\"message\":\"" + "x".repeat(70_000) + "\"}");
    assertThat(big.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    assertThat(owner.expectOk("SERVER_ROOM_EXIT").getString("nickName")).isEqualTo("big");
    owner.send(chat(room, "owner", "fine"));
    owner.expectOk("SERVER_CHAT_SEND");
  }

  @Test
  void aBinaryFrameOverSixtyFourKibibytesClosesOnlyThatConnectionWith1009() throws Exception {
    ChatClient owner = client("owner");
    int room = owner.createRoom("binary limits");
    ChatClient big = client("big");
    big.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    big.sendBinary(new byte[64 * 1024 + 1]);
    assertThat(big.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    assertThat(owner.expectOk("SERVER_ROOM_EXIT").getString("nickName")).isEqualTo("big");
  }

  @Test
  void aBinaryFrameOfSixtyFourKibibytesIsRefusedAndItsConnectionCarriesOn() {
    ChatClient client = client("binary");
    client.sendBinary(new byte[64 * 1024]);
    client.expectRefusal("SERVER_ERROR", "BINARY_NOT_SUPPORTED");
    client.sendBinary(new byte[64 * 1024]);
    client.expectRefusal("SERVER_ERROR", "BINARY_NOT_SUPPORTED");
    client.send("{\"type\":\"CLIENT_ROOM_LIST\"}");
    client.expectOk("SERVER_ROOM_LIST");
  }

  @Test
  void aTextFrameThatIsNotUtf8IsClosedWith1007AndItsMemberLeavesAtOnceRatherThanWaitingToResume() throws Exception {
    byte[] notUtf8 = {'{', '"', (byte) 0xc3, '(', '"', '}'}; // a lead byte followed by no continuation byte
    aBrokenFrameEndsItsSessionAtOnce("not UTF-8", 0x81, notUtf8, 1007);
  }

  @Test
  void aFrameWithAReservedBitSetIsClosedWith1002AndItsMemberLeavesAtOnceRatherThanWaitingToResume() throws Exception {
    aBrokenFrameEndsItsSessionAtOnce("rsv1", 0x81 | 0x40, "{}".getBytes(StandardCharsets.UTF_8), 1002);
  }

  /**
   * A member holding a session sends a frame the container closes the connection for itself: the close counts as
   * {@code protocol} (not as a network's doing), the session is not suspended for a resume, and the room hears the
   * member leave.
   */
  private void aBrokenFrameEndsItsSessionAtOnce(String what, int firstByte, byte[] payload, int code) throws Exception {
    Scrape before = Scrape.of(server());
    ChatClient owner = client("owner");
    int room = owner.createRoom("broken frames");
    try (RawWebSocket broken = RawWebSocket.open(server().chat(), 0)) {
      broken.sendText(join(room, "broken").toString());
      assertThat(owner.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("broken");
      broken.sendFrame(firstByte, payload);
      RawWebSocket.Received received = broken.readUntilClose(ChatClient.WAIT);
      assertThat(received.texts()).as("the join's reply, with the session a drop would suspend").singleElement()
          .asString().contains("\"session\":");
      assertThat(received.closeCode()).as("the close after a frame %s", what).isEqualTo(code);
    }
    Map<String, Double> counted =
        Eventually.await(
            ChatClient.WAIT,
            () -> Scrape.of(server()).since(before, CLOSED_FOR_PROTOCOL, CLOSED_BY_NETWORK, SUSPENDED),
            (Predicate<Map<String, Double>>) now -> now.get(CLOSED_FOR_PROTOCOL) == 1,
            "the server counting one connection closed for breaking the protocol (a frame " + what + ")");
    assertThat(counted.get(SUSPENDED)).as("sessions suspended for a resume").isZero();
    assertThat(owner.expectOk("SERVER_ROOM_EXIT").getString("nickName")).isEqualTo("broken");
    owner.expectNothingElse();
  }

  @Test
  void aClientFloodingAsFastAsItCanIsClosedWith1008AndTheRoomHearsOnlyWhatItsLimitsLetThrough() throws Exception {
    Scrape before = Scrape.of(server());
    ChatClient reader = client("reader");
    int room = reader.createRoom("flooded");
    ChatClient flooder = client("flooder");
    flooder.join(room);
    reader.expectOk("SERVER_ROOM_JOIN");
    // the default limits: a burst of 300 messages, then 30 a second; 100 refusals close the connection, a message let
    // through on a token that came back meanwhile breaking no row, however slowly the server reads the flood
    int sent = 0;
    try {
      for (; sent < 10_000 && !flooder.closed().isDone(); sent++) {
        flooder.send(chat(room, "flooder", "spam " + sent));
      }
    } catch (CompletionException closedMeanwhile) {
      // the server closed the connection part way through, as it should
    }
    Integer code =
        flooder.closed().handle((closed, broken) -> closed).get(ChatClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (server().closesLingeringly()) {
      assertThat(code).as("the close, %d messages sent", sent).isEqualTo(1008);
    } else {
      assertThat(code).as("the close (or a reset before it was read), %d messages sent", sent).isIn(1008, null);
    }
    Eventually.await(
        ChatClient.WAIT,
        () -> Scrape.of(server()).value(CLOSED_FOR_FLOODING),
        (Predicate<Double>) now -> now == before.value(CLOSED_FOR_FLOODING) + 1,
        "the server counting one connection closed for flooding");

    int last = -1;
    int heard = 0;
    for (JsonObject frame = reader.next(); !frame.getString("type").equals("SERVER_ROOM_EXIT"); frame = reader.next()) {
      assertThat(frame.getString("type")).isEqualTo("SERVER_CHAT_SEND");
      int number = Integer.parseInt(frame.getString("message").substring("spam ".length()));
      assertThat(number).as("the flooder's messages in the order sent").isGreaterThan(last);
      last = number;
      heard++;
    }
    assertThat(heard).as("the burst, and the tokens that came back while it flooded").isBetween(300, 1_000);
    reader.send(chat(room, "reader", "still here"));
    assertThat(reader.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("still here");
    reader.expectNothingElse();
  }

  // --- connections that go away ------------------------------------------------------------------------------------

  @Test
  void aDroppedMemberLeavesItsRoomsAsIfItHadExitedOnceItsResumeWindowPasses() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("drops");
    ChatClient crash = client("crash");
    crash.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    crash.abort();
    JsonObject notice = owner.expectOk("SERVER_ROOM_EXIT");
    assertThat(notice.getString("nickName")).isEqualTo("crash");
    assertThat(notice.getInt("roomID")).isEqualTo(room);
  }

  @Test
  void aDroppedOwnerTakesItsRoomWithIt() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("owner drops");
    ChatClient guest = client("guest");
    guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    owner.close();
    assertThat(guest.expectOk("SERVER_ROOM_DELETE").getInt("roomID")).isEqualTo(room);
    guest.send(Requests.list());
    assertThat(roomIds(guest.expectOk("SERVER_ROOM_LIST"))).doesNotContain(room);
  }

  @Test
  void aPeerThatStopsAnsweringIsDroppedByTheHeartbeat() throws Exception {
    ChatClient owner = client("owner");
    int room = owner.createRoom("heartbeat");
    try (RawWebSocket silent = RawWebSocket.open(server().chat(), 0)) {
      silent.sendText(join(room, "zombie").toString());
      assertThat(owner.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("zombie");
      // from here on the peer reads and answers nothing, like a phone that lost its network
      JsonObject gone = owner.next(server().heartbeatTimeout().multipliedBy(3));
      assertThat(gone.getString("type")).isEqualTo("SERVER_ROOM_EXIT");
      assertThat(gone.getString("nickName")).isEqualTo("zombie");
      owner.expectNothingElse();
    }
  }

  @Test
  void manyClientsJoiningChattingAndLeavingAtOnceGetEveryMessageExactlyOnceAndLeaveNothingBehind() {
    int members = 100;
    int messagesEach = 5;
    int expected = members * messagesEach;
    ChatClient owner = client("owner");
    int room = owner.createRoom("crowd");
    List<ChatClient> crowd = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      crowd.add(ChatClient.connect(server()).as("m" + i));
    }
    try {
      crowd.parallelStream().forEach(member -> member.send(join(room, member.nickname())));
      List<JsonObject> joins = owner.take(members, ChatClient.WAIT.multipliedBy(3));
      assertThat(joins)
          .hasSize(members)
          .allSatisfy(frame -> assertThat(frame.getString("type")).isEqualTo("SERVER_ROOM_JOIN"));

      crowd.parallelStream()
          .forEach(
              member -> {
                for (int i = 0; i < messagesEach; i++) {
                  member.send(chat(room, member.nickname(), member.nickname() + "#" + i));
                }
              });
      for (ChatClient member : concat(owner, crowd)) {
        List<String> chats = new ArrayList<>();
        while (chats.size() < expected) {
          JsonObject frame = member.next(ChatClient.WAIT.multipliedBy(3));
          if (frame.getString("type").equals("SERVER_CHAT_SEND")) {
            chats.add(frame.getString("message"));
          } else {
            assertThat(chats).as("join notices come before every message; then came %s", frame).isEmpty();
            assertThat(frame.getString("type")).isEqualTo("SERVER_ROOM_JOIN");
          }
        }
        assertThat(chats).as("messages %s received", member.nickname()).doesNotHaveDuplicates();
        for (ChatClient sender : crowd) {
          assertThat(chats.stream().filter(text -> text.startsWith(sender.nickname() + "#")))
              .as("%s's messages as %s saw them", sender.nickname(), member.nickname())
              .containsExactly(
                  java.util.stream.IntStream.range(0, messagesEach)
                      .mapToObj(i -> sender.nickname() + "#" + i)
                      .toArray(String[]::new));
        }
        member.expectNothingElse();
      }

      crowd.parallelStream().forEach(member -> member.send(exit(room, member.nickname())));
      for (ChatClient member : crowd) {
        JsonObject frame;
        do {
          frame = member.expectOk("SERVER_ROOM_EXIT");
        } while (!frame.getString("nickName").equals(member.nickname()));
      }
      assertThat(owner.take(members, ChatClient.WAIT.multipliedBy(3)))
          .hasSize(members)
          .allSatisfy(frame -> assertThat(frame.getString("type")).isEqualTo("SERVER_ROOM_EXIT"));
      owner.send(exit(room, "owner"));
      owner.expectOk("SERVER_ROOM_EXIT");
    } finally {
      crowd.parallelStream().forEach(ChatClient::close);
    }
    owner.close();
    Status.awaitZero(server(), "connections", "seats", "memberships", "rooms");
  }

  private static List<ChatClient> concat(ChatClient first, List<ChatClient> rest) {
    List<ChatClient> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  // --- event numbers and history (extensions) ---------------------------------------------------------------------

  @Test
  void everyMemberGetsTheRoomsEventsNumberedWithoutGapsInTheSameOrder() {
    ChatClient owner = client("owner");
    owner.send(create("numbered", "owner"));
    JsonObject created = owner.expectOk("SERVER_ROOM_CREATE");
    assertThat(created.getInt("seq")).isEqualTo(1);
    int room = created.getInt("roomID");
    ChatClient first = client("first");
    assertThat(first.join(room).getInt("seq")).isEqualTo(2);
    assertThat(owner.expectOk("SERVER_ROOM_JOIN").getInt("seq")).isEqualTo(2);
    ChatClient second = client("second");
    assertThat(second.join(room).getInt("seq")).isEqualTo(3);
    List<ChatClient> members = List.of(owner, first, second);
    for (ChatClient member : List.of(owner, first)) {
      assertThat(member.expectOk("SERVER_ROOM_JOIN").getInt("seq")).isEqualTo(3);
    }

    for (int i = 0; i < 10; i++) {
      for (ChatClient member : members) {
        member.send(chat(room, member.nickname(), member.nickname() + " " + i));
      }
    }
    List<List<String>> heard = new ArrayList<>();
    for (ChatClient member : members) {
      List<String> told = new ArrayList<>();
      for (JsonObject frame : member.take(30, ChatClient.WAIT)) {
        assertThat(frame.getString("type")).isEqualTo("SERVER_CHAT_SEND");
        assertThat(frame.getInt("seq")).as("numbered in the order received").isEqualTo(4 + told.size());
        told.add(frame.getInt("seq") + " " + frame.getString("nickname") + ": " + frame.getString("message"));
      }
      heard.add(told);
    }
    assertThat(heard.get(1)).isEqualTo(heard.get(0));
    assertThat(heard.get(2)).isEqualTo(heard.get(0));

    second.send(exit(room, "second"));
    for (ChatClient member : members) {
      assertThat(member.expectOk("SERVER_ROOM_EXIT").getInt("seq")).isEqualTo(34);
    }
    second.send(chat(room, "second", "still here?"));
    assertThat(second.expectRefusal("SERVER_CHAT_SEND", "NOT_MEMBER").containsKey("seq")).isFalse();
    owner.send(delete(room, "owner"));
    for (ChatClient member : List.of(owner, first)) {
      assertThat(member.expectOk("SERVER_ROOM_DELETE").getInt("seq")).isEqualTo(35);
    }
  }

  @Test
  void aJoinerGetsTheRoomsLatestFiftyMessagesOldestFirst() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("history");
    ChatClient early = client("early");
    JsonObject none = early.join(room);
    assertThat(none.getJsonArray("history")).isEmpty();
    owner.expectOk("SERVER_ROOM_JOIN");
    List<JsonObject> sent = new ArrayList<>();
    for (int i = 1; i <= 55; i++) {
      owner.send(chat(room, "owner", "말 " + i));
      sent.add(owner.expectOk("SERVER_CHAT_SEND"));
      early.expectOk("SERVER_CHAT_SEND");
    }

    ChatClient late = client("late");
    JsonObject joined = late.join(room);
    assertThat(joined.getInt("seq")).isEqualTo(58);
    List<JsonObject> history = joined.getJsonArray("history").getValuesAs(JsonObject.class);
    assertThat(history).hasSize(50);
    for (int i = 0; i < 50; i++) {
      JsonObject told = sent.get(i + 5);
      assertThat(history.get(i))
          .isEqualTo(
              Json.createObjectBuilder()
                  .add("seq", told.getInt("seq"))
                  .add("nickname", "owner")
                  .add("message", "말 " + (i + 6))
                  .add("time", told.getString("time"))
                  .build());
    }
    assertThat(owner.expectOk("SERVER_ROOM_JOIN").containsKey("history")).as("only the joiner gets it").isFalse();
  }

  @Test
  void aMemberPagesBackThroughTheRoomsHistoryAndNobodyElseMay() {
    ChatClient owner = client("owner");
    int room = owner.createRoom("pages");
    for (int i = 1; i <= 5; i++) {
      owner.send(chat(room, "owner", "#" + i)); // numbered 2 to 6
      owner.expectOk("SERVER_CHAT_SEND");
    }
    owner.send(history(room).add("before", 5).add("limit", 2).add("requestId", "h-1").build());
    JsonObject page = owner.expectOk("SERVER_ROOM_HISTORY");
    assertThat(page.getInt("roomID")).isEqualTo(room);
    assertThat(page.getString("requestId")).isEqualTo("h-1");
    assertThat(messages(page)).containsExactly("3 #2", "4 #3");
    owner.send(history(room).build());
    assertThat(messages(owner.expectOk("SERVER_ROOM_HISTORY"))).containsExactly("2 #1", "3 #2", "4 #3", "5 #4", "6 #5");
    owner.send(history(room).add("before", 2).build());
    assertThat(messages(owner.expectOk("SERVER_ROOM_HISTORY"))).isEmpty();

    owner.send(history(room).add("limit", "5").build());
    owner.expectRefusal("SERVER_ROOM_HISTORY", "BAD_LIMIT");
    owner.send(history(room).add("limit", 2.5).build());
    owner.expectRefusal("SERVER_ROOM_HISTORY", "BAD_LIMIT");
    owner.send(history(room).add("limit", 0).build());
    owner.expectRefusal("SERVER_ROOM_HISTORY", "BAD_LIMIT");
    owner.send(history(room).add("limit", 101).build());
    owner.expectRefusal("SERVER_ROOM_HISTORY", "BAD_LIMIT");
    owner.send(history(room).add("before", 0).build());
    owner.expectRefusal("SERVER_ROOM_HISTORY", "BAD_BEFORE");
    owner.send(history(room).add("before", "7").build());
    owner.expectRefusal("SERVER_ROOM_HISTORY", "BAD_BEFORE");

    ChatClient outsider = client("outsider");
    outsider.send(history(room).add("requestId", 9).build());
    JsonObject refused = outsider.expectRefusal("SERVER_ROOM_HISTORY", "NOT_MEMBER");
    assertThat(refused.getInt("roomID")).isEqualTo(room);
    assertThat(refused.getInt("requestId")).isEqualTo(9);
    assertThat(refused.containsKey("messages")).isFalse();
    outsider.expectNothingElse();
  }

  private static JsonObjectBuilder history(int room) {
    return Json.createObjectBuilder().add("type", "CLIENT_ROOM_HISTORY").add("roomID", room);
  }

  private static List<String> messages(JsonObject page) {
    return page.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
        .map(message -> message.getInt("seq") + " " + message.getString("message"))
        .toList();
  }

  // --- the lobby feed (an extension) -------------------------------------------------------------------------------

  @Test
  void aLobbySubscriberGetsTheRoomsThenHearsOfEveryRoomCreatedJoinedLeftAndEndedOnAnyNode() {
    ChatClient owner = client("owner");
    int before = owner.createRoom("before the subscription");
    ChatClient watcher = client("watcher");
    watcher.send("{\"type\":\"CLIENT_LOBBY_SUBSCRIBE\",\"requestId\":\"s-1\"}");
    JsonObject subscribed = watcher.expectOk("SERVER_LOBBY_SUBSCRIBE");
    assertThat(subscribed.getString("requestId")).isEqualTo("s-1");
    assertThat(roomIn(subscribed, before).getInt("members")).isEqualTo(1);

    int room = owner.createRoom("lobby feed");
    JsonObject created = lobbyChange(watcher, room, "created");
    assertThat(created.getString("roomName")).isEqualTo("lobby feed");
    assertThat(created.getString("owner")).isEqualTo("owner");
    assertThat(created.getInt("members")).isEqualTo(1);
    ChatClient guest = client("guest");
    guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    assertThat(lobbyChange(watcher, room, "members").getInt("members")).isEqualTo(2);
    guest.send(exit(room, "guest"));
    guest.expectOk("SERVER_ROOM_EXIT");
    owner.expectOk("SERVER_ROOM_EXIT");
    assertThat(lobbyChange(watcher, room, "members").getInt("members")).isEqualTo(1);
    owner.send(delete(room, "owner"));
    owner.expectOk("SERVER_ROOM_DELETE");
    assertThat(lobbyChange(watcher, room, "deleted").keySet()).containsExactly("change", "roomID");
    owner.send(exit(before, "owner"));
    owner.expectOk("SERVER_ROOM_EXIT");
    lobbyChange(watcher, before, "deleted");
  }

  @Test
  void anUnsubscribedConnectionHearsNoMoreChangesAndOneThatNeverSubscribedHearsNone() {
    ChatClient watcher = client("watcher");
    watcher.send("{\"type\":\"CLIENT_LOBBY_SUBSCRIBE\"}");
    watcher.expectOk("SERVER_LOBBY_SUBSCRIBE");
    ChatClient witness = client("witness");
    witness.send("{\"type\":\"CLIENT_LOBBY_SUBSCRIBE\"}");
    witness.expectOk("SERVER_LOBBY_SUBSCRIBE");
    ChatClient never = client("never");
    never.send(Requests.list());
    never.expectOk("SERVER_ROOM_LIST");

    watcher.send("{\"type\":\"CLIENT_LOBBY_UNSUBSCRIBE\",\"requestId\":7}");
    JsonObject unsubscribed = untilType(watcher, "SERVER_LOBBY_UNSUBSCRIBE");
    assertThat(unsubscribed.getBoolean("status")).isTrue();
    assertThat(unsubscribed.getInt("requestId")).isEqualTo(7);
    ChatClient owner = client("owner");
    int room = owner.createRoom("after the unsubscription");
    lobbyChange(witness, room, "created");
    watcher.expectNothingElse();
    never.expectNothingElse();
  }

  @Test
  void aSubscriptionWithABadRequestIdIsRefusedInItsOwnForm() {
    ChatClient watcher = client("watcher");
    watcher.send("{\"type\":\"CLIENT_LOBBY_SUBSCRIBE\",\"requestId\":{}}");
    watcher.expectRefusal("SERVER_LOBBY_SUBSCRIBE", "BAD_REQUEST_ID");
    watcher.expectNothingElse();
  }

  // --- helpers -----------------------------------------------------------------------------------------------------

  /**
   * The entry of the next {@code SERVER_LOBBY_CHANGE} that tells the given change of the room; changes of other rooms
   * (other tests' leftovers, on a shared server) are passed over.
   */
  static JsonObject lobbyChange(ChatClient watcher, int room, String change) {
    while (true) {
      JsonObject frame = watcher.expect("SERVER_LOBBY_CHANGE");
      assertThat(frame.getBoolean("status")).as("status of %s", frame).isTrue();
      for (JsonObject entry : frame.getJsonArray("changes").getValuesAs(JsonObject.class)) {
        if (entry.getInt("roomID") == room && entry.getString("change").equals(change)) {
          return entry;
        }
        assertThat(entry.getInt("roomID")).as("another change of room %d: %s", room, entry).isNotEqualTo(room);
      }
    }
  }

  /** The next frame of the given type, passing over lobby changes pushed before it. */
  static JsonObject untilType(ChatClient client, String type) {
    while (true) {
      JsonObject frame = client.next();
      if (!frame.getString("type").equals("SERVER_LOBBY_CHANGE")) {
        assertThat(frame.getString("type")).isEqualTo(type);
        return frame;
      }
    }
  }

  static JsonObject roomIn(JsonObject list, int room) {
    return list.getJsonArray("rooms").stream()
        .map(JsonObject.class::cast)
        .filter(entry -> entry.getInt("roomID") == room)
        .findFirst()
        .orElseThrow(() -> new AssertionError("room " + room + " not in " + list));
  }

  static List<Integer> roomIds(JsonObject list) {
    return list.getJsonArray("rooms").stream().map(JsonObject.class::cast).map(e -> e.getInt("roomID")).toList();
  }

  static List<String> names(JsonObject joinReply) {
    return joinReply.getJsonArray("members").stream().map(JsonString.class::cast).map(JsonString::getString).toList();
  }

  static {
    Json.createObjectBuilder(); // fail early if no JSON-P provider is on the test class path
  }
}
