package dev.socketchat.domain;

import dev.socketchat.domain.RoomEvent.Announced;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.threads.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells the connections that subscribed to the lobby of owned rooms created, ended and changing head count, on any
 * node, in batches at most one {@link #WINDOW} apart that hold each room's latest change only.
 *
 * <p>A subscriber's list and its pushes are queued under one lock, so nothing pushed before its list reaches it after
 * the list, and every change made after the list was read is pushed after it. A subscriber too far behind to take a
 * batch, or any subscriber when one batch would be too big, is told to resync instead and is no longer subscribed.
 */
final class LobbyFeed implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LobbyFeed.class.getName());
  /** How long changes gather before they are pushed: a room's head count is pushed at most once per window. */
  static final Duration WINDOW = Duration.ofMillis(250);
  /** The most changes one batch carries; more, and the subscribers are told to fetch the list again. */
  static final int MAX_CHANGES = 1000;

  private final Duration window;
  private final Set<Connection> subscribers = ConcurrentHashMap.newKeySet();
  // held while anything is queued for subscribers: a batch, a list, an unsubscription's reply
  private final Object sending = new Object();
  // each room's latest change since the last batch; guarded by itself, never held while taking another lock
  private final Map<RoomId, LobbyChange> pending = new LinkedHashMap<>();
  private boolean flushScheduled;
  private final ScheduledThreadPoolExecutor timer;

  LobbyFeed(Duration window) {
    this.window = Objects.requireNonNull(window, "window");
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            DaemonThreads.named("socketchat-lobby"));
    timer.setKeepAliveTime(10, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
  }

  /**
   * Subscribes the connection and hands it the rooms as they are from then on: {@code reply} gets {@code rooms}' result
   * before any batch that follows. When the rooms cannot be read, nothing changes (a subscriber stays one).
   */
  void subscribe(Connection connection, Supplier<List<RoomSummary>> rooms, Consumer<List<RoomSummary>> reply) {
    synchronized (sending) {
      boolean added = subscribers.add(connection);
      List<RoomSummary> now;
      try {
        now = rooms.get();
      } catch (RuntimeException refused) {
        if (added) {
          subscribers.remove(connection);
        }
        throw refused;
      }
      reply.accept(now);
    }
    if (!connection.isOpen()) {
      subscribers.remove(connection); // it dropped meanwhile, after its disconnect left the feed
    }
  }

  /** Answers a subscriber's request for the rooms in step with its pushes; anyone else's at once. */
  void inStep(Connection connection, Supplier<List<RoomSummary>> rooms, Consumer<List<RoomSummary>> reply) {
    if (!subscribers.contains(connection)) {
      reply.accept(rooms.get());
      return;
    }
    synchronized (sending) {
      reply.accept(rooms.get());
    }
  }

  /** Ends the connection's subscription; {@code then} runs after the last batch it gets and before any other. */
  void unsubscribe(Connection connection, Runnable then) {
    synchronized (sending) {
      subscribers.remove(connection);
      then.run();
    }
  }

  /** Forgets a closed connection. */
  void forget(Connection connection) {
    subscribers.remove(connection);
  }

  /** Notes what a published event changes in the lobby; called for every event, on the delivering thread. */
  void observe(RoomEvent event) {
    if (subscribers.isEmpty()) {
      return; // a change before the first subscription is in that subscriber's list
    }
    LobbyChange change = event.accept(CHANGES);
    if (change != null) {
      note(change);
    }
  }

  /** What each event changes in the list of owned rooms; null for what does not change it. */
  private static final RoomEvent.Visitor<LobbyChange> CHANGES =
      new RoomEvent.Visitor<>() {
        @Override
        public LobbyChange roomCreated(RoomCreated created) {
          return LobbyChange.created(created.room(), created.name(), created.owner(), 1);
        }

        @Override
        public LobbyChange memberJoined(MemberJoined joined) {
          return joined.view() == null ? null : LobbyChange.members(joined.view().id(), joined.view().members().size());
        }

        @Override
        public LobbyChange memberLeft(MemberLeft left) {
          return left.room() instanceof RoomId room && left.members() >= 0
              ? LobbyChange.members(room, left.members())
              : null;
        }

        @Override
        public LobbyChange roomDeleted(RoomDeleted deleted) {
          return LobbyChange.deleted(deleted.room());
        }

        @Override
        public LobbyChange chatPosted(ChatPosted posted) {
          return null;
        }

        @Override
        public LobbyChange announced(Announced announced) {
          return null;
        }

        @Override
        public LobbyChange memberKicked(MemberKicked kicked) {
          return kicked.room() instanceof RoomId room ? LobbyChange.members(room, kicked.members()) : null;
        }
      };

  private void note(LobbyChange change) {
    boolean schedule;
    synchronized (pending) {
      LobbyChange earlier = pending.get(change.room());
      boolean recount = earlier != null && change.kind() == LobbyChange.Kind.MEMBERS;
      pending.put(change.room(), recount ? earlier.withMembers(change.members()) : change);
      schedule = !flushScheduled;
      flushScheduled = true;
    }
    if (schedule) {
      try {
        var unused = timer.schedule(this::flushLogged, window.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        // the engine is shutting down
      }
    }
  }

  /** Runs {@link #flush} on the timer, where a failure would otherwise vanish with the task's future. */
  private void flushLogged() {
    try {
      flush();
    } catch (RuntimeException bug) {
      LOG.log(System.Logger.Level.WARNING, "the lobby feed failed to push a batch", bug);
    }
  }

  /** Pushes the changes gathered since the last batch to every subscriber. */
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a concurrent set: its iterator allows removal
  void flush() {
    synchronized (sending) {
      List<LobbyChange> changes;
      synchronized (pending) {
        changes = new ArrayList<>(pending.values());
        pending.clear();
        flushScheduled = false;
      }
      if (changes.isEmpty()) {
        return;
      }
      LobbyNews news = changes.size() > MAX_CHANGES ? null : new LobbyNews(changes);
      for (Connection subscriber : subscribers) {
        if (!subscriber.isOpen()) {
          subscribers.remove(subscriber);
        } else if (news == null || !subscriber.recipient().lobbyChanged(news)) {
          subscribers.remove(subscriber);
          subscriber.recipient().lobbyResync();
        }
      }
    }
  }

  /** Tells every subscriber to resync, and unsubscribes them all: changes were lost before they reached this node. */
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a concurrent set: its iterator allows removal
  void resyncAll() {
    synchronized (sending) {
      synchronized (pending) {
        pending.clear();
      }
      for (Connection subscriber : subscribers) {
        subscribers.remove(subscriber);
        if (subscriber.isOpen()) {
          subscriber.recipient().lobbyResync();
        }
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
