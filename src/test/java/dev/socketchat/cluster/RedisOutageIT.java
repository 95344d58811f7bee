package dev.socketchat.cluster;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.withRequestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Jwt;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.Signals;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped and started again (empty, as a restart without persistence leaves it) under two running nodes: the
 * clients stay connected, requests that need Redis are refused at once with UNAVAILABLE, and afterwards the nodes put
 * their rooms back by themselves, announce what happened meanwhile, and chat goes on.
 */
class RedisOutageIT {
  private static final Duration FAST = Duration.ofSeconds(3);
  private static final String OUTAGES = "socketchat_redis_outages_total";
  private static final String SECRET = "the-outage-cluster-shares-this-secret-0123";
  private static ClusterUnderTest cluster;
  private final List<ChatClient> clients = new ArrayList<>();
  private final AtomicInteger probes = new AtomicInteger();

  @BeforeAll
  static void start() {
    cluster =
        ClusterUnderTest.start(
            "redis-outage", 2, Map.of("socketchat.auth.mode", "optional", "socketchat.auth.hmac-secret", SECRET));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(ChatClient::close);
  }

  private ChatClient client(StandaloneProcess node, String nickname) {
    ChatClient client = ChatClient.connect(node).as(nickname);
    clients.add(client);
    return client;
  }

  /** A client signed in as the user {@code sub}, whose token names it {@code nickname}. */
  private ChatClient signedIn(StandaloneProcess node, String sub, String nickname) {
    ChatClient client = ChatClient.connect(signedInChat(node, sub, nickname)).as(nickname);
    clients.add(client);
    return client;
  }

  private static URI signedInChat(StandaloneProcess node, String sub, String nickname) {
    long exp = Instant.now().getEpochSecond() + 600;
    String token = Jwt.hs256(SECRET, Jwt.claims(sub, exp, "\"name\":\"" + nickname + "\""));
    return URI.create(node.chat() + "?access_token=" + token);
  }

  @Test
  void requestsFailFastDuringAnOutageAndChatResumesAfterItWithoutRestartingTheNodes() throws Exception {
    StandaloneProcess a = cluster.node(0);
    StandaloneProcess b = cluster.node(1);
    ChatClient ownerA = client(a, "owner-a");
    int roomA = ownerA.createRoom("a's room");
    ChatClient guest = client(b, "guest");
    guest.join(roomA);
    ChatClient leaver = client(b, "leaver");
    leaver.join(roomA);
    ownerA.expectOk("SERVER_ROOM_JOIN");
    ownerA.expectOk("SERVER_ROOM_JOIN");
    guest.expectOk("SERVER_ROOM_JOIN");
    ChatClient ownerB = client(b, "owner-b");
    int roomB = ownerB.createRoom("b's room");
    ChatClient memberA = client(a, "member-a");
    memberA.join(roomB);
    ownerB.expectOk("SERVER_ROOM_JOIN");

    double outagesBefore = Scrape.of(a).value(OUTAGES);
    cluster.redis().stop();
    long asked = System.nanoTime();
    guest.send(withRequestId(chat(roomA, "guest", "anyone?"), "during"));
    JsonObject refused = guest.next(FAST);
    Duration answeredIn = Duration.ofNanos(System.nanoTime() - asked);
    assertThat(refused.getString("type")).isEqualTo("SERVER_CHAT_SEND");
    assertThat(refused.getBoolean("status")).isFalse();
    assertThat(refused.getString("reason")).isEqualTo("UNAVAILABLE");
    assertThat(refused.getString("requestId")).isEqualTo("during");
    assertThat(refused.getInt("roomID")).isEqualTo(roomA);
    System.out.printf("measured: during the outage a request was refused after %d ms%n", answeredIn.toMillis());
    ownerA.send(Requests.list());
    assertThat(ownerA.next(FAST).getString("reason")).isEqualTo("UNAVAILABLE");
    ChatClient newcomer = client(a, "newcomer");
    newcomer.send(Requests.create("new", "newcomer"));
    assertThat(newcomer.next(FAST).getString("reason")).isEqualTo("UNAVAILABLE");
    assertThat(status(a).statusCode()).isEqualTo(503);
    assertThat(status(a).body()).contains("\"status\":\"UNAVAILABLE\"");
    assertThat(get(a, "health/ready").statusCode()).as("not ready while Redis is away").isEqualTo(503);
    assertThat(get(a, "health/ready").body()).isEqualTo("{\"status\":\"UNAVAILABLE\"}");
    assertThat(get(a, "health/live").statusCode()).as("but alive").isEqualTo(200);
    // two connections close while Redis is away: a member of room A, and the owner of room B
    leaver.close();
    ownerB.close();

    cluster.redis().start(); // empty
    List<JsonObject> heardByGuest = new ArrayList<>();
    Eventually.await(
        Duration.ofSeconds(30),
        () -> probe(guest, roomA, heardByGuest),
        Predicate.isEqual(true),
        "a message from node B to node A's room to go through again");
    List<JsonObject> heardByOwner = ownerA.take(2, Duration.ofSeconds(10));
    assertThat(heardByOwner)
        .extracting(frame -> frame.getString("type") + " " + frame.getString("nickName", frame.getString("nickname", "")))
        .containsExactlyInAnyOrder("SERVER_ROOM_EXIT leaver", "SERVER_CHAT_SEND guest");
    assertThat(heardByGuest)
        .extracting(frame -> frame.getString("type") + " " + frame.getString("nickName", ""))
        .containsExactly("SERVER_ROOM_EXIT leaver");
    JsonObject deleted = memberA.next(Duration.ofSeconds(20));
    assertThat(deleted.getString("type")).isEqualTo("SERVER_ROOM_DELETE");
    assertThat(deleted.getInt("roomID")).isEqualTo(roomB);

    ownerA.send(chat(roomA, "owner-a", "welcome back"));
    ownerA.expectOk("SERVER_CHAT_SEND");
    guest.expectOk("SERVER_CHAT_SEND");
    assertThat(newcomer.createRoom("new")).as("room numbers go on after the outage").isGreaterThan(roomB);
    for (ChatClient client : List.of(ownerA, guest, memberA, newcomer)) {
      assertThat(client.closed()).as("%s stayed connected", client.nickname()).isNotDone();
      client.expectNothingElse();
    }
    assertThat(status(a).body()).contains("\"status\":\"UP\"").contains("\"rooms\":2");
    assertThat(get(a, "health/ready").statusCode()).as("ready again").isEqualTo(200);
    assertThat(Scrape.of(a).value(OUTAGES)).as("one outage, counted once").isEqualTo(outagesBefore + 1);
  }

  @Test
  void aRoomPutBackAfterRedisLostItsDataKeepsItsLatestEventsForItsJoiners() {
    StandaloneProcess a = cluster.node(0);
    StandaloneProcess b = cluster.node(1);
    ChatClient owner = client(a, "keeper");
    int room = owner.createRoom("kept");
    ChatClient member = client(b, "member");
    member.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    cluster.redis().stop();
    cluster.redis().start(); // empty: the owner's node puts the room back
    Eventually.await(
        Duration.ofSeconds(30),
        () -> probe(member, room, new ArrayList<>()),
        Predicate.isEqual(true),
        "a message to the room put back to go through");
    member.send(chat(room, "member", "still here"));
    member.expectOk("SERVER_CHAT_SEND");

    JsonObject joined =
        Eventually.await(
            Duration.ofSeconds(10),
            () -> answerToJoin(a, room, "joiner"),
            reply -> reply != null,
            "the room to take newcomers again");
    assertThat(joined.getJsonArray("history"))
        .as("the room keeps its events again once it is back")
        .extracting(message -> message.asJsonObject().getString("message"))
        .containsExactly("back", "still here");
  }

  /**
   * A lobby subscriber is told to fetch the list anew when Redis lost its data, and again when a node that was slower
   * to come back puts its rooms back: a list fetched in between, without them, is not the last word.
   */
  @Test
  void aLobbySubscriberHearsOfRoomsANodePutsBackAfterItFetchedItsListAnew() {
    StandaloneProcess slow = cluster.node(0);
    StandaloneProcess quick = cluster.node(1);
    ChatClient owner = client(slow, "lister");
    int room = owner.createRoom("back in the list");
    ChatClient lobby = client(quick, "lobby");
    lobby.send("{\"type\":\"CLIENT_LOBBY_SUBSCRIBE\"}");
    assertThat(listed(lobby.expectOk("SERVER_LOBBY_SUBSCRIBE"))).contains(room);

    Signals.freeze(slow.process());
    try {
      cluster.redis().stop();
      cluster.redis().start();
      resync(lobby);
      Eventually.await(Duration.ofSeconds(15), () -> ready(quick), Predicate.isEqual(true), "the quick node in step");
      assertThat(freshList(lobby)).as("not back yet").doesNotContain(room);
    } finally {
      Signals.thaw(slow.process());
    }
    resync(lobby);
    assertThat(freshList(lobby)).as("put back").contains(room);
  }

  /**
   * A room whose owner's node stays frozen across Redis losing its data, longer than the other nodes wait for it, is
   * given up by them, and stays given up when that node wakes: its owner is told it was deleted too and stays
   * connected, and no node lists it (it came back under its number for its owner alone).
   */
  @Test
  void aRoomTheOtherNodesGaveUpWhileItsOwnersNodeWasFrozenStaysDeletedWhenThatNodeWakes() {
    StandaloneProcess late = cluster.node(0);
    StandaloneProcess other = cluster.node(1);
    ChatClient owner = client(late, "late owner");
    int room = owner.createRoom("given up");
    ChatClient member = client(other, "waiter");
    member.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");

    Signals.freeze(late.process());
    try {
      cluster.redis().stop();
      cluster.redis().start();
      // the other node waits two liveness times (16 s) for the owner's node to put the room back
      assertDeleted(member.next(Duration.ofSeconds(40)), room);
    } finally {
      Signals.thaw(late.process());
    }
    assertDeleted(owner.next(Duration.ofSeconds(30)), room);
    assertThat(owner.closed()).as("the owner stays connected").isNotDone();
    owner.expectNothingElse();
    assertThat(cluster.redis().command("EXISTS socketchat:room:" + room)).as("the room in Redis").isEqualTo(":0");
    for (StandaloneProcess node : List.of(late, other)) {
      JsonObject list = client(node, "lister").send(Requests.list()).expectOk("SERVER_ROOM_LIST");
      assertThat(listed(list)).as("the rooms listed on %s", node).doesNotContain(room);
    }
  }

  private static void assertDeleted(JsonObject frame, int room) {
    assertThat(frame.getString("type")).as("%s", frame).isEqualTo("SERVER_ROOM_DELETE");
    assertThat(frame.getInt("roomID")).as("%s", frame).isEqualTo(room);
  }

  /** Waits for the lobby's resync, past the changes pushed before it. */
  private static void resync(ChatClient lobby) {
    JsonObject frame = lobby.next(Duration.ofSeconds(20));
    while (!frame.getString("type").equals("SERVER_LOBBY_RESYNC")) {
      assertThat(frame.getString("type")).as("%s", frame).isEqualTo("SERVER_LOBBY_CHANGE");
      frame = lobby.next(Duration.ofSeconds(20));
    }
  }

  /** Subscribes (again) and returns the list, subscribing once more for each resync that comes before it. */
  private static List<Integer> freshList(ChatClient lobby) {
    lobby.send("{\"type\":\"CLIENT_LOBBY_SUBSCRIBE\"}");
    for (int resyncs = 0; resyncs < 5; resyncs++) {
      JsonObject frame = lobby.next(Duration.ofSeconds(20));
      while (frame.getString("type").equals("SERVER_LOBBY_CHANGE")) {
        frame = lobby.next(Duration.ofSeconds(20));
      }
      if (frame.getString("type").equals("SERVER_LOBBY_SUBSCRIBE")) {
        return listed(frame);
      }
      assertThat(frame.getString("type")).as("%s", frame).isEqualTo("SERVER_LOBBY_RESYNC");
      lobby.send("{\"type\":\"CLIENT_LOBBY_SUBSCRIBE\"}");
    }
    throw new AssertionError("the lobby resynced five times in a row");
  }

  private static List<Integer> listed(JsonObject list) {
    return list.getJsonArray("rooms").stream().map(entry -> entry.asJsonObject().getInt("roomID")).toList();
  }

  @Test
  void aSessionHeldWhenRedisLostItsDataStillResumesOnAnotherNode() {
    StandaloneProcess a = cluster.node(0);
    StandaloneProcess b = cluster.node(1);
    ChatClient owner = client(a, "host");
    int room = owner.createRoom("resumable");
    ChatClient member = client(b, "roamer");
    String session = member.join(room).getString("session");
    owner.expectOk("SERVER_ROOM_JOIN");

    loseRedisData(); // the nodes put back the sessions their connections hold
    Eventually.await(
        Duration.ofSeconds(30),
        () -> probe(member, room, new ArrayList<>()),
        Predicate.isEqual(true),
        "a message to the room put back to go through");
    // and how long ended rooms stay for them: the window past the latest the heartbeat (500 ms beats) notices a drop
    Duration linger = b.resumeWindow().plus(b.heartbeatTimeout()).plusMillis(500);
    assertThat(cluster.redis().strings("GET socketchat:session-window"))
        .containsExactly(String.valueOf(linger.toMillis()));
    member.send(chat(room, "roamer", "about to drop"));
    long seq = member.expectOk("SERVER_CHAT_SEND").getJsonNumber("seq").longValue();
    member.abort();
    awaitSuspended(session);
    owner.send(chat(room, "host", "while away"));

    ChatClient back = client(a, "roamer");
    back.send(Requests.resume(session, room, seq));
    JsonObject resumed = back.expectOk("SERVER_SESSION_RESUME");
    assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered")).as("%s", resumed).isTrue();
    assertThat(back.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("while away");
  }

  @Test
  void aSignedInSessionResumedOnItsOwnNodeBeforeRedisLostItsDataStillResumesOnAnotherNode() {
    StandaloneProcess a = cluster.node(0);
    StandaloneProcess b = cluster.node(1);
    ChatClient owner = client(a, "anfitrion");
    int room = owner.createRoom("signed");
    ChatClient member = signedIn(a, "id-ines", "ines");
    String session = member.join(room).getString("session");
    owner.expectOk("SERVER_ROOM_JOIN");
    member.send(chat(room, "ines", "first"));
    long seq = member.expectOk("SERVER_CHAT_SEND").getJsonNumber("seq").longValue();
    owner.expectOk("SERVER_CHAT_SEND");
    member.abort();
    awaitSuspended(session);
    ChatClient again = signedIn(a, "id-ines", "ines");
    again.send(Requests.resume(session, room, seq));
    assertThat(again.expectOk("SERVER_SESSION_RESUME").getJsonArray("rooms").getJsonObject(0).getBoolean("recovered"))
        .as("resumed on its own node")
        .isTrue();

    loseRedisData(); // the nodes put back the sessions their connections hold, with their users
    Eventually.await(
        Duration.ofSeconds(30),
        () -> probe(again, room, new ArrayList<>()),
        Predicate.isEqual(true),
        "a message to the room put back to go through");
    again.send(chat(room, "ines", "about to drop"));
    seq = again.expectOk("SERVER_CHAT_SEND").getJsonNumber("seq").longValue();
    again.abort();
    awaitSuspended(session);
    owner.send(chat(room, "anfitrion", "while away"));

    ChatClient back = signedIn(b, "id-ines", "ines");
    back.send(Requests.resume(session, room, seq));
    JsonObject resumed = back.expectOk("SERVER_SESSION_RESUME");
    assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered")).as("%s", resumed).isTrue();
    assertThat(back.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("while away");
  }

  @Test
  void aKickedGuestAndAKickedUserStayBannedFromARoomPutBackAfterRedisLostItsData() {
    StandaloneProcess a = cluster.node(0);
    StandaloneProcess b = cluster.node(1);
    ChatClient owner = client(a, "bouncer");
    int room = owner.createRoom("strict");
    ChatClient stayer = client(b, "regular");
    stayer.join(room);
    ChatClient guest = client(b, "pest");
    guest.join(room);
    ChatClient user = signedIn(b, "id-troll", "troll");
    user.join(room);
    for (int joins = 0; joins < 3; joins++) {
      owner.expectOk("SERVER_ROOM_JOIN");
    }
    for (String target : List.of("pest", "troll")) {
      owner.send(Requests.kick(room, "bouncer", target));
      owner.expectOk("SERVER_ROOM_KICK");
    }
    assertThat(joinAs(b, room, "pest")).as("the guest's name is banned").isEqualTo("BANNED");
    assertThat(joinAs(signedInChat(b, "id-troll", "troll2"), room, "troll2"))
        .as("the user is banned under any name")
        .isEqualTo("BANNED");

    cluster.redis().stop();
    cluster.redis().start(); // empty: the nodes put the room back, with its bans
    Eventually.await(
        Duration.ofSeconds(30),
        () -> joinAs(a, room, "newbie"),
        answer -> answer != null,
        "the room to take newcomers again");
    for (StandaloneProcess node : List.of(a, b)) {
      assertThat(joinAs(node, room, "pest")).as("the guest's name is banned still").isEqualTo("BANNED");
      assertThat(joinAs(signedInChat(node, "id-troll", "troll3"), room, "troll3"))
          .as("the user is banned still")
          .isEqualTo("BANNED");
    }
    assertThat(joinAs(b, room, "unrelated")).startsWith("JOINED");
  }

  private static void awaitSuspended(String session) {
    Eventually.await(
        Duration.ofSeconds(10),
        () -> cluster.redis().command("PTTL socketchat:session:" + session),
        ttl -> ttl.matches(":[1-9][0-9]*"),
        "the dropped member's session to wait for a resume");
  }

  /**
   * The owner's session moved to another node (a resume there) before Redis lost its data: every node must put the
   * room back as the moved owner's, not take it for another room that took its number and tell its members it ended.
   */
  @Test
  void aRoomWhoseOwnerResumedOnAnotherNodeComesBackWithItsMembersAfterRedisLostItsData() {
    StandaloneProcess a = cluster.node(0);
    StandaloneProcess b = cluster.node(1);
    ChatClient owner = client(a, "mover");
    JsonObject created = owner.send(Requests.create("moved owner's", "mover")).expectOk("SERVER_ROOM_CREATE");
    int room = created.getInt("roomID");
    ChatClient guestA = client(a, "guest-a");
    guestA.join(room);
    ChatClient guestB = client(b, "guest-b");
    guestB.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    long seq = owner.expectOk("SERVER_ROOM_JOIN").getJsonNumber("seq").longValue();
    guestA.expectOk("SERVER_ROOM_JOIN");
    String session = created.getString("session");
    owner.abort();
    awaitSuspended(session);
    ChatClient moved = client(b, "mover");
    moved.send(Requests.resume(session, room, seq));
    JsonObject resumed = moved.expectOk("SERVER_SESSION_RESUME");
    assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered")).as("%s", resumed).isTrue();

    cluster.redis().stop();
    cluster.redis().start(); // empty: the moved owner's node puts the room back, the guests' nodes their seats
    List<ChatClient> members = List.of(moved, guestA, guestB);
    Map<ChatClient, List<JsonObject>> heard = new HashMap<>();
    for (ChatClient member : members) {
      List<JsonObject> frames = heard.computeIfAbsent(member, each -> new ArrayList<>());
      Eventually.await(
          Duration.ofSeconds(30),
          () -> probe(member, room, frames),
          Predicate.isEqual(true),
          member.nickname() + "'s message to the room put back to go through");
    }
    assertThat(cluster.redis().command("HLEN socketchat:room:" + room + ":members"))
        .as("every member is back in the room")
        .isEqualTo(":3");
    for (ChatClient member : members) {
      List<JsonObject> frames = heard.get(member);
      // each of the two others' messages that went through, nothing else (no end of the room)
      if (frames.size() < 2) {
        frames.addAll(member.take(2 - frames.size(), Duration.ofSeconds(10)));
      }
      assertThat(frames)
          .as("what %s heard", member.nickname())
          .hasSize(2)
          .allSatisfy(frame -> assertThat(frame.getString("type")).isEqualTo("SERVER_CHAT_SEND"));
      assertThat(member.closed()).as("%s stays connected", member.nickname()).isNotDone();
      member.expectNothingElse();
    }
  }

  @Test
  void aRoomPutBackAfterRedisLostItsDataTakesNoNewcomerBeforeItsMembersAreBack() {
    // a room on each node with a member on the other: whichever node puts its room back first, the other room's
    // member waits for its room meanwhile
    StandaloneProcess a = cluster.node(0);
    StandaloneProcess b = cluster.node(1);
    ChatClient ownerA = client(a, "owner-a");
    int roomA = ownerA.createRoom("a's room");
    ChatClient stayer = client(b, "stayer");
    stayer.join(roomA);
    ChatClient ownerB = client(b, "owner-b");
    int roomB = ownerB.createRoom("b's room");
    ChatClient sitter = client(a, "sitter");
    sitter.join(roomB);

    cluster.redis().stop();
    cluster.redis().start(); // empty
    Map<Integer, String> answers = new HashMap<>();
    Eventually.await(
        Duration.ofSeconds(30),
        () -> {
          answers.computeIfAbsent(roomA, room -> joinAs(a, room, "STAYER"));
          answers.computeIfAbsent(roomB, room -> joinAs(b, room, "SITTER"));
          return answers.size();
        },
        Predicate.isEqual(2),
        "both rooms to answer a newcomer");
    assertThat(answers).as("a waiting member keeps its name").containsEntry(roomA, "NAME_TAKEN");
    assertThat(answers).as("a waiting member keeps its name").containsEntry(roomB, "NAME_TAKEN");
    for (ChatClient member : List.of(stayer, sitter)) {
      assertThat(member.closed()).as("%s kept its seat", member.nickname()).isNotDone();
    }
  }

  /** A newcomer's join: its outcome, or null (try again) while the room is not back or Redis not in reach. */
  private static String joinAs(StandaloneProcess node, int room, String nickname) {
    return joinAs(node.chat(), room, nickname);
  }

  private static String joinAs(URI chat, int room, String nickname) {
    JsonObject reply = answerToJoin(chat, room, nickname);
    if (reply == null) {
      return null;
    }
    return reply.getBoolean("status") ? "JOINED with " + reply.getJsonArray("members") : reply.getString("reason");
  }

  /** A newcomer's join reply (the newcomer then leaves), or null while the room is not back or Redis not in reach. */
  private static JsonObject answerToJoin(StandaloneProcess node, int room, String nickname) {
    return answerToJoin(node.chat(), room, nickname);
  }

  private static JsonObject answerToJoin(URI chat, int room, String nickname) {
    try (ChatClient newcomer = ChatClient.connect(chat).as(nickname)) {
      newcomer.send(Requests.join(room, nickname));
      JsonObject reply = newcomer.next();
      boolean notYet =
          !reply.getBoolean("status") && List.of("UNAVAILABLE", "NO_SUCH_ROOM").contains(reply.getString("reason"));
      return notYet ? null : reply;
    }
  }

  @Test
  void aDroppedConnectionToRedisCountsAsAnOutageThoughRedisAnswersAgainBeforeTheNextRenewal() {
    StandaloneProcess node = cluster.node(0);
    double before = Scrape.of(node).value(OUTAGES);

    cluster.redis().command("CLIENT KILL TYPE normal"); // every node reconnects at once: no renewal fails

    Eventually.await(
        Duration.ofSeconds(15),
        () -> Scrape.of(node).value(OUTAGES),
        (Predicate<Double>) outages -> outages == before + 1,
        "the break to be counted once");
    for (StandaloneProcess each : List.of(cluster.node(0), cluster.node(1))) {
      // counted as it is found; the node then gets in step again before it serves requests
      Eventually.await(Duration.ofSeconds(15), () -> ready(each), Predicate.isEqual(true), "the node in step again");
    }
  }

  /**
   * Restarts Redis empty and waits until every node has found the break and is in step again, so that a request to
   * either node finds it serving (a node that has not yet noticed the break would refuse it UNAVAILABLE a moment later).
   */
  private static void loseRedisData() {
    List<StandaloneProcess> nodes = List.of(cluster.node(0), cluster.node(1));
    List<Double> before = nodes.stream().map(node -> Scrape.of(node).value(OUTAGES)).toList();
    cluster.redis().stop();
    cluster.redis().start();
    for (int i = 0; i < nodes.size(); i++) {
      StandaloneProcess node = nodes.get(i);
      double outages = before.get(i);
      Eventually.await(
          Duration.ofSeconds(15),
          () -> Scrape.of(node).value(OUTAGES),
          (Predicate<Double>) counted -> counted > outages,
          "the node to find the break");
      Eventually.await(Duration.ofSeconds(15), () -> ready(node), Predicate.isEqual(true), "the node in step again");
    }
  }

  private static boolean ready(StandaloneProcess node) {
    try {
      return get(node, "health/ready").statusCode() == 200;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends a message; true when it went through, false when refused; other frames on the way are kept. */
  private boolean probe(ChatClient client, int room, List<JsonObject> others) {
    String id = "probe-" + probes.incrementAndGet();
    client.send(withRequestId(chat(room, client.nickname(), "back"), id));
    while (true) {
      JsonObject frame = client.next();
      if (id.equals(frame.getString("requestId", null))) {
        if (!frame.getBoolean("status")) {
          assertThat(frame.getString("reason")).isIn("UNAVAILABLE", "NOT_MEMBER", "NO_SUCH_ROOM");
        }
        return frame.getBoolean("status");
      }
      others.add(frame);
    }
  }

  private static HttpResponse<String> status(StandaloneProcess node) throws IOException, InterruptedException {
    return get(node, "status");
  }

  private static HttpResponse<String> get(StandaloneProcess node, String path)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(node.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
