package dev.socketchat.auth;

import static dev.socketchat.testing.SocketIoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.Jwt;
import dev.socketchat.testing.NodeScript;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.SocketIoClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Signing in with {@code socketchat.auth.mode=optional}, as clients see it on every server: the handshake's {@code
 * access_token} (401 when refused), {@code CLIENT_AUTH}, the close when a token ends, Socket.IO's {@code auth.token},
 * and guests kept off the names of signed-in users. Each server has a subclass started with {@link #SETTINGS}.
 */
abstract class AuthContract {
  /** The settings the server under test runs with: optional mode, an HMAC secret, and no clock skew. */
  static final Map<String, String> SETTINGS =
      Map.of(
          "socketchat.auth.mode", "optional",
          "socketchat.auth.hmac-secret", "the-secret-the-site-and-the-chat-share-0123456789",
          "socketchat.auth.clock-skew", "0");

  /** The server under test, started with {@link #SETTINGS}. */
  abstract ServerUnderTest server();

  static String token(String sub, String name, Duration life) {
    long exp = Instant.now().plus(life).getEpochSecond();
    return Jwt.hs256(SETTINGS.get("socketchat.auth.hmac-secret"), Jwt.claims(sub, exp, "\"name\":\"" + name + "\""));
  }

  static JsonObject auth(String token) {
    return Json.createObjectBuilder().add("type", "CLIENT_AUTH").add("token", token).build();
  }

  /** A name nobody else in the run uses (ten characters at most). */
  static String someone() {
    return "n" + UUID.randomUUID().toString().substring(0, 8);
  }

  private URI withToken(String token) {
    return URI.create(server().chat() + "?access_token=" + token);
  }

  private ChatClient signedIn(String name) {
    ChatClient client = ChatClient.connect(withToken(token("id-" + name, name, Duration.ofMinutes(5))));
    client.send(auth(token("id-" + name, name, Duration.ofMinutes(5))));
    assertThat(client.expectOk("SERVER_AUTH").getString("userName")).isEqualTo(name);
    return client;
  }

  @Test
  void aHandshakeWhoseAccessTokenIsRefusedGets401() {
    String name = someone();
    String forged = Jwt.hs256("not-the-site-secret-but-long-enough-0123", Jwt.claims(name, 4_000_000_000L, null));

    assertThat(Handshakes.status(withToken("not.a.token"), null)).isEqualTo(401);
    assertThat(Handshakes.status(withToken(forged), null)).isEqualTo(401);
    assertThat(Handshakes.status(withToken(token(name, name, Duration.ofMinutes(-1))), null)).isEqualTo(401);
    assertThat(Handshakes.status(withToken(token(name, name, Duration.ofMinutes(5))), null)).isEqualTo(101);
  }

  @Test
  void theAccessTokenMakesTheConnectionSpeakAsTheTokensNameOnly() {
    String name = someone();
    try (ChatClient client = ChatClient.connect(withToken(token("id-" + name, name, Duration.ofMinutes(5))))) {
      client.send(Requests.create("of " + name, "mallory"));
      client.expectRefusal("SERVER_ROOM_CREATE", "USER_MISMATCH");
      client.send(Requests.create("of " + name, name));
      client.expectOk("SERVER_ROOM_CREATE");
    }
  }

  @Test
  void clientAuthIsAnsweredWithServerAuthOrTheReasonOfTheRefusal() {
    String name = someone();
    try (ChatClient client = ChatClient.connect(server())) {
      client.send(auth("garbage"));
      client.expectRefusal("SERVER_AUTH", "BAD_TOKEN");
      client.send(auth(token(name, name, Duration.ofMinutes(-1))));
      client.expectRefusal("SERVER_AUTH", "TOKEN_EXPIRED");
      client.send(Requests.withRequestId(auth(token("id-" + name, name, Duration.ofMinutes(5))), "a-1"));
      JsonObject reply = client.expectOk("SERVER_AUTH");
      assertThat(reply.getString("userName")).isEqualTo(name);
      assertThat(reply.getString("requestId")).isEqualTo("a-1");
      assertThat(Instant.parse(reply.getString("expiresAt"))).isAfter(Instant.now());
    }
  }

  @Test
  void aConnectionWhoseTokenEndsIsClosedWith1008TokenExpired() throws Exception {
    String name = someone();
    try (ChatClient client = ChatClient.connect(server())) {
      client.send(auth(token("id-" + name, name, Duration.ofSeconds(4))));
      client.expectOk("SERVER_AUTH");

      assertThat(client.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1008);
      assertThat(client.closeReason().get(1, TimeUnit.SECONDS)).isEqualTo("TOKEN_EXPIRED");
    }
  }

  @Test
  void guestsChatAsBeforeButNotUnderTheNameOfASignedInUser() {
    String name = someone();
    try (ChatClient owner = signedIn(name);
        ChatClient guest = ChatClient.connect(server())) {
      owner.send(Requests.create("signed", name));
      int room = owner.expectOk("SERVER_ROOM_CREATE").getInt("roomID");

      guest.send(Requests.join(room, name.toUpperCase(Locale.ROOT)));
      guest.expectRefusal("SERVER_ROOM_JOIN", "NAME_RESERVED");
      guest.send(Requests.create("impostor's", name));
      guest.expectRefusal("SERVER_ROOM_CREATE", "NAME_RESERVED");
      String other = someone();
      guest.send(Requests.join(room, other));
      guest.expectOk("SERVER_ROOM_JOIN");
      guest.send(Requests.chat(room, other, "hello"));
      guest.expectOk("SERVER_CHAT_SEND");

      try (SocketIoClient page = SocketIoClient.open(server(), name, "open-" + name, "websocket").awaitConnected()) {
        JSONObject ack = page.ask("join_room", json("type", 0));
        assertThat(ack.optString("reason")).isEqualTo("NAME_RESERVED");
      }
    }
  }

  @Test
  void aGuestThatHadTheNameFirstNeitherChatsNorKicksUnderItOnceItsUserSignsIn() {
    String name = someone();
    String other = someone();
    try (ChatClient squatter = ChatClient.connect(server());
        ChatClient member = ChatClient.connect(server())) {
      squatter.send(Requests.create("squatted", name));
      int room = squatter.expectOk("SERVER_ROOM_CREATE").getInt("roomID");
      member.send(Requests.join(room, other));
      member.expectOk("SERVER_ROOM_JOIN");
      squatter.expectOk("SERVER_ROOM_JOIN");

      try (ChatClient user = signedIn(name)) {
        squatter.send(Requests.chat(room, name, "it is me"));
        squatter.expectRefusal("SERVER_CHAT_SEND", "NAME_RESERVED");
        // a kick tells the room who did it: "by" the signed-in user's name
        squatter.send(Requests.kick(room, name, other));
        squatter.expectRefusal("SERVER_ROOM_KICK", "NAME_RESERVED");
        member.send(Requests.chat(room, other, "still here"));
        member.expectOk("SERVER_CHAT_SEND");
        squatter.expectOk("SERVER_CHAT_SEND");
        squatter.send(Requests.exit(room, name));
        squatter.expectOk("SERVER_ROOM_EXIT");
        user.send(Requests.join(room, name));
        user.expectRefusal("SERVER_ROOM_JOIN", "NO_SUCH_ROOM"); // its owner left: the room is gone
      }
    }
  }

  @Test
  void aSocketIoSocketIsRecoveredByItsOwnUserOnlyAnotherUsersTokenStartsAfresh() {
    String ann = someone();
    String bob = someone();
    String room = "recover-" + ann;
    try (EngineIoSocket annPage = EngineIoSocket.open(server(), "room=" + room, true);
        EngineIoSocket bobPage = EngineIoSocket.open(server(), "room=" + room, true);
        EngineIoSocket annAgain = EngineIoSocket.open(server(), "room=" + room, true)) {
      String pid = privateId(annPage.send(connect(token("id-" + ann, ann, Duration.ofMinutes(5)), null)).next());
      // acknowledged, so that ann is in the room before bob enters it from another connection
      assertThat(annPage.send("421[\"join_room\",{\"type\":1}]").next()).isEqualTo("431[{\"status\":true}]");

      // bob's page, with ann's pid (a shared browser whose user changed): bob's own new socket, not ann's
      String bobs = bobPage.send(connect(token("id-" + bob, bob, Duration.ofMinutes(5)), pid)).next();
      assertThat(privateId(bobs)).isNotEqualTo(pid);
      bobPage.send("42[\"join_room\",{\"type\":0}]");
      assertThat(annPage.next()).contains("\"name\":\"" + bob + "\"");

      annAgain.send(connect(token("id-" + ann, ann, Duration.ofMinutes(5)), pid));
      // what ann's socket missed first (bob's entry, on chatting and on join_room), then the CONNECT answer
      assertThat(annAgain.next()).contains("\"name\":\"" + bob + "\"");
      assertThat(annAgain.next()).contains("\"name\":\"" + bob + "\"");
      assertThat(privateId(annAgain.next())).isEqualTo(pid);
    }
  }

  @Test
  void aSignedInSocketIoSocketIsRecoveredOnlyWithAValidTokenOfItsUserAndWaitsOutARefusal() {
    String ann = someone();
    String room = "again-" + ann;
    try (EngineIoSocket annPage = EngineIoSocket.open(server(), "room=" + room, true);
        EngineIoSocket annAgain = EngineIoSocket.open(server(), "room=" + room, true);
        EngineIoSocket guestPage = EngineIoSocket.open(server(), "name=g" + ann + "&room=" + room, true);
        EngineIoSocket guestAgain = EngineIoSocket.open(server(), "name=g" + ann + "&room=" + room, true)) {
      String pid = privateId(annPage.send(connect(token("id-" + ann, ann, Duration.ofMinutes(5)), null)).next());
      assertThat(annPage.send("421[\"join_room\",{\"type\":1}]").next()).isEqualTo("431[{\"status\":true}]");

      // its pid proves no sign-in: without a token, as /chat refuses a signed-in session's resume by a guest
      assertThat(refusalReason(annAgain.send(connect(null, pid)).next())).isEqualTo("USER_MISMATCH");
      assertThat(refusalReason(annAgain.send(connect("forged", pid)).next())).isEqualTo("BAD_TOKEN");
      String expired = token("id-" + ann, ann, Duration.ofMinutes(-1));
      assertThat(refusalReason(annAgain.send(connect(expired, pid)).next())).isEqualTo("TOKEN_EXPIRED");
      // refused, it is left where it was: ann's first page still has it
      assertThat(annPage.send("422[\"join_room\",{\"type\":1}]").next()).isEqualTo("432[{\"status\":true}]");

      annAgain.send(connect(token("id-" + ann, ann, Duration.ofMinutes(5)), pid));
      assertThat(privateId(annAgain.next())).isEqualTo(pid);

      // a guest's socket is recovered by its pid, as ever
      String guests = privateId(guestPage.send("40").next());
      assertThat(privateId(guestAgain.send(connect(null, guests)).next())).isEqualTo(guests);
    }
  }

  @Test
  void aSocketIoSocketRecoveredWithAFreshTokenEndsWithTheFreshOneNotTheOneItHad() {
    String ann = someone();
    String bob = someone();
    String room = "fresh-" + ann;
    try (EngineIoSocket annPage = EngineIoSocket.open(server(), "room=" + room, true);
        EngineIoSocket annAgain = EngineIoSocket.open(server(), "room=" + room, true);
        EngineIoSocket lapsing = EngineIoSocket.open(server(), "room=" + room, true)) {
      String pid = privateId(annPage.send(connect(token("id-" + ann, ann, Duration.ofSeconds(4)), null)).next());
      annAgain.send(connect(token("id-" + ann, ann, Duration.ofMinutes(5)), pid));
      assertThat(privateId(annAgain.next())).isEqualTo(pid);
      privateId(lapsing.send(connect(token("id-" + bob, bob, Duration.ofSeconds(6)), null)).next());

      assertThat(lapsing.next()).as("bob's socket, disconnected when his token ends").isEqualTo("41");
      // ann's first token ended two seconds before bob's: her socket is still connected, signed in
      assertThat(annAgain.send("421[\"join_room\",{\"type\":1}]").next()).isEqualTo("431[{\"status\":true}]");
    }
  }

  /** A CONNECT packet to the default namespace with the token (or none), and a socket's pid to recover (or null). */
  static String connect(String token, String pid) {
    var auth = Json.createObjectBuilder();
    if (token != null) {
      auth.add("token", token);
    }
    if (pid != null) {
      auth.add("pid", pid);
    }
    return "40" + auth.build();
  }

  /** The pid of a CONNECT answer ({@code 40{"sid":…,"pid":…}}). */
  static String privateId(String answer) {
    assertThat(answer).startsWith("40{");
    return Json.createReader(new StringReader(answer.substring(2))).readObject().getString("pid");
  }

  /** The reason of a CONNECT_ERROR ({@code 44{"message":…,"data":{"reason":…}}}). */
  static String refusalReason(String answer) {
    assertThat(answer).startsWith("44{");
    return Json.createReader(new StringReader(answer.substring(2)))
        .readObject()
        .getJsonObject("data")
        .getString("reason");
  }

  @Test
  void aSocketIoPageSignsInWithAuthTokenUnderTheTokensName() {
    String name = someone();
    Map<String, String> auth = Map.of("token", token("id-" + name, name, Duration.ofMinutes(5)));
    try (SocketIoClient page =
        SocketIoClient.openWithAuth(server(), "mallory", "open-" + name, auth, "websocket").awaitConnected()) {
      assertThat(page.ask("join_room", json("type", 0)).optBoolean("status")).isTrue();
      assertThat(page.next("chatting").optString("name")).isEqualTo(name);
    }
  }

  @Test
  void aPageOnTheNpmClientSignsInWithAuthTokenOrGetsConnectErrorWithTheReason() {
    String name = someone();
    String url = server().socketIoOrigin().toString().replaceFirst("^http", "ws");
    String forged = Jwt.hs256("not-the-site-secret-but-long-enough-0123", Jwt.claims(name, 4_000_000_000L, null));
    NodeScript.run(
        "signed-page.mjs",
        url,
        server().socketIoPath(),
        "npm-" + name,
        name,
        token("id-" + name, name, Duration.ofMinutes(5)),
        token("id-" + name, name, Duration.ofMinutes(-1)),
        forged);
  }

  @Test
  void aSocketIoPageWithABadTokenGetsAConnectErrorWithTheReason() {
    String name = someone();
    Map<String, String> auth = Map.of("token", token(name, name, Duration.ofMinutes(-1)));
    try (SocketIoClient page = SocketIoClient.openWithAuth(server(), name, "r", auth, "websocket")) {
      assertThat(page.awaitRefusal().optJSONObject("data").optString("reason")).isEqualTo("TOKEN_EXPIRED");
    }
    try (SocketIoClient page =
        SocketIoClient.openWithAuth(server(), name, "r", Map.of("token", "forged"), "websocket")) {
      assertThat(page.awaitRefusal().optJSONObject("data").optString("reason")).isEqualTo("BAD_TOKEN");
    }
  }
}
