package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.Census;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.Identity;
import dev.socketchat.domain.Member;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.domain.RoomName;
import dev.socketchat.domain.RoomView;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.RecordingFanOut;
import dev.socketchat.testing.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What sharing rooms through Redis adds to the registry rules: races between nodes, events in the same order on every
 * node, nodes that die, connections that drop, and Redis itself going away and coming back empty.
 */
class RedisRoomRegistryIT {
  private static final Duration LIVENESS = Duration.ofSeconds(1);
  private static RedisServer redis;

  private final List<RedisRoomRegistry> nodes = new ArrayList<>();
  private final AtomicInteger serial = new AtomicInteger();
  private ExecutorService threads;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start("redis-registry");
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void emptyRedis() {
    if (!redis.isRunning()) {
      redis.start(); // a test stopped it
    }
    redis.command("FLUSHALL");
    threads = Executors.newFixedThreadPool(8);
  }

  @AfterEach
  void closeNodes() {
    threads.shutdownNow();
    nodes.forEach(RedisRoomRegistry::close);
  }

  /** A node on the test's Redis, its events recorded by {@code events}. */
  private RedisRoomRegistry node(String id, RecordingFanOut events) {
    ClusterSettings cluster = new ClusterSettings(URI.create(redis.url()), Duration.ofSeconds(2), LIVENESS);
    RedisRoomRegistry node = RedisRoomRegistry.open(cluster, events, id);
    nodes.add(node);
    return node;
  }

  private Member member(String node, String name) {
    return new Member(new ConnectionId(node + ":" + serial.incrementAndGet()), new Nickname(name));
  }

  private static RoomId create(RedisRoomRegistry node, Member owner, String name, RecordingFanOut events) {
    RoomId room = node.allocate();
    node.create(room, new RoomName(name), owner, Origin.of(owner.connection()), Integer.MAX_VALUE);
    assertThat(events.next(RoomCreated.class).room()).isEqualTo(room);
    return room;
  }

  private static void join(RedisRoomRegistry node, RoomId room, Member member, RecordingFanOut events) {
    node.join(room, member, Origin.of(member.connection()));
    assertThat(events.next(MemberJoined.class).name()).isEqualTo(member.name());
  }

  /**
   * The events up to a marker: a member of {@code via}'s node enters and leaves a room of its own, and everything
   * published before shows up before the marker's join (one channel, one order).
   */
  private List<RoomEvent> upToMarker(RedisRoomRegistry via, String node, RecordingFanOut events) {
    RoomKey marker = new RoomKey("marker-" + UUID.randomUUID());
    Member member = member(node, "marker");
    via.enter(marker, member, Origin.of(member.connection()));
    via.exit(marker, member, false, Origin.of(member.connection()));
    List<RoomEvent> seen = new ArrayList<>();
    while (true) {
      RoomEvent event = events.next();
      if (event.room().equals(marker)) {
        events.next(MemberLeft.class);
        return seen;
      }
      if (!isMarker(event)) {
        seen.add(event); // other nodes' markers do not count
      }
    }
  }

  /** The next {@code count} events that are not markers' (or fewer, if the time is up). */
  private static List<RoomEvent> withoutMarkers(RecordingFanOut events, int count, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    List<RoomEvent> taken = new ArrayList<>();
    while (taken.size() < count) {
      List<RoomEvent> next = events.take(1, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (next.isEmpty()) {
        break;
      }
      if (!isMarker(next.get(0))) {
        taken.add(next.get(0));
      }
    }
    return taken;
  }

  private static boolean isMarker(RoomEvent event) {
    return event.room() instanceof RoomKey key && key.value().startsWith("marker-");
  }

  /**
   * Changes Redis as a resume on another node and a removal would, publishing nothing (a node that missed both): the
   * seat of {@code old} in the room {@code key} moves to {@code moved}, {@code removed}'s seat goes, and {@code note}
   * (Lua, with {@code r}, {@code old} and {@code new} in scope) records the move as takeover.lua does.
   */
  private static void moveInRedisOnly(String key, ConnectionId old, String moved, ConnectionId removed, String note) {
    redis.command(
        ("EVAL \"local r, old, new, gone = KEYS[1], ARGV[1], ARGV[2], ARGV[3]"
                + " local nick = redis.call('HGET', r .. ':keys', old)"
                + " redis.call('HSET', r .. ':members', new, redis.call('HGET', r .. ':members', old))"
                + " redis.call('HSET', r .. ':keys', new, nick) redis.call('HSET', r .. ':names', nick, new)"
                + " redis.call('ZADD', r .. ':order', redis.call('ZSCORE', r .. ':order', old), new)"
                + " redis.call('HDEL', r .. ':names', redis.call('HGET', r .. ':keys', gone))"
                + " redis.call('HDEL', r .. ':members', old, gone) redis.call('HDEL', r .. ':keys', old, gone)"
                + " redis.call('ZREM', r .. ':order', old, gone) %s\" 1 %s %s %s %s")
            .formatted(note, key, old, moved, removed));
  }

  private static Refusal refusal(Runnable request) {
    try {
      request.run();
    } catch (Refusal refused) {
      return refused;
    }
    throw new AssertionError("the request was not refused");
  }

  @Test
  void concurrentJoinsWithTheSameNicknameOnTwoNodesAdmitExactlyOne() throws Exception {
    RecordingFanOut eventsA = new RecordingFanOut();
    RedisRoomRegistry a = node("racea", eventsA);
    RedisRoomRegistry b = node("raceb", new RecordingFanOut());
    for (int round = 0; round < 40; round++) {
      RoomId room = create(a, member("racea", "owner"), "race " + round, eventsA);
      Member onA = member("racea", "same");
      Member onB = member("raceb", "same");
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<Reason> fromA = joinWhen(go, a, room, onA);
      CompletableFuture<Reason> fromB = joinWhen(go, b, room, onB);
      go.countDown();
      List<Reason> outcomes = Arrays.asList(fromA.get(10, TimeUnit.SECONDS), fromB.get(10, TimeUnit.SECONDS));
      assertThat(outcomes).as("round %d", round).containsExactlyInAnyOrder(null, Reason.NAME_TAKEN);
      assertThat(eventsA.next(MemberJoined.class).view().members()).hasSize(2);
    }
    assertThat(a.census()).isEqualTo(new Census(40, 0, 80));
  }

  private CompletableFuture<Reason> joinWhen(CountDownLatch go, RedisRoomRegistry node, RoomId room, Member member) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            go.await();
            node.join(room, member, Origin.of(member.connection()));
            return null;
          } catch (Refusal refused) {
            return refused.reason();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        threads);
  }

  @Test
  void everyNodeReceivesARoomsEventsInTheOrderTheyHappened() throws Exception {
    RecordingFanOut eventsA = new RecordingFanOut();
    RecordingFanOut eventsB = new RecordingFanOut();
    RedisRoomRegistry a = node("ordera", eventsA);
    RedisRoomRegistry b = node("orderb", eventsB);
    Member owner = member("ordera", "owner");
    RoomId room = create(a, owner, "order", eventsA);
    eventsB.next(RoomCreated.class);
    List<Member> speakers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Member speaker = member(i % 2 == 0 ? "ordera" : "orderb", "s" + i);
      join(i % 2 == 0 ? a : b, room, speaker, eventsA);
      eventsB.next(MemberJoined.class);
      speakers.add(speaker);
    }
    int each = 50;
    List<CompletableFuture<Void>> talking = new ArrayList<>();
    for (int i = 0; i < speakers.size(); i++) {
      Member speaker = speakers.get(i);
      RedisRoomRegistry via = i % 2 == 0 ? a : b;
      talking.add(
          CompletableFuture.runAsync(
              () -> {
                for (int n = 0; n < each; n++) {
                  via.post(
                      room, speaker, new MessageText(speaker.name() + "#" + n), Instant.now(),
                      Origin.of(speaker.connection()));
                }
              },
              threads));
    }
    CompletableFuture.allOf(talking.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    List<RoomEvent> seenByA = eventsA.take(speakers.size() * each, RecordingFanOut.WAIT);
    List<RoomEvent> seenByB = eventsB.take(speakers.size() * each, RecordingFanOut.WAIT);
    assertThat(seenByA).hasSize(speakers.size() * each).isEqualTo(seenByB);
    for (Member speaker : speakers) {
      assertThat(seenByA.stream()
              .map(ChatPosted.class::cast)
              .filter(posted -> posted.name().equals(speaker.name()))
              .map(posted -> posted.text().value()))
          .containsExactly(
              java.util.stream.IntStream.range(0, each).mapToObj(n -> speaker.name() + "#" + n).toArray(String[]::new));
    }
  }

  @Test
  void aNodeThatStopsRenewingItsKeyHasItsMembersAnnouncedAsDropsExactlyOnce() {
    RecordingFanOut eventsB = new RecordingFanOut();
    RecordingFanOut eventsC = new RecordingFanOut();
    RecordingFanOut eventsDoomed = new RecordingFanOut();
    RedisRoomRegistry doomed = node("doomed", eventsDoomed);
    RedisRoomRegistry b = node("surviveb", eventsB);
    RedisRoomRegistry c = node("survivec", eventsC);

    Member doomedOwner = member("doomed", "owner");
    RoomId doomedRoom = create(doomed, doomedOwner, "doomed's", eventsB);
    join(b, doomedRoom, member("surviveb", "b-guest"), eventsB);
    Member ownerB = member("surviveb", "owner-b");
    RoomId roomB = create(b, ownerB, "b's", eventsB);
    Member doomedGuest = member("doomed", "d-guest");
    join(doomed, roomB, doomedGuest, eventsB);
    RoomKey open = new RoomKey("open room");
    Member openGuest = member("doomed", "d-open");
    doomed.enter(open, openGuest, Origin.of(openGuest.connection()));
    Member openC = member("survivec", "c-open");
    c.enter(open, openC, Origin.of(openC.connection()));
    upToMarker(b, "surviveb", eventsB); // everything so far has arrived
    upToMarker(c, "survivec", eventsC);

    long killed = System.nanoTime();
    doomed.halt();
    List<RoomEvent> drops = withoutMarkers(eventsB, 3, Duration.ofSeconds(15));
    Duration took = Duration.ofNanos(System.nanoTime() - killed);
    assertThat(drops)
        .containsExactlyInAnyOrder(
            new RoomDeleted(doomedRoom, doomedOwner.name(), true, true, Origin.of(doomedOwner.connection()), 3),
            new MemberLeft(roomB, doomedGuest.name(), true, 1, Origin.of(doomedGuest.connection()), 3),
            new MemberLeft(open, openGuest.name(), true, 1, Origin.of(openGuest.connection())));
    assertThat(took).isLessThan(LIVENESS.multipliedBy(3));
    assertThat(upToMarker(b, "surviveb", eventsB)).as("announced once, not by each survivor").isEmpty();
    assertThat(upToMarker(c, "survivec", eventsC)).containsExactlyInAnyOrderElementsOf(drops);
    assertThat(c.census()).isEqualTo(new Census(1, 1, 2));
    assertThat(redis.command("SISMEMBER socketchat:nodes doomed")).isEqualTo(":0");
  }

  /**
   * A resume finds the seats of a session's connection through the connection's own list, and through its node's
   * lists when an earlier version made them and listed them there only (a rolling upgrade): the seats move either way,
   * and nothing is left listed under the old connection.
   */
  @Test
  void aResumeMovesTheSeatsItsConnectionListsAndThoseAnEarlierVersionListedUnderItsNodeOnly() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RedisRoomRegistry a = node("listera", eventsA);
    RedisRoomRegistry b = node("listerb", new RecordingFanOut());
    RoomId first = create(a, member("listera", "owner"), "first", eventsA);
    RoomId second = create(a, member("listera", "owner"), "second", eventsA);
    for (boolean earlier : new boolean[] {false, true}) {
      Member member = member("listera", earlier ? "early" : "late");
      join(a, first, member, eventsA);
      join(a, second, member, eventsA);
      String listed = "socketchat:conn:" + member.connection() + ":seats";
      assertThat(redis.command("SCARD " + listed)).isEqualTo(":2");
      if (earlier) {
        redis.command("DEL " + listed);
      }
      String token = "lister-" + UUID.randomUUID();
      a.sessionOpened(token, member, Duration.ofMinutes(1));
      a.sessionSuspended(token, member.connection(), Duration.ofMinutes(1));
      Member resumed = member("listerb", member.name().value());

      assertThat(b.takeOver(token, resumed.connection()).orElseThrow().tails().keySet())
          .as("earlier version: %s", earlier)
          .containsExactlyInAnyOrder(first, second);
      assertThat(redis.command("EXISTS " + listed)).isEqualTo(":0");
      assertThat(redis.command("SCARD socketchat:conn:" + resumed.connection() + ":seats")).isEqualTo(":2");
      assertThat(redis.command("SCARD socketchat:node:listerb:seats")).isEqualTo(earlier ? ":4" : ":2");
    }
  }

  /**
   * A dead node's member waits in two rooms, one of them owned on the same node and deleted as its owner drops: its
   * resume on another node takes the room that is left, and no seat is left listed for it, waiting or otherwise.
   */
  @Test
  void aResumeOfADeadNodesSessionLeavesNoSeatListedForARoomThatEndedWhileItWaited() {
    RecordingFanOut eventsB = new RecordingFanOut();
    RedisRoomRegistry doomed = node("ending", new RecordingFanOut());
    RedisRoomRegistry b = node("resumer", eventsB);
    RoomId ending = create(doomed, member("ending", "owner"), "ending", eventsB);
    RoomId staying = create(b, member("resumer", "owner"), "staying", eventsB);
    Member member = member("ending", "member");
    join(doomed, ending, member, eventsB);
    join(doomed, staying, member, eventsB);
    String token = "ending-" + UUID.randomUUID();
    doomed.sessionOpened(token, member, Duration.ofMinutes(1));

    doomed.halt();
    assertThat(withoutMarkers(eventsB, 1, Duration.ofSeconds(15)))
        .as("the owner's drop deletes its room")
        .singleElement()
        .isInstanceOf(RoomDeleted.class);
    Member resumed = member("resumer", "member");
    assertThat(b.takeOver(token, resumed.connection()).orElseThrow().tails().keySet()).containsExactly(staying);
    assertThat(redis.command("EXISTS socketchat:node:ending:orphan-seats")).isEqualTo(":0");
    assertThat(redis.command("EXISTS socketchat:conn:" + member.connection() + ":seats")).isEqualTo(":0");
    assertThat(redis.strings("SMEMBERS socketchat:conn:" + resumed.connection() + ":seats"))
        .containsExactly(resumed.connection() + " R " + staying);
  }

  /**
   * A node that dies with more waiting sessions than one renewal ends (lib.lua's ORPHANS_PER_TICK, 2,000) has every
   * one of them end when their window passes, over several renewals, each drop announced once.
   */
  @Test
  void everySessionOfANodeThatDiedWithThousandsEndsWhenItsWindowPassesEachAnnouncedOnce() {
    RecordingFanOut eventsB = new RecordingFanOut();
    RedisRoomRegistry crowded = node("crowded", new RecordingFanOut());
    RedisRoomRegistry b = node("bystander", eventsB);
    RoomId room = create(b, member("bystander", "owner"), "crowd", eventsB);
    int sessions = 2_100;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      Member member = member("crowded", "m" + i);
      crowded.join(room, member, Origin.of(member.connection()));
      crowded.sessionOpened("crowd-" + i, member, Duration.ofSeconds(2));
      names.add(member.name().value());
    }
    assertThat(upToMarker(b, "bystander", eventsB)).hasSize(sessions);

    crowded.halt();
    List<RoomEvent> drops = withoutMarkers(eventsB, sessions, Duration.ofSeconds(30));
    assertThat(drops).allSatisfy(drop -> assertThat(drop).isInstanceOf(MemberLeft.class));
    assertThat(drops.stream().map(drop -> ((MemberLeft) drop).dropped()).distinct()).containsExactly(true);
    assertThat(drops.stream().map(drop -> ((MemberLeft) drop).name().value()))
        .containsExactlyInAnyOrderElementsOf(names);
    assertThat(upToMarker(b, "bystander", eventsB)).as("announced once").isEmpty();
    assertThat(redis.command("ZCARD socketchat:orphans")).isEqualTo(":0");
    assertThat(redis.command("SCARD socketchat:node:crowded:orphan-seats")).isEqualTo(":0");
    assertThat(b.census()).isEqualTo(new Census(1, 0, 1));
  }

  @Test
  void aRedisOutageRefusesRequestsFastAndTheNodesPutTheirRoomsBackWhenRedisReturnsEmpty() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RecordingFanOut eventsB = new RecordingFanOut();
    RedisRoomRegistry a = node("outagea", eventsA);
    RedisRoomRegistry b = node("outageb", eventsB);
    Member ownerA = member("outagea", "owner-a");
    RoomId roomA = create(a, ownerA, "a's room", eventsA);
    Member stays = member("outageb", "stays");
    Member leaves = member("outageb", "leaves");
    join(b, roomA, stays, eventsA);
    join(b, roomA, leaves, eventsA);
    Member ownerB = member("outageb", "owner-b");
    RoomId roomB = create(b, ownerB, "b's room", eventsA);
    Member guestA = member("outagea", "guest-a");
    join(a, roomB, guestA, eventsA);
    RoomKey open = new RoomKey("open");
    Member openA = member("outagea", "open-a");
    a.enter(open, openA, Origin.of(openA.connection()));
    eventsA.next(MemberJoined.class);

    redis.stop();
    long asked = System.nanoTime();
    Refusal refused =
        refusal(() -> b.post(roomA, stays, new MessageText("anyone?"), Instant.now(), Origin.of(stays.connection())));
    Duration answeredIn = Duration.ofNanos(System.nanoTime() - asked);
    assertThat(refused.reason()).isEqualTo(Reason.UNAVAILABLE);
    assertThat(answeredIn).isLessThan(Duration.ofSeconds(2));
    assertThat(refusal(() -> a.allocate()).reason()).isEqualTo(Reason.UNAVAILABLE);
    assertThat(refusal(() -> a.rooms()).reason()).isEqualTo(Reason.UNAVAILABLE);
    // a session that Redis would still hold for a resume is not taken for ended (a client dialect's switch)
    assertThat(refusal(() -> a.endSession("a-session", ownerA.connection())).reason()).isEqualTo(Reason.UNAVAILABLE);
    // connections that close during the outage: a member, and the owner of room B
    assertThat(refusal(() -> b.exit(roomA, leaves, true, Origin.of(leaves.connection()))).reason())
        .isEqualTo(Reason.UNAVAILABLE);
    assertThat(refusal(() -> b.exit(roomB, ownerB, true, Origin.of(ownerB.connection()))).reason())
        .isEqualTo(Reason.UNAVAILABLE);

    redis.start(); // empty: no persistence
    Eventually.await(
        Duration.ofSeconds(15),
        () -> attempt(() -> b.post(roomA, stays, new MessageText("back"), Instant.now(), Origin.of(stays.connection()))),
        Predicate.isEqual(null),
        "a message from node B to node A's room to go through again");
    List<RoomEvent> after = upToMarker(a, "outagea", eventsA);
    assertThat(after)
        .contains(new RoomDeleted(roomB, ownerB.name(), true, true, Origin.of(ownerB.connection())))
        .anyMatch(
            event ->
                event instanceof MemberLeft left
                    && left.equals(
                        new MemberLeft(
                            roomA,
                            leaves.name(),
                            true,
                            MemberLeft.UNKNOWN,
                            Origin.of(leaves.connection()),
                            left.seq()))) // numbered when node A put room A back first
        .anyMatch(event -> event instanceof ChatPosted posted && posted.text().value().equals("back"));
    List<Long> numbers =
        after.stream().filter(event -> event.room().equals(roomA) && event.seq() > 0).map(RoomEvent::seq).toList();
    assertThat(numbers)
        .as("room A, put back, goes on numbering its events after the last one its members got (3)")
        .isNotEmpty()
        .isEqualTo(java.util.stream.LongStream.rangeClosed(4, 3 + numbers.size()).boxed().toList());
    assertThat(a.rooms()).extracting(summary -> summary.id()).containsExactly(roomA);
    Eventually.await(
        Duration.ofSeconds(10), a::census, Predicate.isEqual(new Census(1, 1, 3)), "owner-a, stays and open-a");
    assertThat(a.allocate().value()).as("room numbers go on after the highest").isGreaterThan(roomB.value());
    a.post(open, openA, new MessageText("open again"), Instant.now(), Origin.of(openA.connection()));
    assertThat(upToMarker(a, "outagea", eventsA)).hasSize(1);
  }

  @Test
  void aRequestRefusedForARedisStallIsNeverCarriedOutAndTheStallTakesNobodyForDead() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RecordingFanOut eventsB = new RecordingFanOut();
    RedisRoomRegistry a = node("stalla", eventsA);
    RedisRoomRegistry b = node("stallb", eventsB);
    Member owner = member("stalla", "owner");
    RoomId room = create(a, owner, "room", eventsA);
    Member guest = member("stallb", "guest");
    join(b, room, guest, eventsA);
    say(b, room, guest, "before"); // Redis knows the script now: the one sent during the stall runs as it comes
    assertThat(eventsA.next(ChatPosted.class).text().value()).isEqualTo("before");
    upToMarker(b, "stallb", eventsB);

    // Redis stands still for the Redis timeout (2 s), twice the liveness time: every liveness key expires meanwhile
    redis.pause();
    try {
      assertThat(attempt(() -> say(b, room, guest, "during"))).isEqualTo(Reason.UNAVAILABLE);
    } finally {
      redis.resume();
    }
    Eventually.await(
        Duration.ofSeconds(10),
        () -> attempt(() -> say(b, room, guest, "again")),
        java.util.Objects::isNull,
        "a post to go through again");

    // node A, too, refuses requests until it renewed its own key after the stall (NodeKeeper): its marker waits for it
    List<RoomEvent> seen =
        Eventually.await(
            Duration.ofSeconds(10),
            () -> {
              try {
                return upToMarker(a, "stalla", eventsA);
              } catch (Refusal notYet) {
                return null;
              }
            },
            java.util.Objects::nonNull,
            "node A to take requests again");
    assertThat(seen)
        .as("neither the refused post nor any drop: only the post that went through")
        .extracting(event -> event instanceof ChatPosted posted ? posted.text().value() : event.toString())
        .containsExactly("again");
  }

  private static void say(RedisRoomRegistry node, RoomId room, Member member, String text) {
    node.post(room, member, new MessageText(text), Instant.now(), Origin.of(member.connection()));
  }

  /** What a request was refused with, or null when it went through. */
  private static Reason attempt(Runnable request) {
    try {
      request.run();
      return null;
    } catch (Refusal refused) {
      return refused.reason();
    }
  }

  @Test
  void aNodeThatMissedEventsTellsItsMembersWhatRedisNoLongerHasWhenItCatchesUp() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RecordingFanOut eventsB = new RecordingFanOut();
    RedisRoomRegistry a = node("behinda", eventsA);
    RedisRoomRegistry b = node("behindb", eventsB);
    Member ownerA = member("behinda", "owner-a");
    RoomId roomA = create(a, ownerA, "a's room", eventsA);
    Member ownerB = member("behindb", "owner-b");
    RoomId roomB = create(b, ownerB, "b's room", eventsA);
    Member guestA = member("behinda", "guest-a");
    join(a, roomB, guestA, eventsA);
    upToMarker(b, "behindb", eventsB); // everything so far has arrived

    // node A was cut off long enough to be taken for dead, and the announcements of its members' removal never
    // reached it: here Redis simply no longer has them, and nobody publishes anything
    redis.command(
        "DEL socketchat:room:%1$s socketchat:room:%1$s:members socketchat:room:%1$s:names socketchat:room:%1$s:keys"
                .formatted(roomA)
            + " socketchat:room:%s:order".formatted(roomA));
    redis.command("ZREM socketchat:rooms " + roomA);
    redis.command("HDEL socketchat:room:%s:members %s".formatted(roomB, guestA.connection()));
    redis.command("DEL socketchat:node:behinda");

    List<RoomEvent> told = withoutMarkers(eventsA, 2, Duration.ofSeconds(10));
    assertThat(told)
        .containsExactlyInAnyOrder(
            // told as the drops the other nodes heard: the node's own members are closed by their fan-out
            new RoomDeleted(roomA, ownerA.name(), true, true, Origin.of(ownerA.connection())),
            new MemberLeft(roomB, guestA.name(), true, MemberLeft.UNKNOWN, Origin.of(guestA.connection())));
    assertThat(upToMarker(b, "behindb", eventsB)).as("only node A's own members are told").isEmpty();
    assertThat(refusal(() -> a.post(roomB, guestA, new MessageText("?"), Instant.now(), Origin.of(guestA.connection())))
            .reason())
        .isEqualTo(Reason.NOT_MEMBER);
  }

  /**
   * A node that missed its room owner's resume on another node (it was cut off, or frozen) still knows the room by the
   * owner's old connection when it catches up: the room lives on, so a member Redis no longer has is told it left,
   * not that the room was deleted, and the owner's old seat here is left to the move among the events it missed.
   */
  @Test
  void aNodeThatMissedItsRoomOwnersMoveToAnotherNodeKeepsTheRoomWhenItCatchesUp() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RedisRoomRegistry a = node("movera", eventsA);
    node("moverb", new RecordingFanOut());
    Member owner = member("movera", "owner");
    RoomId room = create(a, owner, "moving owner", eventsA);
    Member guest = member("movera", "guest");
    join(a, room, guest, eventsA);
    upToMarker(a, "movera", eventsA);

    // what Redis holds once the owner resumed on node B (takeover.lua: its seat moves, the room notes its past
    // connection) and the guest was removed, none of which node A heard: nothing is published
    String moved = "moverb:" + serial.incrementAndGet();
    String key = "socketchat:room:" + room;
    moveInRedisOnly(
        key, owner.connection(), moved, guest.connection(), "redis.call('HSET', r, 'conn', new, 'was', ' ' .. old)");
    redis.command("DEL socketchat:node:movera");

    assertThat(withoutMarkers(eventsA, 1, Duration.ofSeconds(10)))
        .containsExactly(
            new MemberLeft(room, guest.name(), true, MemberLeft.UNKNOWN, Origin.of(guest.connection())));
    assertThat(withoutMarkers(eventsA, 1, Duration.ofSeconds(2))).as("nothing else, the owner's seat least").isEmpty();
    assertThat(redis.command("EXISTS " + key)).as("the room lives on").isEqualTo(":1");
    // no move was published (it is as if it fell out of the events the cluster keeps): the seat moves all the same
    assertThat(eventsA.nextMove(Duration.ofSeconds(10)))
        .isEqualTo(new RecordingFanOut.Moved(room, owner.connection(), new ConnectionId(moved)));
  }

  /** A session whose window passed in Redis before its node ended it leaves the node's set of sessions too. */
  @Test
  void aSessionThatExpiredInRedisBeforeItsNodeEndedItLeavesTheNodesSessions() {
    RedisRoomRegistry a = node("expirya", new RecordingFanOut());
    Member member = member("expirya", "member");
    String token = "expired-" + UUID.randomUUID();
    a.sessionOpened(token, member, Duration.ofMinutes(1));
    a.sessionSuspended(token, member.connection(), Duration.ofMillis(1));
    Eventually.await(
        Duration.ofSeconds(5),
        () -> redis.command("EXISTS socketchat:session:" + token),
        Predicate.isEqual(":0"),
        "the session's window to pass in Redis");
    assertThat(redis.command("SISMEMBER socketchat:node:expirya:sessions " + token)).isEqualTo(":1");

    a.sessionEnded(token, member.connection()); // the node's own timer, later
    assertThat(redis.command("SISMEMBER socketchat:node:expirya:sessions " + token)).isEqualTo(":0");
  }

  @Test
  void aSessionThatEndedWhileRedisWasOutOfReachEndsThereOnceItIsBackAndNobodyTakesItOver() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RedisRoomRegistry a = node("unreacheda", eventsA);
    RedisRoomRegistry b = node("unreachedb", new RecordingFanOut());
    Member owner = member("unreacheda", "owner");
    RoomId room = create(a, owner, "goodbyes", eventsA);
    Member member = member("unreacheda", "member");
    join(a, room, member, eventsA); // a session in a room would be taken over with its seat
    String token = "unreached-" + UUID.randomUUID();
    a.sessionOpened(token, member, Duration.ofMinutes(1));

    redis.pause(); // Redis keeps its data, but answers nobody
    try {
      a.sessionEnded(token, member.connection()); // its client said goodbye: the node cannot tell Redis
    } finally {
      redis.resume();
    }
    assertThat(redis.command("EXISTS socketchat:session:" + token)).as("not yet: Redis was away").isEqualTo(":1");

    Eventually.await(
        Duration.ofSeconds(15),
        () -> redis.command("EXISTS socketchat:session:" + token),
        Predicate.isEqual(":0"),
        "the node's resync to end the session in Redis");
    assertThat(redis.command("SISMEMBER socketchat:node:unreacheda:sessions " + token)).isEqualTo(":0");
    Eventually.await(Duration.ofSeconds(15), () -> attempt(b::rooms), Predicate.isEqual(null), "node B in step again");
    ConnectionId fresh = member("unreachedb", "fresh").connection();
    assertThat(refusal(() -> b.takeOver(token, fresh)).reason()).isEqualTo(Reason.SESSION_EXPIRED);
  }

  @Test
  void aNodesSessionsLingerComesBackWithTheSessionsItPutsBackAfterRedisLostItsData() {
    RedisRoomRegistry a = node("lingera", new RecordingFanOut());
    a.sessionsLinger(Duration.ofSeconds(145));
    Member member = member("lingera", "member");
    String token = "linger-" + UUID.randomUUID();
    a.sessionOpened(token, member, Duration.ofMinutes(1));
    assertThat(redis.strings("GET socketchat:session-window")).containsExactly("145000");
    // a resume journals the session anew, with its window only (as a takeover from another node would)
    a.sessionSuspended(token, member.connection(), Duration.ofMinutes(1));
    a.sessionResumed(token, member, Duration.ofMinutes(1));

    redis.stop();
    redis.start(); // empty: no persistence
    Eventually.await(
        Duration.ofSeconds(15),
        () -> redis.strings("HGET socketchat:session:" + token + " conn"),
        Predicate.isEqual(List.of(member.connection().value())),
        "the node to put its session back");
    assertThat(redis.strings("GET socketchat:session-window")).containsExactly("145000");
  }

  @Test
  void aSignedInSessionIsTakenOverOnAnotherNodeOnlyUnderTheNameItSpeaksAs() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RedisRoomRegistry a = node("namea", eventsA);
    RedisRoomRegistry b = node("nameb", new RecordingFanOut());
    Member alpha = new Member(new ConnectionId("namea:" + serial.incrementAndGet()), new Nickname("alpha"), "user-1");
    create(a, alpha, "named", eventsA);
    String token = "named-alpha-" + UUID.randomUUID();
    a.sessionOpened(token, alpha, Duration.ofMinutes(1));
    a.sessionSuspended(token, alpha.connection(), Duration.ofMinutes(1));
    ConnectionId onB = member("nameb", "fresh").connection();

    Refusal renamed = refusal(() -> b.takeOver(token, onB, new Identity("user-1", new Nickname("beta"), false)));
    assertThat(renamed.reason()).as("its user, signed in as another member").isEqualTo(Reason.USER_MISMATCH);
    assertThat(renamed.getMessage()).contains("\"alpha\"", "\"beta\"");
    assertThat(b.takeOver(token, onB, new Identity("user-1", new Nickname("alpha"), false)))
        .as("its user under its own name, after the refusal moved nothing")
        .hasValueSatisfying(taken -> assertThat(taken.name()).isEqualTo(new Nickname("alpha")));
  }

  /**
   * The other half of the test above: a real takeover of an owner's session notes the owner's past connection in the
   * room's hash, in the form the resync reads it ({@code was}, space-separated connections).
   */
  @Test
  void anOwnersResumeOnAnotherNodeNotesItsPastConnectionOnTheRoom() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RedisRoomRegistry a = node("notera", eventsA);
    RedisRoomRegistry b = node("noterb", new RecordingFanOut());
    Member owner = member("notera", "owner");
    RoomId room = create(a, owner, "noted", eventsA);
    String token = "noted-owner-" + UUID.randomUUID();
    a.sessionOpened(token, owner, Duration.ofMinutes(1));
    a.sessionSuspended(token, owner.connection(), Duration.ofMinutes(1));
    Member moved = member("noterb", "owner");

    assertThat(b.takeOver(token, moved.connection())).isPresent();
    assertThat(refusal(() -> a.endSession(token, owner.connection())).reason())
        .as("a switch of the old connection, after the resume elsewhere won")
        .isEqualTo(Reason.SESSION_EXPIRED);
    String key = "socketchat:room:" + room;
    assertThat(
            redis.command(
                ("EVAL \"local h = redis.call('HMGET', KEYS[1], 'conn', 'was') return (h[1] == ARGV[1]"
                        + " and string.find(h[2] .. ' ', ' ' .. ARGV[2] .. ' ', 1, true)) and 1 or 0\" 1 %s %s %s")
                    .formatted(key, moved.connection(), owner.connection())))
        .as("the room's owner is the new connection, and it was the old one")
        .isEqualTo(":1");
    assertThat(redis.command("EXISTS socketchat:moved:" + owner.connection()))
        .as("the move is noted for a node that missed it")
        .isEqualTo(":1");
  }

  /**
   * A node that missed a member's resume on another node (it was frozen) while the member's session was no longer
   * in its hands (the move of one of the member's rooms had arrived, and let the session go, before the resync): the
   * member's other seats moved, they were not left, and nobody is told anything.
   */
  @Test
  void aNodeThatMissedAMembersMoveToAnotherNodeTellsNobodyThatItLeft() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RedisRoomRegistry a = node("movedma", eventsA);
    node("movedmb", new RecordingFanOut());
    Member owner = member("movedma", "owner");
    RoomId room = create(a, owner, "members move", eventsA);
    Member guest = member("movedma", "guest");
    join(a, room, guest, eventsA);
    Member gone = member("movedma", "gone");
    join(a, room, gone, eventsA);
    upToMarker(a, "movedma", eventsA);

    // what Redis holds once the guest resumed on node B (takeover.lua: its seat moves, the move is noted) and another
    // member was removed, none of which node A heard
    String moved = "movedmb:" + serial.incrementAndGet();
    String key = "socketchat:room:" + room;
    moveInRedisOnly(
        key,
        guest.connection(),
        moved,
        gone.connection(),
        "redis.call('SET', 'socketchat:moved:' .. old, new, 'PX', 60000)");
    redis.command("DEL socketchat:node:movedma");

    assertThat(withoutMarkers(eventsA, 1, Duration.ofSeconds(10)))
        .as("the removed member is told it left")
        .containsExactly(new MemberLeft(room, gone.name(), true, MemberLeft.UNKNOWN, Origin.of(gone.connection())));
    assertThat(withoutMarkers(eventsA, 1, Duration.ofSeconds(2))).as("nobody is told the guest left").isEmpty();
    assertThat(redis.command("HEXISTS %s:members %s".formatted(key, moved))).as("its seat stays moved").isEqualTo(":1");
    // no move was published (it is as if it fell out of the events the cluster keeps): the seat here moves all the
    // same, rather than stay with a connection that is no longer in the room
    assertThat(eventsA.nextMove(Duration.ofSeconds(10)))
        .isEqualTo(new RecordingFanOut.Moved(room, guest.connection(), new ConnectionId(moved)));
    assertThat(
            refusal(() -> a.post(room, guest, new MessageText("ghost?"), Instant.now(), Origin.of(guest.connection())))
                .reason())
        .isEqualTo(Reason.NOT_MEMBER);
  }

  @Test
  void aNodeWithALongerLivenessTimeThanTheOthersIsNotTakenForDeadAfterARedisStall() throws Exception {
    RecordingFanOut events = new RecordingFanOut();
    RedisRoomRegistry quick = node("quick", events); // renews every quarter of its liveness time (1 s)
    Member owner = member("quick", "owner");
    RoomId room = create(quick, owner, "mixed", events);
    Duration slowLiveness = LIVENESS.multipliedBy(3);
    String ttl = Long.toString(slowLiveness.toMillis());
    // a node restarted with a longer liveness time, renewing by hand: a live node renews within its liveness time
    try (RedisLink slow = new RedisLink(URI.create(redis.url()), Duration.ofSeconds(2), event -> {})) {
      slow.connect();
      slow.run(Script.TICK, "slow", ttl, ttl, UUID.randomUUID().toString());
      slow.run(Script.JOIN, room.toString(), "slow:1", "guest", "", "", "0");
      assertThat(events.next(MemberJoined.class).name()).isEqualTo(new Nickname("guest"));

      redis.pause();
      try {
        // the stimulus: Redis stands still past both liveness times, so both nodes' keys expire meanwhile
        TimeUnit.MILLISECONDS.sleep(slowLiveness.plusMillis(500).toMillis());
      } finally {
        redis.resume();
      }
      long resumed = redisMillis("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)");
      // the quick node renews after the stall, and again once its own liveness time has passed since the stall
      Eventually.await(
          Duration.ofSeconds(10),
          () -> redisMillis("return tonumber(redis.call('GET', 'socketchat:clock') or '0')"),
          clock -> clock > resumed + LIVENESS.multipliedBy(3).dividedBy(2).toMillis(),
          "the quick node to renew 1.5 s after the stall");

      List<Object> renewed = slow.run(Script.TICK, "slow", ttl, ttl, UUID.randomUUID().toString());
      assertThat(renewed.get(4)).as("when the slow node was taken for dead ('' if it was not)").isEqualTo("");
      assertThat(redis.command("HEXISTS socketchat:room:" + room + ":members slow:1")).isEqualTo(":1");
    }
    Member marker = member("quick", "marker");
    join(quick, room, marker, events); // had the guest been dropped, its MemberLeft would come first
  }

  @Test
  void aRoomRedisDoesNotHoldIsUnavailableWhileTheNodesPutRoomsBackAfterADataLossAndNoSuchRoomOtherwise() {
    RedisRoomRegistry node = node("settling", new RecordingFanOut());
    RoomId missing = new RoomId(4242);
    Member guest = member("settling", "guest");
    Origin origin = Origin.of(guest.connection());
    assertThat(refusal(() -> node.join(missing, guest, origin)).reason()).isEqualTo(Reason.NO_SUCH_ROOM);

    // what resync.lua notes when a node puts its rooms back after Redis lost its data: the room may be on its way
    long settling = redisMillis("local t = redis.call('TIME') return t[1] * 1000 + 60000");
    redis.command("SET socketchat:settle " + settling);

    assertThat(refusal(() -> node.join(missing, guest, origin)).reason()).isEqualTo(Reason.UNAVAILABLE);
    assertThat(refusal(() -> node.post(missing, guest, new MessageText("hi"), Instant.now(), origin)).reason())
        .isEqualTo(Reason.UNAVAILABLE);
  }

  /** A number a Lua snippet returns from Redis (its TIME, a counter). */
  private static long redisMillis(String lua) {
    String reply = redis.command("EVAL \"" + lua + "\" 0");
    assertThat(reply).startsWith(":");
    return Long.parseLong(reply.substring(1));
  }

  @Test
  void aMembershipRedisHoldsForANodeThatTheNodeDoesNotKnowIsDroppedWhenTheNodeReconnects() {
    RecordingFanOut eventsA = new RecordingFanOut();
    RecordingFanOut eventsB = new RecordingFanOut();
    RedisRoomRegistry a = node("ghosta", eventsA);
    RedisRoomRegistry b = node("ghostb", eventsB);
    Member ownerB = member("ghostb", "owner-b");
    RoomId room = create(b, ownerB, "haunted", eventsB);
    // a join whose answer node A never got (say it timed out): Redis has the member, node A does not
    try (RedisLink lost = new RedisLink(URI.create(redis.url()), Duration.ofSeconds(2), event -> {})) {
      lost.connect();
      lost.run(Script.JOIN, room.toString(), "ghosta:999", "ghost", "", "", "0");
    }
    assertThat(eventsB.next(MemberJoined.class).name()).isEqualTo(new Nickname("ghost"));

    assertThat(redis.command("CLIENT KILL TYPE normal")).startsWith(":");
    assertThat(redis.command("CLIENT KILL TYPE pubsub")).startsWith(":");
    assertThat(eventsB.next())
        .isEqualTo(
            new MemberLeft(room, new Nickname("ghost"), true, 1, Origin.of(new ConnectionId("ghosta:999")), 3));
    Member guestA = member("ghosta", "guest-a");
    Eventually.await(
        Duration.ofSeconds(10),
        () -> attempt(() -> a.join(room, guestA, Origin.of(guestA.connection()))),
        Predicate.isEqual(null),
        "node A to serve again after reconnecting");
    assertThat(eventsA.take(4, RecordingFanOut.WAIT))
        .as("node A resubscribed: it heard the ghost leave, then its own join")
        .element(3)
        .isEqualTo(new MemberJoined(
            room, guestA.name(), new RoomView(room, new RoomName("haunted"), ownerB.name(), List.of(ownerB.name(), guestA.name())),
            Origin.of(guestA.connection()), 4));
    Eventually.await(
        Duration.ofSeconds(10),
        () -> attempt(b::census) == null ? b.census() : null,
        Predicate.isEqual(new Census(1, 0, 2)),
        "owner-b and guest-a in the room, as node B sees it after reconnecting");
  }
}
