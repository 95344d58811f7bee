package dev.socketchat.auth;

import static dev.socketchat.testing.SocketIoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.Jwt;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.SocketIoClient;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing in on the standalone jar with real clients: {@code socketchat.auth.mode=required} with an HMAC secret and
 * no clock skew (so a short-lived token ends when it says), tokens minted with the JDK's HMAC.
 */
class StandaloneAuthIT {
  private static final String SECRET = "the-site-and-the-chat-share-this-secret-0123456789";
  private static final AtomicInteger USERS = new AtomicInteger();
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "standalone-auth",
            Map.of(
                "socketchat.auth.mode", "required",
                "socketchat.auth.hmac-secret", SECRET,
                "socketchat.auth.clock-skew", "0"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  private static String token(String sub, String name, Duration life) {
    long exp = Instant.now().plus(life).getEpochSecond();
    return Jwt.hs256(SECRET, Jwt.claims(sub, exp, name == null ? null : "\"name\":\"" + name + "\""));
  }

  private static String user() {
    return "u" + USERS.incrementAndGet();
  }

  private static JsonObject auth(String token) {
    return Json.createObjectBuilder().add("type", "CLIENT_AUTH").add("token", token).build();
  }

  private static URI withToken(String token) {
    return URI.create(server.chat() + "?access_token=" + token);
  }

  @Test
  void aHandshakeWithABadOrExpiredAccessTokenIsRefusedWith401() {
    String name = user();

    assertThat(Handshakes.status(withToken("not.a.token"), null)).isEqualTo(401);
    assertThat(Handshakes.status(withToken(token(name, name, Duration.ofMinutes(-1))), null)).isEqualTo(401);
    assertThat(Handshakes.status(withToken(Jwt.hs256("another-secret-of-at-least-thirty-two-bytes!",
        Jwt.claims(name, Instant.now().getEpochSecond() + 60, null))), null)).isEqualTo(401);
    assertThat(Handshakes.status(withToken(token(name, name, Duration.ofMinutes(5))), null)).isEqualTo(101);
    assertThat(Handshakes.status(server.chat(), null)).as("no token: sign in with CLIENT_AUTH").isEqualTo(101);
  }

  @Test
  void requestsBeforeATokenAreRefusedWithAuthRequired() {
    try (ChatClient client = ChatClient.connect(server)) {
      client.send(Requests.create("lobby", "kim"));
      client.expectRefusal("SERVER_ROOM_CREATE", "AUTH_REQUIRED");
      client.send(Requests.list("r-1"));
      client.expectRefusal("SERVER_ROOM_LIST", "AUTH_REQUIRED");
      client.send(Requests.resume("AAAAAAAAAAAAAAAAAAAAAAAA"));
      client.expectRefusal("SERVER_SESSION_RESUME", "AUTH_REQUIRED");
    }
  }

  @Test
  void clientAuthSignsInAsTheTokensNameAndOtherNamesAreRefused() {
    String name = user();
    try (ChatClient client = ChatClient.connect(server)) {
      client.send(Requests.withRequestId(auth(token(name + "-id", name, Duration.ofMinutes(5))), "a-1"));
      JsonObject signedIn = client.expectOk("SERVER_AUTH");
      assertThat(signedIn.getString("userName")).isEqualTo(name);
      assertThat(signedIn.getString("requestId")).isEqualTo("a-1");
      assertThat(Instant.parse(signedIn.getString("expiresAt"))).isAfter(Instant.now());

      client.send(Requests.create("room of " + name, "mallory"));
      client.expectRefusal("SERVER_ROOM_CREATE", "USER_MISMATCH");
      client.send(Requests.create("room of " + name, name));
      int room = client.expectOk("SERVER_ROOM_CREATE").getInt("roomID");
      client.send(Requests.chat(room, "mallory", "hi"));
      client.expectRefusal("SERVER_CHAT_SEND", "USER_MISMATCH");
      client.send(Requests.exit(room, "mallory"));
      client.expectRefusal("SERVER_ROOM_EXIT", "USER_MISMATCH");
      client.send(Requests.delete(room, "mallory"));
      client.expectRefusal("SERVER_ROOM_DELETE", "USER_MISMATCH");
      client.send(Requests.chat(room, name, "hi"));
      client.expectOk("SERVER_CHAT_SEND");
    }
  }

  @Test
  void aSignedInConnectionCannotJoinOrSetANameOtherThanItsTokensInEitherDialect() {
    String name = user();
    String other = user();
    try (ChatClient owner = ChatClient.connect(withToken(token(other, other, Duration.ofMinutes(5))));
        ChatClient client = ChatClient.connect(withToken(token(name, name, Duration.ofMinutes(5))))) {
      int room = owner.as(other).createRoom("of " + other);
      client.send(Requests.join(room, "mallory"));
      client.expectRefusal("SERVER_ROOM_JOIN", "USER_MISMATCH");
      client.send(Requests.nameSet("mallory"));
      client.expectRefusal("SERVER_NAME_SET", "USER_MISMATCH");
      client.send(Requests.nameSet(name));
      client.expectOk("SERVER_NAME_SET");
      client.send(Requests.appJoin(room));
      client.expectOk("SERVER_ROOM_JOIN");
      assertThat(owner.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo(name);
      client.send(Requests.appChat("as myself"));
      assertThat(owner.expectOk("SERVER_CHAT_SEND").getString("nickname")).isEqualTo(name);
    }
  }

  @Test
  void aBadOrExpiredTokenInClientAuthIsRefusedWithItsReason() {
    String name = user();
    try (ChatClient client = ChatClient.connect(server)) {
      client.send(auth("garbage"));
      client.expectRefusal("SERVER_AUTH", "BAD_TOKEN");
      client.send(auth(Jwt.none(Jwt.claims(name, Instant.now().getEpochSecond() + 60, null))));
      client.expectRefusal("SERVER_AUTH", "BAD_TOKEN");
      client.send(auth(token(name, name, Duration.ofMinutes(-1))));
      client.expectRefusal("SERVER_AUTH", "TOKEN_EXPIRED");
      client.send(Json.createObjectBuilder().add("type", "CLIENT_AUTH").add("token", 42).build());
      client.expectRefusal("SERVER_AUTH", "BAD_TOKEN");
      client.send(Requests.create("still out", name));
      client.expectRefusal("SERVER_ROOM_CREATE", "AUTH_REQUIRED");
    }
  }

  @Test
  void theHandshakesAccessTokenSignsTheConnectionIn() {
    String name = user();
    try (ChatClient client = ChatClient.connect(withToken(token(name, name, Duration.ofMinutes(5))))) {
      client.send(Requests.create("by url", name));
      client.expectOk("SERVER_ROOM_CREATE");
    }
  }

  @Test
  void aConnectionWhoseTokenEndsIsClosedWith1008TokenExpiredUnlessAFreshOneCameFirst() throws Exception {
    String name = user();
    String other = user();
    try (ChatClient refreshed = ChatClient.connect(server);
        ChatClient lapsing = ChatClient.connect(server)) {
      refreshed.send(auth(token(name, name, Duration.ofSeconds(4))));
      refreshed.expectOk("SERVER_AUTH");
      lapsing.send(auth(token(other, other, Duration.ofSeconds(6))));
      lapsing.expectOk("SERVER_AUTH");
      refreshed.send(auth(token(name, name, Duration.ofMinutes(5))));
      refreshed.expectOk("SERVER_AUTH");

      assertThat(lapsing.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1008);
      assertThat(lapsing.closeReason().get(1, TimeUnit.SECONDS)).isEqualTo("TOKEN_EXPIRED");
      // the other's first token ended two seconds before: it is still open, and signed in
      refreshed.send(Requests.create("still here", name));
      refreshed.expectOk("SERVER_ROOM_CREATE");
    }
  }

  @Test
  void aSessionClosedForItsTokenIsResumedWithAFreshTokenOfTheSameUserOnly() throws Exception {
    String name = user();
    String session;
    int room;
    try (ChatClient owner = ChatClient.connect(server);
        ChatClient guest = ChatClient.connect(withToken(token("g-" + name, "g" + name, Duration.ofMinutes(5))))) {
      owner.send(auth(token(name, name, Duration.ofSeconds(4))));
      owner.expectOk("SERVER_AUTH");
      owner.send(Requests.create("kept", name));
      JsonObject created = owner.expectOk("SERVER_ROOM_CREATE");
      session = created.getString("session");
      room = created.getInt("roomID");
      guest.send(Requests.join(room, "g" + name));
      guest.expectOk("SERVER_ROOM_JOIN");
      owner.expectOk("SERVER_ROOM_JOIN");

      assertThat(owner.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1008);
      guest.expectNothingElse(); // suspended, not gone: nobody is told

      try (ChatClient impostor = ChatClient.connect(withToken(token("x-" + name, name, Duration.ofMinutes(5))))) {
        impostor.send(Requests.resume(session, room, 0));
        impostor.expectRefusal("SERVER_SESSION_RESUME", "USER_MISMATCH");
      }
      try (ChatClient back = ChatClient.connect(withToken(token(name, name, Duration.ofMinutes(5))))) {
        back.send(Requests.resume(session, room, 0));
        JsonObject resumed = back.expectOk("SERVER_SESSION_RESUME");
        assertThat(resumed.getString("userName")).isEqualTo(name);
        back.send(Requests.chat(room, name, "back"));
        guest.expectOk("SERVER_CHAT_SEND");
      }
    }
  }

  @Test
  void aSocketIoPageSignsInWithAuthTokenAndSpeaksAsTheTokensName() throws Exception {
    String name = user();
    String room = "auth-" + name;
    try (SocketIoClient page =
        SocketIoClient.openWithAuth(
            server, "mallory", room, Map.of("token", token(name, name, Duration.ofMinutes(5))), "websocket")) {
      page.awaitConnected();
      assertThat(page.ask("join_room", json("type", 0)).optBoolean("status")).isTrue();
      JSONObject notice = page.next("chatting");
      assertThat(notice.optString("name")).isEqualTo(name);
    }
  }

  @Test
  void aSocketIoPageIsDisconnectedByTheServerWhenItsTokenEnds() throws Exception {
    String name = user();
    try (SocketIoClient page =
        SocketIoClient.openWithAuth(
            server, null, "auth-" + name, Map.of("token", token(name, name, Duration.ofSeconds(4))), "websocket")) {
      page.awaitConnected();

      assertThat(page.disconnected().get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
    }
  }

  @Test
  void aRecoveringSocketIoConnectIsAnsweredLikeAnyConnectFirstAndARefusedSocketWaitsForItsUsersToken() {
    String name = user();
    String room = "recover-" + name;
    try (EngineIoSocket page = EngineIoSocket.open(server, "room=" + room, true);
        EngineIoSocket again = EngineIoSocket.open(server, "room=" + room, true)) {
      String first = page.send(AuthContract.connect(token(name, name, Duration.ofMinutes(5)), null)).next();
      String pid = AuthContract.privateId(first);
      assertThat(page.send("421[\"join_room\",{\"type\":1}]").next()).isEqualTo("431[{\"status\":true}]");

      Map<String, String> refusals =
          Map.of(
              "AUTH_REQUIRED", AuthContract.connect(null, pid),
              "BAD_TOKEN", AuthContract.connect("garbage", pid),
              "TOKEN_EXPIRED", AuthContract.connect(token(name, name, Duration.ofMinutes(-1)), pid));
      refusals.forEach(
          (reason, connect) ->
              assertThat(AuthContract.refusalReason(again.send(connect).next())).as(reason).isEqualTo(reason));
      assertThat(page.send("422[\"join_room\",{\"type\":1}]").next()).isEqualTo("432[{\"status\":true}]");

      again.send(AuthContract.connect(token(name, name, Duration.ofMinutes(5)), pid));
      assertThat(AuthContract.privateId(again.next())).isEqualTo(pid);
    }
  }

  @Test
  void aSocketIoPageWithABadTokenOrNoneGetsAConnectErrorWithTheReason() {
    String name = user();
    Map<String, Map<String, String>> cases =
        Map.of(
            "BAD_TOKEN", Map.of("token", "garbage"),
            "TOKEN_EXPIRED", Map.of("token", token(name, name, Duration.ofMinutes(-1))),
            "AUTH_REQUIRED", Map.of());
    cases.forEach(
        (reason, auth) -> {
          try (SocketIoClient page = SocketIoClient.openWithAuth(server, name, "r", auth, "websocket")) {
            JSONObject error = page.awaitRefusal();
            assertThat(error.optJSONObject("data").optString("reason")).as(reason).isEqualTo(reason);
          }
        });
  }
}
