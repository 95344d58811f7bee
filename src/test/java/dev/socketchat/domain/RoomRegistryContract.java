package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.RoomEvent.Announced;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.RecordingFanOut;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The rules every room registry keeps, whichever stores the rooms. Members live on node 0 or node 1; a registry
 * serving one node answers for both. Every event is checked as node 0's fan-out receives it.
 */
public abstract class RoomRegistryContract {
  /** The history limits the registries under test keep: 3 messages shown on join, 5 kept. */
  protected static final HistoryLimits HISTORY = new HistoryLimits(3, 5);

  private final AtomicInteger serial = new AtomicInteger();

  /** The registry of node 0 or 1 (the same one when a single node serves both). */
  protected abstract RoomRegistry registry(int node);

  /** The id of node 0 or 1, the prefix of its connection ids. */
  protected abstract String node(int node);

  /** What node 0's fan-out received. */
  protected abstract RecordingFanOut events();

  /** A fresh connection on the given node speaking as {@code name}. */
  protected final Member member(int node, String name) {
    return new Member(new ConnectionId(node(node) + ":" + serial.incrementAndGet()), new Nickname(name));
  }

  /** The registry of the node the member's connection is on. */
  protected final RoomRegistry via(Member member) {
    return member.connection().value().startsWith(node(1) + ":") ? registry(1) : registry(0);
  }

  protected final RoomId create(Member owner, String name) {
    RoomId room = via(owner).allocate();
    via(owner).create(room, new RoomName(name), owner, new Origin(owner.connection(), "\"c\""), Integer.MAX_VALUE);
    assertThat(events().next())
        .isEqualTo(new RoomCreated(room, new RoomName(name), owner.name(), origin(owner, "c"), 1));
    return room;
  }

  protected final MemberJoined join(RoomId room, Member member) {
    via(member).join(room, member, origin(member, "j"));
    MemberJoined joined = events().next(MemberJoined.class);
    assertThat(joined.name()).isEqualTo(member.name());
    assertThat(joined.origin()).isEqualTo(origin(member, "j"));
    return joined;
  }

  /** The same connection and name, signed in as {@code subject}. */
  protected static Member signedIn(Member member, String subject) {
    return new Member(member.connection(), member.name(), subject);
  }

  /** Checks that the registry keeps nothing of a room that ended, its bans included; a no-op where nothing shows. */
  protected void assertNothingLeftOf(RoomRef room) {}

  protected static Origin origin(Member member, String requestId) {
    return new Origin(member.connection(), "\"" + requestId + "\"");
  }

  protected static void refused(Reason reason, ThrowingCallable request) {
    assertThatThrownBy(request)
        .isInstanceOfSatisfying(
            Refusal.class,
            refusal -> {
              assertThat(refusal.reason()).isEqualTo(reason);
              assertThat(refusal.detail()).isNotBlank();
            });
  }

  @Test
  public void roomNumbersAreUniqueAcrossNodesAndNeverReused() {
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 200).parallel().forEach(i -> assertThat(seen.add(registry(i % 2).allocate().value())).isTrue());
    Member owner = member(0, "owner");
    RoomId first = create(owner, "first");
    via(owner).delete(first, owner, origin(owner, "d"));
    events().next(RoomDeleted.class);
    assertThat(create(owner, "second").value()).isGreaterThan(first.value());
  }

  @Test
  public void aCreatePastTheMostRoomsIsRefusedAndARoomThatEndedMakesRoomForAnother() {
    Member owner = member(0, "owner");
    RoomId first = create(owner, "first");
    create(member(1, "other"), "second");
    RoomId third = via(owner).allocate();
    refused(Reason.TOO_MANY_ROOMS, () -> via(owner).create(third, new RoomName("third"), owner, origin(owner, "c"), 2));
    assertThat(registry(1).census().ownedRooms()).isEqualTo(2);
    via(owner).delete(first, owner, origin(owner, "d"));
    events().next(RoomDeleted.class);
    via(owner).create(third, new RoomName("third"), owner, origin(owner, "c"), 2);
    assertThat(events().next(RoomCreated.class).room()).isEqualTo(third);
    assertThat(registry(0).census().ownedRooms()).isEqualTo(2);
  }

  @Test
  public void createsAtTheSameMomentOnBothNodesNeverPassTheMostRooms() throws InterruptedException {
    int most = 5;
    int creates = 16;
    List<Member> owners = IntStream.range(0, creates).mapToObj(i -> member(i % 2, "owner" + i)).toList();
    List<RoomId> ids = owners.stream().map(owner -> via(owner).allocate()).toList();
    AtomicInteger created = new AtomicInteger();
    AtomicInteger refusedFull = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < creates; i++) {
      Member owner = owners.get(i);
      RoomId room = ids.get(i);
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  via(owner).create(room, new RoomName("race"), owner, origin(owner, "c"), most);
                  created.incrementAndGet();
                } catch (Refusal refusal) {
                  if (refusal.reason() == Reason.TOO_MANY_ROOMS) {
                    refusedFull.incrementAndGet();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(20).toMillis());
    }
    assertThat(created.get()).as("rooms created").isEqualTo(most);
    assertThat(refusedFull.get()).as("creates refused TOO_MANY_ROOMS").isEqualTo(creates - most);
    assertThat(registry(0).census().ownedRooms()).isEqualTo(most);
    assertThat(registry(1).rooms()).hasSize(most);
  }

  @Test
  public void anEntryAndAFarewellAreOneStepWithTheSeatWhateverTheRoomHearsMeanwhile() throws InterruptedException {
    int rounds = 200;
    RoomKey key = new RoomKey("farewells");
    Member talker = member(0, "talker");
    via(talker).enter(key, talker, origin(talker, "e"));
    Instant time = Instant.parse("2024-01-01T00:00:00Z");
    AtomicBoolean talking = new AtomicBoolean(true);
    CountDownLatch talks = new CountDownLatch(1);
    Thread chatter =
        new Thread(
            () -> {
              for (int i = 0; i < 200_000 && talking.get(); i++) {
                via(talker).post(key, talker, new MessageText("line " + i), time, origin(talker, "p"));
                talks.countDown();
              }
            });
    chatter.start();
    try {
      assertThat(talks.await(10, TimeUnit.SECONDS)).as("the talker talks").isTrue();
      for (int round = 0; round < rounds; round++) {
        Member leaver = member(1, "leaver" + round);
        Announcement entry = new Announcement(Announcement.Kind.ENTRY, leaver.name(), null);
        via(leaver).enter(key, leaver, entry, time, origin(leaver, "e"));
        Announcement farewell = new Announcement(Announcement.Kind.LEAVE, leaver.name(), null);
        assertThat(via(leaver).exit(key, leaver, farewell, time, origin(leaver, "x"))).as("the room ended").isFalse();
      }
    } finally {
      talking.set(false);
      chatter.join(Duration.ofSeconds(30).toMillis());
    }
    via(talker).post(key, talker, new MessageText("the end"), time, origin(talker, "end"));

    List<RoomEvent> heard = new ArrayList<>();
    for (RoomEvent event = events().next(); !(event instanceof ChatPosted last && last.text().value().equals("the end"));
        event = events().next()) {
      heard.add(event);
    }
    int farewells = 0;
    int entries = 0;
    for (int i = 0; i < heard.size(); i++) {
      if (heard.get(i) instanceof Announced said && said.announcement().kind() == Announcement.Kind.LEAVE) {
        farewells++;
        assertThat(said.members()).as("the leaver still counted in its farewell").isEqualTo(2);
        assertThat(heard.get(i + 1))
            .as("what follows %s's farewell", said.name())
            .isInstanceOfSatisfying(MemberLeft.class, left -> assertThat(left.name()).isEqualTo(said.name()));
      } else if (heard.get(i) instanceof Announced said) {
        entries++;
        assertThat(said.members()).as("the newcomer counted in its entry").isEqualTo(2);
        assertThat(heard.get(i - 1))
            .as("what comes before %s's entry", said.name())
            .isInstanceOfSatisfying(MemberJoined.class, joined -> assertThat(joined.name()).isEqualTo(said.name()));
      }
    }
    assertThat(farewells).isEqualTo(rounds);
    assertThat(entries).isEqualTo(rounds);
    assertThat(heard).as("the talker talked while they left").hasAtLeastOneElementOfType(ChatPosted.class);
  }

  @Test
  public void creatingARoomListsItWithItsOwnerAsOnlyMember() {
    Member owner = member(0, "민수");
    RoomId room = create(owner, "제주 여행 🍊");
    assertThat(registry(1).rooms())
        .containsExactly(new RoomSummary(room, new RoomName("제주 여행 🍊"), new Nickname("민수"), 1));
    assertThat(registry(1).census()).isEqualTo(new Census(1, 0, 1));
  }

  @Test
  public void aJoinPublishesTheRoomAsTheNewcomerSeesItInJoiningOrder() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "lobby");
    join(room, member(1, "first"));
    MemberJoined second = join(room, member(0, "second"));
    assertThat(second.view())
        .isEqualTo(
            new RoomView(
                room,
                new RoomName("lobby"),
                new Nickname("owner"),
                List.of(new Nickname("owner"), new Nickname("first"), new Nickname("second"))));
    assertThat(registry(0).rooms().get(0).members()).isEqualTo(3);
    assertThat(registry(0).census()).isEqualTo(new Census(1, 0, 3));
  }

  @Test
  public void aNicknameIsUniqueInAnOwnedRoomUntilItsHolderLeaves() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "names");
    Member alice = member(1, "alice");
    join(room, alice);
    refused(Reason.NAME_TAKEN, () -> via(owner).join(room, member(0, "alice"), Origin.of(owner.connection())));
    refused(Reason.NAME_TAKEN, () -> registry(1).join(room, member(1, "owner"), Origin.of(alice.connection())));
    refused(Reason.ALREADY_MEMBER, () -> registry(1).join(room, alice, Origin.of(alice.connection())));

    assertThat(via(alice).exit(room, alice, false, origin(alice, "x"))).isFalse();
    assertThat(events().next()).isEqualTo(new MemberLeft(room, alice.name(), false, 1, origin(alice, "x"), 3));
    join(room, member(0, "alice"));
  }

  @Test
  public void namesThatLookAlikeAreOneNameInARoomUntilItsHolderLeaves() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "look-alikes");
    Member alice = member(1, "alice");
    join(room, alice);
    for (String lookAlike : List.of("ALICE", "Alice", "ａｌｉｃｅ", "\u00a0alice", "alice\u3000")) {
      refused(Reason.NAME_TAKEN, () -> via(owner).join(room, member(0, lookAlike), Origin.of(owner.connection())));
    }
    assertThat(via(alice).exit(room, alice, false, origin(alice, "x"))).isFalse();
    events().next();
    Member shouting = member(0, "ALICE");
    join(room, shouting);
    refused(Reason.NAME_TAKEN, () -> registry(1).join(room, member(1, "alice"), Origin.of(owner.connection())));
  }

  @Test
  public void requestsAboutAnUnknownRoomAreRefused() {
    Member someone = member(1, "someone");
    RoomId nowhere = new RoomId(987_654);
    Origin origin = Origin.of(someone.connection());
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).join(nowhere, someone, origin));
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).exit(nowhere, someone, false, origin));
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).delete(nowhere, someone, origin));
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).post(nowhere, someone, new MessageText("hi"), Instant.now(), origin));
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).requireRoom(nowhere));
  }

  @Test
  public void aRoomIsRequiredFromEveryNodeUntilItEnds() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "here");
    registry(0).requireRoom(room);
    registry(1).requireRoom(room);

    via(owner).delete(room, owner, origin(owner, "d"));
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).requireRoom(room));
  }

  @Test
  public void onlyMembersMayPostOrExitAndOnlyTheOwnerMayDelete() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "members only");
    Member guest = member(1, "guest");
    join(room, guest);
    Member outsider = member(1, "outsider");
    Origin origin = Origin.of(outsider.connection());
    refused(Reason.NOT_MEMBER, () -> registry(1).post(room, outsider, new MessageText("hi"), Instant.now(), origin));
    refused(Reason.NOT_MEMBER, () -> registry(1).exit(room, outsider, false, origin));
    refused(Reason.NOT_OWNER, () -> registry(1).delete(room, outsider, origin));
    refused(Reason.NOT_OWNER, () -> registry(1).delete(room, guest, Origin.of(guest.connection())));
    assertThat(registry(0).rooms()).hasSize(1);

    via(owner).delete(room, owner, origin(owner, "d"));
    assertThat(events().next()).isEqualTo(new RoomDeleted(room, owner.name(), false, false, origin(owner, "d"), 3));
    assertThat(registry(1).rooms()).isEmpty();
    assertThat(registry(1).census()).isEqualTo(new Census(0, 0, 0));
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).post(room, guest, new MessageText("?"), Instant.now(), origin));
  }

  @Test
  public void aMessageIsPublishedWithItsTextTimeAndRequestId() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "talk");
    Member guest = member(1, "guest");
    join(room, guest);
    Instant time = Instant.parse("2024-05-06T07:08:09.123Z");
    MessageText text = new MessageText("안녕하세요 👋\nline two \"quoted\" \\ / <b>");
    via(guest).post(room, guest, text, time, new Origin(guest.connection(), "42"));
    assertThat(events().next())
        .isEqualTo(new ChatPosted(room, guest.name(), text, 2, time, new Origin(guest.connection(), "42"), 3));
  }

  @Test
  public void theOwnerLeavingOrDroppingEndsTheRoomAndAMemberLeavingDoesNot() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "short-lived");
    Member stays = member(1, "stays");
    Member drops = member(1, "drops");
    join(room, stays);
    join(room, drops);
    assertThat(via(drops).exit(room, drops, true, Origin.of(drops.connection()))).isFalse();
    assertThat(events().next())
        .isEqualTo(new MemberLeft(room, drops.name(), true, 2, Origin.of(drops.connection()), 4));
    assertThat(registry(0).census()).isEqualTo(new Census(1, 0, 2));

    assertThat(via(owner).exit(room, owner, true, Origin.of(owner.connection()))).isTrue();
    assertThat(events().next())
        .isEqualTo(new RoomDeleted(room, owner.name(), true, true, Origin.of(owner.connection()), 5));
    assertThat(registry(1).census()).isEqualTo(new Census(0, 0, 0));
    refused(Reason.NO_SUCH_ROOM, () -> via(stays).exit(room, stays, false, Origin.of(stays.connection())));

    Member second = member(1, "owner");
    RoomId another = create(second, "another");
    assertThat(via(second).exit(another, second, false, origin(second, "bye"))).isTrue();
    assertThat(events().next())
        .isEqualTo(new RoomDeleted(another, second.name(), true, false, origin(second, "bye"), 2));
  }

  @Test
  public void anOpenRoomExistsWhileItHasMembersWhoseNamesMayRepeat() {
    RoomKey key = new RoomKey("room 7 · 열린 방");
    Member first = member(0, "same");
    Member second = member(1, "same");
    via(first).enter(key, first, origin(first, "e1"));
    assertThat(events().next()).isEqualTo(new MemberJoined(key, first.name(), null, origin(first, "e1")));
    via(second).enter(key, second, origin(second, "e2"));
    assertThat(events().next()).isEqualTo(new MemberJoined(key, second.name(), null, origin(second, "e2")));
    refused(Reason.ALREADY_MEMBER, () -> via(second).enter(key, second, Origin.of(second.connection())));
    assertThat(registry(0).census()).isEqualTo(new Census(0, 1, 2));
    assertThat(registry(0).rooms()).isEmpty();

    Instant time = Instant.parse("2024-01-01T00:00:00Z");
    Announcement note = new Announcement(Announcement.Kind.ENTRY, second.name(), null);
    via(second).announce(key, second, note, time, origin(second, "a"));
    assertThat(events().next()).isEqualTo(new Announced(key, second.name(), note, 2, time, origin(second, "a")));
    Announcement removal = new Announcement(Announcement.Kind.REMOVAL, new Nickname("someone"), 41);
    via(first).announce(key, first, removal, time, origin(first, "r"));
    assertThat(events().next()).isEqualTo(new Announced(key, first.name(), removal, 2, time, origin(first, "r")));
    via(first).post(key, first, new MessageText("hello"), time, origin(first, "p"));
    assertThat(events().next())
        .isEqualTo(new ChatPosted(key, first.name(), new MessageText("hello"), 2, time, origin(first, "p")));

    Member outsider = member(1, "outsider");
    Origin away = Origin.of(outsider.connection());
    refused(Reason.NOT_MEMBER, () -> registry(1).announce(key, outsider, note, time, away));
    refused(Reason.NOT_MEMBER, () -> registry(1).post(key, outsider, new MessageText("x"), time, away));
    refused(Reason.NOT_MEMBER, () -> registry(1).exit(key, outsider, false, away));

    assertThat(via(first).exit(key, first, false, origin(first, "x1"))).isFalse();
    assertThat(events().next()).isEqualTo(new MemberLeft(key, first.name(), false, 1, origin(first, "x1")));
    assertThat(via(second).exit(key, second, true, Origin.of(second.connection()))).isTrue();
    assertThat(events().next()).isEqualTo(new MemberLeft(key, second.name(), true, 0, Origin.of(second.connection())));
    assertThat(registry(1).census()).isEqualTo(new Census(0, 0, 0));
    refused(Reason.NOT_MEMBER, () -> via(first).post(key, first, new MessageText("x"), time, away));

    via(first).enter(key, first, Origin.of(first.connection()));
    assertThat(events().next(MemberJoined.class).room()).isEqualTo(key);
  }

  @Test
  public void manyMembersOnBothNodesJoinAndLeaveWithoutLosingCount() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "crowd");
    List<Member> crowd = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      crowd.add(member(i % 2, "m" + i));
    }
    crowd.parallelStream().forEach(m -> via(m).join(room, m, Origin.of(m.connection())));
    assertThat(events().take(40, RecordingFanOut.WAIT)).hasSize(40).allMatch(MemberJoined.class::isInstance);
    assertThat(registry(1).census()).isEqualTo(new Census(1, 0, 41));
    crowd.parallelStream().forEach(m -> assertThat(via(m).exit(room, m, false, Origin.of(m.connection()))).isFalse());
    assertThat(events().take(40, RecordingFanOut.WAIT)).hasSize(40).allMatch(MemberLeft.class::isInstance);
    assertThat(registry(0).census()).isEqualTo(new Census(1, 0, 1));
  }

  @Test
  public void anOwnedRoomsEventsAreNumberedWithoutGapsInTheOrderTheyArePublished() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "numbered");
    List<Member> talkers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Member talker = member(i % 2, "t" + i);
      talkers.add(talker);
      assertThat(join(room, talker).seq()).isEqualTo(i + 2);
    }
    talkers.parallelStream()
        .forEach(
            talker -> {
              for (int i = 0; i < 10; i++) {
                via(talker).post(room, talker, new MessageText("m" + i), Instant.now(), Origin.of(talker.connection()));
              }
            });
    List<RoomEvent> chat = events().take(60, RecordingFanOut.WAIT);
    assertThat(chat).hasSize(60).allMatch(ChatPosted.class::isInstance);
    assertThat(chat.stream().mapToLong(RoomEvent::seq)).containsExactlyElementsOf(
        LongStream.rangeClosed(8, 67).boxed().toList());
    Member leaver = talkers.get(0);
    via(leaver).exit(room, leaver, false, Origin.of(leaver.connection()));
    assertThat(events().next().seq()).isEqualTo(68);
    via(owner).delete(room, owner, Origin.of(owner.connection()));
    assertThat(events().next().seq()).isEqualTo(69);

    RoomId another = create(owner, "counts from one");
    assertThat(join(another, member(1, "guest")).seq()).isEqualTo(2);
  }

  @Test
  public void aJoinerGetsTheRoomsLatestChatOldestFirstUpToTheHistorySize() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "chatty");
    assertThat(join(room, member(1, "early")).view().history()).isEmpty();
    Instant time = Instant.parse("2024-05-06T07:08:09.123Z");
    for (int i = 1; i <= 4; i++) {
      via(owner).post(room, owner, new MessageText("말 " + i), time.plusSeconds(i), Origin.of(owner.connection()));
      events().next(ChatPosted.class);
    }
    MemberJoined late = join(room, member(1, "late"));
    assertThat(late.seq()).isEqualTo(7);
    assertThat(late.view().history())
        .containsExactly(
            new ChatLine(4, owner.name(), new MessageText("말 2"), time.plusSeconds(2)),
            new ChatLine(5, owner.name(), new MessageText("말 3"), time.plusSeconds(3)),
            new ChatLine(6, owner.name(), new MessageText("말 4"), time.plusSeconds(4)));
  }

  @Test
  public void membersPageBackThroughWhatTheRoomKeepsAndNobodyElseMay() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "archive");
    Member guest = member(1, "guest");
    join(room, guest);
    Instant time = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 1; i <= 7; i++) {
      via(guest).post(room, guest, new MessageText("#" + i), time, Origin.of(guest.connection()));
      events().next(ChatPosted.class); // seq 3 to 9
    }
    // five kept: #3 to #7, numbered 5 to 9
    assertThat(registry(0).history(room, owner, Long.MAX_VALUE, 100).stream().map(ChatLine::seq))
        .containsExactly(5L, 6L, 7L, 8L, 9L);
    assertThat(registry(1).history(room, guest, 9, 2).stream().map(line -> line.text().value()))
        .containsExactly("#5", "#6");
    assertThat(registry(0).history(room, owner, 7, 100).stream().map(ChatLine::seq)).containsExactly(5L, 6L);
    assertThat(registry(1).history(room, guest, 5, 100)).isEmpty();
    assertThat(registry(1).history(room, guest, 1, 100)).isEmpty();

    Member outsider = member(1, "outsider");
    refused(Reason.NOT_MEMBER, () -> registry(1).history(room, outsider, Long.MAX_VALUE, 10));
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).history(new RoomId(987_654), guest, Long.MAX_VALUE, 10));
    via(owner).delete(room, owner, Origin.of(owner.connection()));
    events().next(RoomDeleted.class);
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).history(room, guest, Long.MAX_VALUE, 10));
  }

  @Test
  public void aMembersTailIsTheRoomsLatestEventsWithJoinsKeptWithoutTheJoinersView() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "tail");
    Member guest = member(1, "guest");
    join(room, guest);
    List<RoomEvent> published = new ArrayList<>();
    Instant time = Instant.parse("2024-02-03T04:05:06.789Z");
    for (int i = 1; i <= 3; i++) {
      via(owner).post(room, owner, new MessageText("t" + i), time, origin(owner, "p" + i));
      published.add(events().next(ChatPosted.class)); // seq 3 to 5
    }
    Member late = member(1, "late");
    MemberJoined joined = join(room, late); // 6
    published.add(new MemberJoined(room, late.name(), null, joined.origin(), joined.seq()));
    via(late).exit(room, late, true, Origin.of(late.connection()));
    published.add(events().next(MemberLeft.class)); // 7

    RoomTail tail = registry(1).tail(room, guest.connection());
    assertThat(tail.last()).isEqualTo(7);
    assertThat(tail.events()).as("five kept: 3 to 7").containsExactlyElementsOf(published);
    assertThat(tail.joined()).as("the guest's join, after which the room's events are its own").isEqualTo(2);
    assertThat(registry(0).tail(room, owner.connection())).isEqualTo(new RoomTail(7, published, 1));
    assertThat(registry(1).history(room, guest, Long.MAX_VALUE, 100).stream().map(ChatLine::seq))
        .as("history is the chat among them")
        .containsExactly(3L, 4L, 5L);

    refused(Reason.NOT_MEMBER, () -> registry(1).tail(room, late.connection()));
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).tail(new RoomId(987_655), guest.connection()));
    via(owner).delete(room, owner, Origin.of(owner.connection()));
    events().next(RoomDeleted.class);
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).tail(room, guest.connection()));
  }

  @Test
  public void aRoomThatEndedKeepsItsTailToItsEndForItsMembersWhileASessionMayResume() {
    Member owner = member(0, "owner");
    Member guest = member(1, "guest");
    registry(1).sessionOpened("guest-session", guest, Duration.ofMinutes(1));
    RoomId room = create(owner, "ending");
    join(room, guest); // 2
    Member left = member(0, "left");
    join(room, left); // 3
    via(left).exit(room, left, false, origin(left, "x"));
    MemberLeft exit = events().next(MemberLeft.class); // 4
    via(owner).post(room, owner, new MessageText("bye"), Instant.EPOCH, origin(owner, "p"));
    ChatPosted bye = events().next(ChatPosted.class); // 5
    via(owner).delete(room, owner, origin(owner, "d"));
    RoomDeleted end = events().next(RoomDeleted.class); // 6

    RoomTail tail = registry(1).tail(room, guest.connection());
    assertThat(tail.last()).isEqualTo(6);
    assertThat(tail.joined()).isEqualTo(2);
    assertThat(tail.after(3)).contains(List.of(exit, bye, end));
    assertThat(registry(0).tail(room, owner.connection()).after(5))
        .as("the owner's own deletion")
        .contains(List.of(end));
    // it was not in the room when it ended
    refused(Reason.NO_SUCH_ROOM, () -> registry(0).tail(room, left.connection()));
    refused(Reason.NO_SUCH_ROOM, () -> registry(0).tail(room, member(0, "stranger").connection()));
    assertThat(registry(0).rooms()).isEmpty();
  }

  @Test
  public void aKickedMembersTailEndsWithItsKickWhileASessionMayResumeTheRoomAfterItEndedToo() {
    Member owner = member(0, "owner");
    Member guest = member(1, "guest");
    registry(1).sessionOpened("guest-session", guest, Duration.ofMinutes(1));
    RoomId room = create(owner, "kicks");
    join(room, guest); // 2
    via(owner).post(room, owner, new MessageText("last warning"), Instant.EPOCH, origin(owner, "p"));
    ChatPosted warning = events().next(ChatPosted.class); // 3
    via(owner).kick(room, owner, false, guest.name(), null, origin(owner, "k"));
    MemberKicked kicked = events().next(MemberKicked.class); // 4
    via(owner).post(room, owner, new MessageText("good riddance"), Instant.EPOCH, origin(owner, "p"));
    events().next(ChatPosted.class); // 5: not the kicked member's

    RoomTail tail = registry(1).tail(room, guest.connection());
    assertThat(tail.last()).as("the kick").isEqualTo(4);
    assertThat(tail.joined()).isEqualTo(2);
    assertThat(tail.after(2)).contains(List.of(warning, kicked));
    refused(Reason.NOT_MEMBER, () -> registry(0).tail(room, member(0, "stranger").connection()));

    via(owner).delete(room, owner, origin(owner, "d"));
    events().next(RoomDeleted.class);
    assertThat(registry(0).tail(room, guest.connection()).after(3))
        .as("after the room's end")
        .contains(List.of(kicked));
  }

  @Test
  public void anEndedRoomsTailGoesOnceTheLongestResumeWindowPassed() {
    Member owner = member(0, "owner");
    registry(0).sessionOpened("owner-session", owner, Duration.ofMillis(300));
    RoomId room = create(owner, "brief");
    via(owner).delete(room, owner, origin(owner, "d"));
    events().next(RoomDeleted.class);
    assertThat(registry(0).tail(room, owner.connection()).last()).isEqualTo(2);

    awaitTailGone(room, owner);
  }

  /** Waits until the registry no longer keeps the ended room's events for its member. */
  private void awaitTailGone(RoomId room, Member member) {
    Eventually.await(
        Duration.ofSeconds(10),
        () -> {
          try {
            return registry(0).tail(room, member.connection()) == null;
          } catch (Refusal gone) {
            return gone.reason() == Reason.NO_SUCH_ROOM;
          }
        },
        gone -> gone,
        "the ended room's tail to go");
  }

  @Test
  public void anEndedRoomsTailStaysPastTheWindowForAsLongAsADeadNetworkMayGoUnnoticed() {
    Member owner = member(0, "owner");
    SessionLimits limits = new SessionLimits(Duration.ofMillis(300), Duration.ofMillis(600));
    registry(0).sessionsLinger(limits.linger());
    registry(0).sessionOpened("owner-session", owner, limits.resumeWindow());
    RoomId room = create(owner, "brief");
    long ended = System.nanoTime();
    via(owner).delete(room, owner, origin(owner, "d"));
    events().next(RoomDeleted.class);

    awaitTailGone(room, owner);
    assertThat(Duration.ofNanos(System.nanoTime() - ended)).isGreaterThanOrEqualTo(limits.linger());
  }

  @Test
  public void theOwnerKicksAMemberOfAnotherNodeWhoIsThenBannedByConnectionAndName() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "kicks");
    Member alice = member(1, "alice");
    join(room, alice);
    join(room, member(0, "bob"));

    KickOutcome outcome = via(owner).kick(room, owner, false, new Nickname("Alice"), "spam", origin(owner, "k"));
    assertThat(outcome.kickerInRoom()).as("the owner is in the room: the kick reaches it as a member").isTrue();
    assertThat(outcome.removed()).as("the member's name as the room knew it").isEqualTo(new Nickname("alice"));

    MemberKicked kicked = events().next(MemberKicked.class);
    assertThat(kicked)
        .isEqualTo(
            new MemberKicked(
                room, alice.name(), alice.connection(), owner.name(), "spam", 2, origin(owner, "k"), 4));
    assertThat(registry(1).rooms().get(0).members()).isEqualTo(2);
    assertThat(registry(0).census()).isEqualTo(new Census(1, 0, 2));
    MessageText text = new MessageText("x");
    refused(Reason.NOT_MEMBER, () -> registry(1).post(room, alice, text, Instant.EPOCH, origin(alice, "p")));
    refused(Reason.BANNED, () -> registry(1).join(room, alice, origin(alice, "j")));
    refused(Reason.BANNED, () -> registry(0).join(room, member(0, "ALICE"), Origin.of(owner.connection())));
    assertThat(registry(1).tail(room, owner.connection()).events()).last().isEqualTo(kicked);
    join(room, member(1, "carol"));
  }

  @Test
  public void aRoomAnswersWhetherItLetsAMemberInAsItsJoinWouldWithoutChangingAnything() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "doors");
    Member alice = member(1, "alice");
    join(room, alice);
    via(owner).kick(room, owner, false, alice.name(), null, origin(owner, "k"));
    events().next(MemberKicked.class);
    RoomKey lounge = new RoomKey("lounge");
    Member dana = member(0, "dana");
    Member eve = member(1, "eve");
    for (Member member : List.of(dana, eve)) {
      via(member).enter(lounge, member, Origin.of(member.connection()));
      events().next(MemberJoined.class);
    }
    Member moderator = member(0, "mod");
    via(moderator).kick(lounge, moderator, true, eve.name(), null, Origin.of(moderator.connection()));
    events().next(MemberKicked.class);

    refused(Reason.BANNED, () -> registry(1).requireAdmission(room, alice));
    refused(Reason.BANNED, () -> registry(0).requireAdmission(room, member(0, "ALICE")));
    refused(Reason.NAME_TAKEN, () -> registry(1).requireAdmission(room, member(1, "Owner")));
    refused(Reason.ALREADY_MEMBER, () -> registry(0).requireAdmission(room, owner));
    refused(Reason.NO_SUCH_ROOM, () -> registry(1).requireAdmission(new RoomId(987_654), member(1, "x")));
    assertThatThrownBy(() -> registry(1).requireAdmission(lounge, eve))
        .isInstanceOfSatisfying(
            Refusal.class,
            refusal ->
                assertThat(refusal.detail())
                    .as("the same words on every registry")
                    .isEqualTo("you were removed from room \"lounge\" and may not come back while it exists"));
    refused(Reason.BANNED, () -> registry(0).requireAdmission(lounge, member(0, "EVE")));
    refused(Reason.ALREADY_MEMBER, () -> registry(0).requireAdmission(lounge, dana));
    Member carol = member(1, "carol");
    registry(1).requireAdmission(room, carol);
    registry(0).requireAdmission(lounge, carol);
    registry(1).requireAdmission(new RoomKey("nobody here"), carol);

    assertThat(registry(0).census()).as("nobody came in, no room was made").isEqualTo(new Census(1, 1, 2));
    join(room, carol); // the next event is its join: nothing was published meanwhile
  }

  @Test
  public void theBanOfASignedInMemberHoldsForItsSubjectOnEveryNode() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "subjects");
    Member alice = signedIn(member(1, "alice"), "user-1");
    join(room, alice);

    via(owner).kick(room, owner, false, alice.name(), null, origin(owner, "k"));
    assertThat(events().next(MemberKicked.class).note()).isNull();

    refused(Reason.BANNED, () -> registry(0).join(room, signedIn(member(0, "alias"), "user-1"), origin(owner, "j")));
    refused(Reason.BANNED, () -> registry(1).join(room, signedIn(member(1, "other"), "user-1"), origin(owner, "j")));
    join(room, signedIn(member(1, "alice"), "user-2"));
  }

  @Test
  public void onlyTheOwnerOrAModeratorKicksAndNobodyKicksThemselvesOrTheOwner() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "rules");
    Member alice = member(1, "alice");
    join(room, alice);
    Member bob = member(0, "bob");
    join(room, bob);
    Member moderator = member(1, "mod");
    Nickname bobName = bob.name();

    refused(Reason.NOT_OWNER, () -> via(alice).kick(room, alice, false, bobName, null, origin(alice, "k")));
    refused(Reason.NOT_OWNER, () -> via(moderator).kick(room, moderator, false, bobName, null, origin(alice, "k")));
    refused(Reason.KICK_SELF, () -> via(owner).kick(room, owner, false, owner.name(), null, origin(owner, "k")));
    Origin asked = origin(owner, "k");
    refused(Reason.KICK_OWNER, () -> via(moderator).kick(room, moderator, true, owner.name(), null, asked));
    refused(Reason.NO_SUCH_MEMBER, () -> via(owner).kick(room, owner, false, new Nickname("ghost"), null, asked));
    refused(Reason.NO_SUCH_ROOM, () -> via(owner).kick(new RoomId(987_654), owner, true, bobName, null, asked));
    assertThat(registry(0).census()).isEqualTo(new Census(1, 0, 3));

    assertThat(via(moderator).kick(room, moderator, true, bobName, null, origin(moderator, "m")).kickerInRoom())
        .as("a moderator outside the room hears of its kick from nobody in it")
        .isFalse();
    MemberKicked kicked = events().next(MemberKicked.class);
    assertThat(kicked.by()).isEqualTo(moderator.name());
    assertThat(kicked.origin()).isEqualTo(origin(moderator, "m"));
    refused(Reason.NO_SUCH_MEMBER, () -> via(owner).kick(room, owner, false, bobName, null, origin(owner, "k")));
  }

  @Test
  public void aModeratorDeletesAnyRoomAndItsBansGoWithIt() {
    Member owner = member(0, "owner");
    RoomId room = create(owner, "doomed");
    Member alice = member(1, "alice");
    join(room, alice);
    via(owner).kick(room, owner, false, alice.name(), null, origin(owner, "k"));
    events().next(MemberKicked.class);
    Member moderator = member(1, "mod");

    refused(Reason.NOT_OWNER, () -> registry(1).delete(room, moderator, false, origin(moderator, "d")));
    assertThat(registry(1).delete(room, moderator, true, origin(moderator, "d")))
        .as("a moderator outside the room hears of its deletion from nobody in it")
        .isFalse();

    assertThat(events().next())
        .isEqualTo(new RoomDeleted(room, owner.name(), false, false, origin(moderator, "d"), 4));
    assertThat(registry(0).rooms()).isEmpty();
    assertThat(registry(0).census()).isEqualTo(new Census(0, 0, 0));
    assertNothingLeftOf(room);
  }

  @Test
  public void aModeratorKicksEveryConnectionOfANameFromAnOpenRoomWhoseBansEndWithIt() {
    RoomKey key = new RoomKey("lounge · 라운지");
    Member first = member(0, "same");
    Member second = member(1, "SAME");
    Member other = member(1, "other");
    for (Member member : List.of(first, second, other)) {
      via(member).enter(key, member, Origin.of(member.connection()));
      events().next(MemberJoined.class);
    }
    Member moderator = member(0, "mod");
    refused(Reason.NOT_OWNER, () -> via(other).kick(key, other, false, first.name(), null, origin(other, "k")));

    via(moderator).enter(key, moderator, Origin.of(moderator.connection()));
    events().next(MemberJoined.class);
    KickOutcome inside = via(moderator).kick(key, moderator, true, new Nickname("same"), "bye", origin(moderator, "k"));
    assertThat(inside.kickerInRoom()).as("a moderator in the room: the kicks reach it as a member").isTrue();

    Set<ConnectionId> gone = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 2; i++) {
      MemberKicked kicked = events().next(MemberKicked.class);
      assertThat(kicked.seq()).isZero();
      assertThat(kicked.by()).isEqualTo(moderator.name());
      gone.add(kicked.target());
    }
    assertThat(gone).containsExactlyInAnyOrder(first.connection(), second.connection());
    assertThat(registry(0).census()).isEqualTo(new Census(0, 1, 2));
    refused(Reason.BANNED, () -> via(first).enter(key, first, Origin.of(first.connection())));
    refused(Reason.BANNED, () -> registry(1).enter(key, member(1, "same"), Origin.of(other.connection())));

    for (Member member : List.of(other, moderator)) {
      via(member).exit(key, member, false, Origin.of(member.connection()));
      events().next(MemberLeft.class);
    }
    assertNothingLeftOf(key);
    via(first).enter(key, first, Origin.of(first.connection()));
    assertThat(events().next(MemberJoined.class).origin().connection()).isEqualTo(first.connection());
  }
}
