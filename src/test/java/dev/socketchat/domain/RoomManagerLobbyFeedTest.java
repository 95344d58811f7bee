package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.LobbyChange.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lobby feed: a subscriber gets the rooms, then every room created, ended or changing head count, in batches. */
class RoomManagerLobbyFeedTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private static final long WAIT_SECONDS = 5;

  /** The registry's events, held until the test lets them reach the node, so several land in one batch. */
  private static final class HeldEvents implements FanOut {
    private final FanOut node;
    private final List<RoomEvent> held = new ArrayList<>();
    private boolean holding;

    HeldEvents(FanOut node) {
      this.node = node;
    }

    @Override
    public synchronized void deliver(RoomEvent event) {
      if (holding) {
        held.add(event);
      } else {
        node.deliver(event);
      }
    }

    @Override
    public void missed() {
      node.missed();
    }

    synchronized void hold() {
      holding = true;
    }

    synchronized void release() {
      holding = false;
      held.forEach(node::deliver);
      held.clear();
    }
  }

  /** A lobby subscriber's side: the batches it took, the resyncs it was told, and whether it keeps up. */
  private static final class Subscriber implements Recipient {
    final BlockingQueue<List<LobbyChange>> batches = new LinkedBlockingQueue<>();
    final AtomicInteger resyncs = new AtomicInteger();
    final AtomicBoolean keepsUp = new AtomicBoolean(true);

    @Override
    public void deliver(Broadcast broadcast, boolean toOrigin) {}

    @Override
    public boolean lobbyChanged(LobbyNews news) {
      if (!keepsUp.get()) {
        return false;
      }
      batches.add(news.changes());
      return true;
    }

    @Override
    public void lobbyResync() {
      resyncs.incrementAndGet();
      batches.add(List.of()); // marks the moment it was told
    }

    List<LobbyChange> next() throws InterruptedException {
      List<LobbyChange> batch = batches.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(batch).as("a batch within " + WAIT_SECONDS + " s").isNotNull();
      return batch;
    }
  }

  private HeldEvents events;
  private RoomManager rooms =
      new RoomManager(
          node -> {
            events = new HeldEvents(node);
            return new InMemoryRoomRegistry(events);
          },
          CLOCK);

  @AfterEach
  void shutDown() {
    rooms.shutdown();
  }

  private Connection subscribed(Subscriber subscriber, List<RoomSummary> listed) {
    Connection connection = rooms.connect(subscriber);
    rooms.subscribeLobby(connection, listed::addAll);
    return connection;
  }

  private Connection subscribed(Subscriber subscriber) {
    return subscribed(subscriber, new ArrayList<>());
  }

  private RoomId create(Connection owner, String name) {
    rooms.create(owner, new Nickname(name), new RoomName("room of " + name), null);
    return (RoomId) owner.rooms().iterator().next();
  }

  @Test
  void aSubscriberGetsTheRoomsAsTheyAreThenEveryRoomCreatedAndEnded() throws InterruptedException {
    Connection early = rooms.connect(new RecordingRecipient());
    RoomId before = create(early, "early");
    Subscriber subscriber = new Subscriber();
    List<RoomSummary> listed = new ArrayList<>();
    subscribed(subscriber, listed);
    assertThat(listed).extracting(RoomSummary::id).containsExactly(before);

    Connection owner = rooms.connect(new RecordingRecipient());
    RoomId room = create(owner, "owner");
    assertThat(subscriber.next())
        .containsExactly(LobbyChange.created(room, new RoomName("room of owner"), new Nickname("owner"), 1));
    rooms.delete(owner, new Nickname("owner"), room, null);
    assertThat(subscriber.next()).containsExactly(LobbyChange.deleted(room));
    rooms.exit(early, new Nickname("early"), before, null);
    assertThat(subscriber.next()).as("an owner leaving ends the room too").containsExactly(LobbyChange.deleted(before));
  }

  @Test
  void headCountChangesWithinOneWindowArePushedOnceWithTheLatestCount() throws InterruptedException {
    Subscriber subscriber = new Subscriber();
    subscribed(subscriber);
    Connection owner = rooms.connect(new RecordingRecipient());
    RoomId room = create(owner, "owner");
    subscriber.next();

    events.hold();
    List<Connection> guests = new ArrayList<>();
    for (int guest = 0; guest < 3; guest++) {
      Connection connection = rooms.connect(new RecordingRecipient());
      rooms.join(connection, new Nickname("guest" + guest), room, null);
      guests.add(connection);
    }
    rooms.exit(guests.get(0), new Nickname("guest0"), room, null);
    rooms.disconnect(guests.get(1));
    events.release();

    assertThat(subscriber.next()).containsExactly(LobbyChange.members(room, 2));
  }

  @Test
  void aRoomCreatedAndJoinedInOneWindowIsOneCreationWithItsHeadCount() throws InterruptedException {
    Subscriber subscriber = new Subscriber();
    subscribed(subscriber);
    events.hold();
    Connection owner = rooms.connect(new RecordingRecipient());
    RoomId room = create(owner, "owner");
    rooms.join(rooms.connect(new RecordingRecipient()), new Nickname("guest"), room, null);
    events.release();
    assertThat(subscriber.next())
        .containsExactly(LobbyChange.created(room, new RoomName("room of owner"), new Nickname("owner"), 2));
  }

  @Test
  void aRoomCreatedAndEndedInOneWindowIsToldAsEnded() throws InterruptedException {
    Subscriber subscriber = new Subscriber();
    subscribed(subscriber);
    events.hold();
    Connection owner = rooms.connect(new RecordingRecipient());
    RoomId room = create(owner, "owner");
    rooms.delete(owner, new Nickname("owner"), room, null);
    events.release();
    assertThat(subscriber.next()).containsExactly(LobbyChange.deleted(room));
  }

  @Test
  void aSubscriberTooFarBehindIsToldToResyncOnceAndHearsNothingMoreUntilItSubscribesAgain()
      throws InterruptedException {
    Subscriber slow = new Subscriber();
    Connection slowConnection = subscribed(slow);
    Subscriber witness = new Subscriber();
    subscribed(witness);
    Connection owner = rooms.connect(new RecordingRecipient());

    slow.keepsUp.set(false);
    RoomId first = create(owner, "first");
    witness.next();
    assertThat(slow.next()).as("the resync mark").isEmpty();
    slow.keepsUp.set(true);
    rooms.join(rooms.connect(new RecordingRecipient()), new Nickname("guest"), first, null);
    witness.next();
    assertThat(slow.batches).as("no longer subscribed").isEmpty();
    assertThat(slow.resyncs).hasValue(1);

    List<RoomSummary> listed = new ArrayList<>();
    rooms.subscribeLobby(slowConnection, listed::addAll);
    assertThat(listed).singleElement().satisfies(summary -> assertThat(summary.members()).isEqualTo(2));
    rooms.delete(owner, new Nickname("first"), first, null);
    assertThat(slow.next()).containsExactly(LobbyChange.deleted(first));
  }

  @Test
  void moreChangesThanOneBatchCarriesTellEverySubscriberToResync() throws InterruptedException {
    Subscriber subscriber = new Subscriber();
    subscribed(subscriber);
    events.hold();
    for (int owner = 0; owner <= LobbyFeed.MAX_CHANGES; owner++) {
      create(rooms.connect(new RecordingRecipient()), "o" + owner);
    }
    events.release();
    assertThat(subscriber.next()).isEmpty();
    assertThat(subscriber.resyncs).hasValue(1);
  }

  @Test
  void eventsLostOnTheirWayToTheNodeTellEverySubscriberToResync() throws InterruptedException {
    Subscriber first = new Subscriber();
    Connection firstConnection = subscribed(first);
    Subscriber second = new Subscriber();
    subscribed(second);
    events.missed();
    assertThat(first.resyncs).hasValue(1);
    assertThat(second.resyncs).hasValue(1);

    first.batches.clear();
    rooms.subscribeLobby(firstConnection, listed -> {});
    RoomId room = create(rooms.connect(new RecordingRecipient()), "owner");
    assertThat(first.next()).extracting(LobbyChange::room).containsExactly(room);
    assertThat(second.batches).as("the resync mark only").hasSize(1);
  }

  @Test
  void anUnsubscribedOrClosedConnectionHearsNothingMore() throws InterruptedException {
    Subscriber leaves = new Subscriber();
    Connection leaving = subscribed(leaves);
    Subscriber drops = new Subscriber();
    Connection dropping = subscribed(drops);
    Subscriber witness = new Subscriber();
    subscribed(witness);
    AtomicBoolean answered = new AtomicBoolean();
    rooms.unsubscribeLobby(leaving, () -> answered.set(true));
    rooms.disconnect(dropping);
    assertThat(answered).isTrue();

    create(rooms.connect(new RecordingRecipient()), "owner");
    witness.next();
    assertThat(leaves.batches).isEmpty();
    assertThat(drops.batches).isEmpty();
  }

  @Test
  void subscribingIsARequestWithinTheConnectionsLimits() {
    rooms.shutdown();
    rooms = new RoomManager(InMemoryRoomRegistry::new, CLOCK, new FloodLimits(0.001, 1, 0.001, 2, 3), RoomLimits.NONE);
    Connection connection = rooms.connect(new Subscriber());
    rooms.subscribeLobby(connection, listed -> {});
    rooms.subscribeLobby(connection, listed -> {});
    assertThatThrownBy(() -> rooms.subscribeLobby(connection, listed -> {}))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.RATE_LIMITED));
    rooms.unsubscribeLobby(connection, () -> {}); // ending a subscription is never limited
  }
}
