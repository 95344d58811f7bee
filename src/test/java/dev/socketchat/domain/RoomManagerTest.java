package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.Kind;
import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.testing.Eventually;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomManagerTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");
  private final RoomManager rooms =
      new RoomManager(InMemoryRoomRegistry::new, Clock.fixed(NOW, ZoneOffset.UTC));
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private record Client(Connection connection, RecordingRecipient inbox) {}

  private Client connect() {
    RecordingRecipient inbox = new RecordingRecipient();
    return new Client(rooms.connect(inbox), inbox);
  }

  private static Nickname nick(String name) {
    return new Nickname(name);
  }

  private int create(Client owner, String name, String room) {
    owner.inbox().take();
    rooms.create(owner.connection(), nick(name), new RoomName(room), "\"t\"");
    return ((RoomId) owner.inbox().take().get(0).event().room()).value();
  }

  private static void assertRefused(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }

  @Test
  void theCreatorGetsTheCreationAsItsOwnReply() {
    Client owner = connect();
    rooms.create(owner.connection(), nick("owner"), new RoomName("room"), "\"c1\"");
    List<RecordingRecipient.Delivery> got = owner.inbox().take();
    assertThat(got).hasSize(1);
    assertThat(got.get(0).toOrigin()).isTrue();
    assertThat(got.get(0).event().origin().tag()).isEqualTo("\"c1\"");
    assertThat(rooms.rooms()).singleElement().satisfies(summary -> {
      assertThat(summary.owner()).isEqualTo(nick("owner"));
      assertThat(summary.members()).isEqualTo(1);
    });
  }

  @Test
  void aJoinerSeesTheRoomAsItIsAndEveryoneElseSeesTheJoin() {
    Client owner = connect();
    int room = create(owner, "owner", "r");
    Client guest = connect();
    rooms.join(guest.connection(), nick("guest"), new RoomId(room), null);

    RecordingRecipient.Delivery own = guest.inbox().take().get(0);
    assertThat(own.toOrigin()).isTrue();
    MemberJoined joined = (MemberJoined) own.event();
    assertThat(joined.view().members()).containsExactly(nick("owner"), nick("guest"));
    assertThat(joined.view().owner()).isEqualTo(nick("owner"));
    assertThat(owner.inbox().take()).singleElement().satisfies(d -> assertThat(d.toOrigin()).isFalse());
  }

  @Test
  void aBroadcastIsRenderedOnceForAllRecipients() {
    Client owner = connect();
    int room = create(owner, "owner", "r");
    List<Client> guests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Client guest = connect();
      rooms.join(guest.connection(), nick("g" + i), new RoomId(room), null);
      guests.add(guest);
    }
    guests.forEach(g -> g.inbox().take());
    owner.inbox().take();
    RecordingRecipient.RENDERS.set(0);
    rooms.say(owner.connection(), nick("owner"), new RoomId(room), new MessageText("hi"), null);
    assertThat(RecordingRecipient.RENDERS.get()).isEqualTo(1);
    Object frame = guests.get(0).inbox().take().get(0).shared();
    for (Client guest : guests.subList(1, guests.size())) {
      assertThat(guest.inbox().take().get(0).shared()).isSameAs(frame);
    }
  }

  @Test
  void chatCarriesTheServerTimeInMilliseconds() {
    Client owner = connect();
    int room = create(owner, "owner", "r");
    rooms.say(owner.connection(), nick("owner"), new RoomId(room), new MessageText("hi"), "1");
    ChatPosted posted = (ChatPosted) owner.inbox().take().get(0).event();
    assertThat(posted.time()).isEqualTo(NOW);
  }

  @Test
  void everyoneInTheRoomGetsTheSameNumberForEachEventAndTheRequesterItsOwn() {
    Client owner = connect();
    int room = create(owner, "owner", "r");
    Client guest = connect();
    rooms.join(guest.connection(), nick("guest"), new RoomId(room), null);
    assertThat(guest.inbox().take().get(0).event().seq()).isEqualTo(2);
    assertThat(owner.inbox().take().get(0).event().seq()).isEqualTo(2);
    rooms.say(guest.connection(), nick("guest"), new RoomId(room), new MessageText("hi"), null);
    for (Client member : List.of(owner, guest)) {
      assertThat(member.inbox().take()).singleElement().satisfies(got -> assertThat(got.event().seq()).isEqualTo(3));
    }
  }

  @Test
  void aMemberPagesThroughTheRoomsChatAndAConnectionOutsideItIsRefused() {
    Client owner = connect();
    RoomId room = new RoomId(create(owner, "owner", "r"));
    for (int i = 1; i <= 3; i++) {
      rooms.say(owner.connection(), nick("owner"), room, new MessageText("#" + i), null);
    }
    assertThat(rooms.history(owner.connection(), room, 4, 10))
        .containsExactly(
            new ChatLine(2, nick("owner"), new MessageText("#1"), NOW),
            new ChatLine(3, nick("owner"), new MessageText("#2"), NOW));
    Client outsider = connect();
    assertRefused(Reason.NOT_MEMBER, () -> rooms.history(outsider.connection(), room, Long.MAX_VALUE, 10));
    rooms.rename(outsider.connection(), nick("outsider"));
    assertRefused(Reason.NOT_MEMBER, () -> rooms.history(outsider.connection(), room, Long.MAX_VALUE, 10));
  }

  @Test
  void aChatToARoomWhoseSeatThisNodeDroppedIsRefusedThoughTheRegistryKeepsTheMembership() {
    AtomicReference<FanOut> fanOut = new AtomicReference<>();
    RoomManager engine =
        new RoomManager(
            out -> {
              fanOut.set(out);
              return new InMemoryRoomRegistry(out);
            },
            Clock.fixed(NOW, ZoneOffset.UTC));
    try {
      Connection owner = engine.connect(new RecordingRecipient());
      engine.create(owner, nick("owner"), new RoomName("r"), null);
      RoomId room = (RoomId) owner.rooms().iterator().next();
      RecordingRecipient guestInbox = new RecordingRecipient();
      Connection guest = engine.connect(guestInbox);
      engine.create(guest, nick("guest"), new RoomName("its own"), null);
      engine.join(guest, nick("guest"), room, null);
      // the node drops the guest's seat (a move it took for the guest's), the registry keeps the guest in the room
      fanOut.get().moved(room, guest.id(), new ConnectionId("elsewhere:1"));
      RecordingRecipient ownerInbox = (RecordingRecipient) owner.recipient();
      ownerInbox.take();
      guestInbox.take();

      assertRefused(
          Reason.NOT_MEMBER, () -> engine.say(guest, nick("guest"), room, new MessageText("anyone?"), "\"m1\""));
      assertRefused(
          Reason.NO_SUCH_ROOM,
          () -> engine.say(guest, nick("guest"), new RoomId(999_999), new MessageText("anyone?"), null));
      assertThat(ownerInbox.take()).as("the message reaches nobody").isEmpty();
      assertThat(guestInbox.take()).isEmpty();
    } finally {
      engine.shutdown();
    }
  }

  /** An engine whose connections may make a burst of 3 requests, then hardly any more. */
  private static RoomManager threeRequestsAtMost() {
    return new RoomManager(
        InMemoryRoomRegistry::new, Clock.fixed(NOW, ZoneOffset.UTC), new FloodLimits(0, 1, 0.001, 3, 3), RoomLimits.NONE);
  }

  @Test
  void historyRequestsCountTowardTheRequestLimit() {
    RoomManager limited = threeRequestsAtMost();
    Connection owner = limited.connect(new RecordingRecipient());
    limited.create(owner, nick("owner"), new RoomName("r"), null);
    RoomId room = (RoomId) owner.rooms().iterator().next();
    limited.history(owner, room, Long.MAX_VALUE, 10);
    limited.history(owner, room, Long.MAX_VALUE, 10);
    assertRefused(Reason.RATE_LIMITED, () -> limited.history(owner, room, Long.MAX_VALUE, 10));
  }

  @Test
  void joiningTheRoomItIsInIsCheckedAndCountedAsAJoinIs() {
    RoomManager limited = threeRequestsAtMost();
    Connection owner = limited.connect(new RecordingRecipient());
    limited.create(owner, nick("owner"), new RoomName("r"), null);

    assertRefused(Reason.USER_MISMATCH, () -> limited.rejoin(owner, nick("another")));
    limited.rejoin(owner, nick("owner"));
    limited.rejoin(owner, nick("owner")); // with the create, the burst of 3 requests
    assertRefused(Reason.RATE_LIMITED, () -> limited.rejoin(owner, nick("owner")));
  }

  @Test
  void theOwnerLeavingDeletesTheRoom() {
    Client owner = connect();
    int room = create(owner, "owner", "r");
    Client guest = connect();
    rooms.join(guest.connection(), nick("guest"), new RoomId(room), null);
    owner.inbox().take();
    guest.inbox().take();

    rooms.exit(owner.connection(), nick("owner"), new RoomId(room), null);
    RoomDeleted deleted = (RoomDeleted) guest.inbox().take().get(0).event();
    assertThat(deleted.ownerLeft()).isTrue();
    assertThat(rooms.rooms()).isEmpty();
    assertThat(guest.connection().rooms()).isEmpty();
    assertThat(rooms.status().seats()).isZero();
    assertRefused(Reason.NO_SUCH_ROOM, () -> rooms.say(guest.connection(), nick("guest"), new RoomId(room), new MessageText("?"), null));
  }

  @Test
  void everyRuleIsEnforced() {
    Client owner = connect();
    int room = create(owner, "owner", "r");
    Client guest = connect();
    RoomId id = new RoomId(room);
    assertRefused(Reason.NOT_MEMBER, () -> rooms.say(guest.connection(), nick("guest"), id, new MessageText("x"), null));
    assertRefused(Reason.NOT_MEMBER, () -> rooms.exit(guest.connection(), nick("guest"), id, null));
    assertRefused(Reason.NOT_OWNER, () -> rooms.delete(guest.connection(), nick("guest"), id, null));
    assertRefused(Reason.NAME_TAKEN, () -> rooms.join(guest.connection(), nick("owner"), id, null));
    assertRefused(Reason.NO_SUCH_ROOM, () -> rooms.join(guest.connection(), nick("guest"), new RoomId(9999), null));
    rooms.join(guest.connection(), nick("guest"), id, null);
    assertRefused(Reason.ALREADY_MEMBER, () -> rooms.join(guest.connection(), nick("guest"), id, null));
    assertRefused(Reason.USER_MISMATCH, () -> rooms.say(guest.connection(), nick("other"), id, new MessageText("x"), null));
    assertRefused(Reason.ALREADY_MEMBER, () -> rooms.join(owner.connection(), nick("owner"), id, null));
    assertThat(rooms.status().registry().memberships()).isEqualTo(2);
  }

  @Test
  void aRefusedJoinLeavesNoSeatBehind() {
    Client owner = connect();
    int room = create(owner, "owner", "r");
    Client guest = connect();
    assertRefused(Reason.NAME_TAKEN, () -> rooms.join(guest.connection(), nick("owner"), new RoomId(room), null));
    assertThat(guest.connection().rooms()).isEmpty();
    assertThat(rooms.status().seats()).isEqualTo(1);
    assertThat(guest.connection().name()).isNull();
  }

  @Test
  void roomNumbersAreNeverReused() {
    Client owner = connect();
    int first = create(owner, "owner", "a");
    rooms.delete(owner.connection(), nick("owner"), new RoomId(first), null);
    int second = create(owner, "owner", "b");
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void aDisconnectLeavesEveryRoomAndDeletesTheRoomsItOwned() {
    Client a = connect();
    Client b = connect();
    int ownedByA = create(a, "a", "A");
    int ownedByB = create(b, "b", "B");
    rooms.join(a.connection(), nick("a"), new RoomId(ownedByB), null);
    rooms.join(b.connection(), nick("b"), new RoomId(ownedByA), null);
    a.inbox().take();
    b.inbox().take();

    rooms.disconnect(a.connection());
    assertThat(b.inbox().kinds()).containsExactlyInAnyOrder(Kind.ROOM_DELETED, Kind.MEMBER_LEFT);
    assertThat(rooms.rooms()).extracting(s -> s.id().value()).containsExactly(ownedByB);
    assertThat(rooms.status()).isEqualTo(new RoomManager.Status(1, 1, new Census(1, 0, 1), 0));
    rooms.disconnect(a.connection());
    assertThat(a.inbox().take()).isEmpty();
  }

  @Test
  void aMemberWhoseTransportClosesAsItIsHandedAnEventLeavesAfterEveryoneHadThatEvent() {
    Client owner = connect();
    RoomId room = new RoomId(create(owner, "owner", "r"));
    AtomicReference<Connection> closing = new AtomicReference<>();
    List<Client> watchers = new ArrayList<>();
    AtomicReference<List<Kind>> heardMeanwhile = new AtomicReference<>();
    // a transport that reports its connection closed from inside a delivery to it, as Grizzly does when a write to a
    // peer that reset the connection fails on the delivering thread
    Recipient closer =
        new Recipient() {
          @Override
          public void deliver(Broadcast broadcast, boolean toOrigin) {
            Connection self = closing.getAndSet(null);
            if (self != null && broadcast.event() instanceof ChatPosted) {
              rooms.disconnect(self, this);
              List<Kind> heard = new ArrayList<>();
              watchers.forEach(w -> w.inbox().peek().forEach(d -> heard.add(d.event().kind())));
              heardMeanwhile.set(heard);
            }
          }
        };
    Connection leaver = rooms.connect(closer);
    rooms.join(leaver, nick("leaver"), room, null);
    for (int i = 0; i < 8; i++) {
      Client watcher = connect();
      rooms.join(watcher.connection(), nick("w" + i), room, null);
      watchers.add(watcher);
    }
    watchers.forEach(w -> w.inbox().take());
    closing.set(leaver);

    rooms.say(owner.connection(), nick("owner"), room, new MessageText("hello"), null);

    assertThat(heardMeanwhile.get())
        .as("what the watchers had heard when the close returned")
        .doesNotContain(Kind.MEMBER_LEFT);
    for (Client watcher : watchers) {
      List<RecordingRecipient.Delivery> got =
          Eventually.await(
              Duration.ofSeconds(5), () -> watcher.inbox().peek(), d -> d.size() == 2, "the chat and the exit");
      assertThat(got).extracting(d -> d.event().kind()).containsExactly(Kind.CHAT_POSTED, Kind.MEMBER_LEFT);
      assertThat(got.get(1).event().seq()).isEqualTo(got.get(0).event().seq() + 1);
    }
  }

  @Test
  void openRoomsAreCreatedOnFirstEntryAndRemovedWhenEmpty() {
    Client a = connect();
    Client b = connect();
    RoomKey key = new RoomKey("hotel-42");
    rooms.enter(a.connection(), nick("kim"), key, null);
    rooms.enter(b.connection(), nick("kim"), key, null); // names may repeat in open rooms
    assertThat(rooms.status().registry()).isEqualTo(new Census(0, 1, 2));
    assertThat(rooms.rooms()).isEmpty();
    rooms.say(a.connection(), nick("kim"), key, new MessageText("hello"), null);
    assertThat(b.inbox().kinds()).containsExactly(Kind.MEMBER_JOINED, Kind.CHAT_POSTED);
    rooms.exit(a.connection(), nick("kim"), key, null);
    rooms.disconnect(b.connection());
    assertThat(rooms.status().registry()).isEqualTo(new Census(0, 0, 0));
    assertThat(rooms.status().seats()).isZero();
  }

  @Test
  void aNewcomerSeesNothingFromBeforeItsJoin() {
    Client owner = connect();
    int room = create(owner, "owner", "r");
    rooms.say(owner.connection(), nick("owner"), new RoomId(room), new MessageText("before"), null);
    Client guest = connect();
    rooms.join(guest.connection(), nick("guest"), new RoomId(room), null);
    rooms.say(owner.connection(), nick("owner"), new RoomId(room), new MessageText("after"), null);
    assertThat(guest.inbox().kinds()).containsExactly(Kind.MEMBER_JOINED, Kind.CHAT_POSTED);
  }

  @Test
  void concurrentJoinsWithTheSameNicknameAdmitExactlyOne() throws Exception {
    Client owner = connect();
    int room = create(owner, "owner", "r");
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> attempts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Client contender = connect();
      attempts.add(pool.submit(() -> {
        start.await();
        try {
          rooms.join(contender.connection(), nick("same"), new RoomId(room), null);
          return true;
        } catch (Refusal refused) {
          return false;
        }
      }));
    }
    start.countDown();
    int admitted = 0;
    for (Future<Boolean> attempt : attempts) {
      admitted += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(1);
    assertThat(rooms.rooms().get(0).members()).isEqualTo(2);
  }

  @Test
  void concurrentJoinsExitsAndADeleteLeaveAConsistentEngine() throws Exception {
    for (int round = 0; round < 20; round++) {
      Client owner = connect();
      int room = create(owner, "owner", "r" + round);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      List<Client> clients = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Client client = connect();
        clients.add(client);
        String name = "c" + i;
        work.add(pool.submit(() -> {
          start.await();
          try {
            rooms.join(client.connection(), nick(name), new RoomId(room), null);
            rooms.say(client.connection(), nick(name), new RoomId(room), new MessageText("hi"), null);
            rooms.exit(client.connection(), nick(name), new RoomId(room), null);
          } catch (Refusal roomWentAway) {
            assertThat(roomWentAway.reason()).isIn(Reason.NO_SUCH_ROOM, Reason.NOT_MEMBER);
          }
          return null;
        }));
      }
      work.add(pool.submit(() -> {
        start.await();
        rooms.delete(owner.connection(), nick("owner"), new RoomId(room), null);
        return null;
      }));
      start.countDown();
      for (Future<?> future : work) {
        future.get(10, TimeUnit.SECONDS);
      }
      clients.forEach(c -> rooms.disconnect(c.connection()));
      rooms.disconnect(owner.connection());
      assertThat(rooms.status()).isEqualTo(new RoomManager.Status(0, 0, new Census(0, 0, 0), 0));
      for (Client client : clients) {
        assertThat(client.connection().rooms()).isEmpty();
      }
    }
  }
}
