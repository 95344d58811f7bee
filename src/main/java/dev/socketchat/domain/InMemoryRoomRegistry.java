package dev.socketchat.domain;

import dev.socketchat.domain.RoomEvent.Announced;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry of a single node: rooms in memory, each guarded by its own lock, under which every change is applied
 * and published, so each room's events reach the fan-out in the order they happened, numbered in that order. An
 * owned room keeps its latest events ({@link HistoryLimits#keep()}), for history pages and resumes, until it ends;
 * then, with sessions on, its members' sessions may still catch up on them to its end for the longest linger
 * ({@link EndedRooms}, {@link SessionLimits#linger}). There is no global lock.
 */
public final class InMemoryRoomRegistry implements RoomRegistry {
  private final FanOut fanOut;
  private final HistoryLimits history;
  private final AtomicInteger lastId = new AtomicInteger();
  private final Map<RoomRef, Room> rooms = new ConcurrentHashMap<>();
  private final AtomicInteger ownedRooms = new AtomicInteger(); // taken by a create before it adds its room
  private final EndedRooms ended = new EndedRooms();
  /** How long the rooms a session loses stay for it ({@link #sessionsLinger}); zero: its window. */
  private volatile Duration linger = Duration.ZERO;

  /** One room's state; read and changed only while holding its monitor. */
  private static final class Room {
    final RoomRef ref;
    final RoomName name;
    final Member owner;
    final Map<ConnectionId, Member> members = new LinkedHashMap<>();
    // the number of each member's own join (the creation for the owner): nothing before it is replayed to the member
    final Map<ConnectionId, Long> joinedAt = new HashMap<>();
    final Set<String> names = new HashSet<>(); // the members' name keys (Nickname.key)
    final Set<String> bans = new HashSet<>(); // see Bans; they go with the room
    // the connections kicked from an owned room, while it keeps events: their kick may not have reached their client
    final Map<ConnectionId, EndedRooms.Kick> kicks = new HashMap<>();
    final Deque<RoomEvent> log = new ArrayDeque<>(); // the latest numbered events, oldest first
    // the chat messages among them, as history lines: kept, so their renderings are reused by every joiner
    final Deque<ChatLine> lines = new ArrayDeque<>();
    long seq; // the number of the room's last event
    boolean gone;

    Room(RoomRef ref, RoomName name, Member owner) {
      this.ref = ref;
      this.name = name;
      this.owner = owner;
    }

    boolean owned() {
      return owner != null;
    }

    void add(Member member) {
      members.put(member.connection(), member);
      if (owned()) {
        names.add(member.name().key()); // unique in owned rooms; open rooms allow a name twice (several tabs)
      }
    }

    void remove(Member member) {
      joinedAt.remove(member.connection());
      if (members.remove(member.connection()) != null && owned()) {
        names.remove(member.name().key());
      }
    }

    /** The next event's number in an owned room; open rooms do not number their events. */
    long next() {
      return owned() ? ++seq : 0;
    }

    /** Publishes a numbered event and keeps it in the room's log, whose oldest event goes past {@code keep}. */
    void publish(RoomEvent event, FanOut fanOut, int keep) {
      if (keep > 0 && event.seq() != 0) {
        if (log.size() == keep && log.removeFirst() instanceof ChatPosted) {
          lines.removeFirst();
        }
        if (event instanceof ChatPosted posted) {
          lines.addLast(new ChatLine(posted.seq(), posted.name(), posted.text(), posted.time()));
        }
        // a join is kept without the joiner's view: replays only ever show other members that someone joined
        log.addLast(
            event instanceof MemberJoined joined
                ? new MemberJoined(joined.room(), joined.name(), null, joined.origin(), joined.seq())
                : event);
      }
      fanOut.deliver(event);
    }

    RoomView view(int historySize) {
      return new RoomView(
          (RoomId) ref,
          name,
          owner.name(),
          members.values().stream().map(Member::name).toList(),
          page(Long.MAX_VALUE, historySize));
    }

    /** The latest {@code limit} kept messages numbered below {@code before}, oldest first. */
    List<ChatLine> page(long before, int limit) {
      List<ChatLine> page = new ArrayList<>();
      for (Iterator<ChatLine> newest = lines.descendingIterator(); newest.hasNext() && page.size() < limit; ) {
        ChatLine line = newest.next();
        if (line.seq() < before) {
          page.add(line);
        }
      }
      Collections.reverse(page);
      return page;
    }
  }

  /** A registry with the default history limits. */
  public InMemoryRoomRegistry(FanOut fanOut) {
    this(fanOut, HistoryLimits.defaults());
  }

  public InMemoryRoomRegistry(FanOut fanOut, HistoryLimits history) {
    this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
    this.history = Objects.requireNonNull(history, "history");
  }

  @Override
  public RoomId allocate() {
    return new RoomId(lastId.incrementAndGet());
  }

  @Override
  public void create(RoomId id, RoomName name, Member owner, Origin origin, int mostRooms) {
    if (ownedRooms.incrementAndGet() > mostRooms) {
      ownedRooms.decrementAndGet();
      throw RoomLimits.serverFull(mostRooms);
    }
    Room room = new Room(id, name, owner);
    synchronized (room) {
      if (rooms.putIfAbsent(id, room) != null) {
        ownedRooms.decrementAndGet();
        throw new IllegalStateException("room " + id + " was allocated twice");
      }
      room.add(owner);
      room.publish(new RoomCreated(id, name, owner.name(), origin, room.next()), fanOut, history.keep());
      room.joinedAt.put(owner.connection(), room.seq);
    }
  }

  @Override
  public void join(RoomId id, Member member, Origin origin) {
    Room room = existing(id);
    synchronized (room) {
      requireLive(room);
      refuseJoin(room, id, member);
      room.add(member);
      room.publish(
          new MemberJoined(id, member.name(), room.view(history.size()), origin, room.next()), fanOut, history.keep());
      room.joinedAt.put(member.connection(), room.seq);
    }
  }

  @Override
  public void enter(RoomKey key, Member member, Origin origin) {
    enter(key, member, origin, null, null);
  }

  @Override
  public void enter(RoomKey key, Member member, Announcement entry, Instant time, Origin origin) {
    enter(key, member, origin, Objects.requireNonNull(entry, "entry"), Objects.requireNonNull(time, "time"));
  }

  /** Adds the member to the open room, and, where {@code entry} is not null, has the room told of it at once. */
  private void enter(RoomKey key, Member member, Origin origin, Announcement entry, Instant time) {
    while (true) {
      Room room = rooms.computeIfAbsent(key, k -> new Room(k, null, null));
      synchronized (room) {
        if (room.gone) {
          continue; // emptied and removed meanwhile: take the fresh one
        }
        try {
          refuseEntry(room, key, member);
        } catch (Refusal refused) {
          if (room.members.isEmpty()) {
            end(room); // made just now for this entry
          }
          throw refused;
        }
        room.add(member);
        fanOut.deliver(new MemberJoined(key, member.name(), null, origin));
        if (entry != null) {
          fanOut.deliver(new Announced(key, member.name(), entry, room.members.size(), time, origin));
        }
        return;
      }
    }
  }

  @Override
  public boolean exit(RoomRef ref, Member member, boolean dropped, Origin origin) {
    Room room = existing(ref);
    synchronized (room) {
      requireLive(room);
      requireMember(room, member);
      if (room.owned() && room.owner.connection().equals(member.connection())) {
        RoomDeleted deleted = new RoomDeleted((RoomId) ref, member.name(), true, dropped, origin, room.next());
        endOwned(room, deleted);
        fanOut.deliver(deleted);
        return true;
      }
      room.remove(member);
      room.publish(
          new MemberLeft(ref, member.name(), dropped, room.members.size(), origin, room.next()),
          fanOut,
          history.keep());
      if (!room.owned() && room.members.isEmpty()) {
        end(room);
        return true;
      }
      return false;
    }
  }

  @Override
  public boolean delete(RoomId id, Member member, boolean moderator, Origin origin) {
    Room room = existing(id);
    synchronized (room) {
      requireLive(room);
      if (!moderator && !room.owner.connection().equals(member.connection())) {
        throw new Refusal(Reason.NOT_OWNER, "only the owner, " + room.owner.name() + ", may delete room " + id);
      }
      boolean inRoom = room.members.containsKey(member.connection());
      RoomDeleted deleted = new RoomDeleted(id, room.owner.name(), false, false, origin, room.next());
      endOwned(room, deleted);
      fanOut.deliver(deleted);
      return inRoom;
    }
  }

  @Override
  public KickOutcome kick(RoomRef ref, Member by, boolean moderator, Nickname target, String note, Origin origin) {
    Room room = existing(ref);
    synchronized (room) {
      requireLive(room);
      if (!moderator && !(room.owned() && room.owner.connection().equals(by.connection()))) {
        throw new Refusal(
            Reason.NOT_OWNER,
            room.owned()
                ? "only the owner, " + room.owner.name() + ", or a moderator may remove members of room " + ref
                : "only a moderator may remove members of room " + describe(ref));
      }
      String key = target.key();
      if (key.equals(by.name().key())) {
        throw new Refusal(Reason.KICK_SELF, "you cannot remove yourself; leave the room instead");
      }
      if (room.owned() && key.equals(room.owner.name().key())) {
        throw new Refusal(Reason.KICK_OWNER, "the owner cannot be removed from room " + ref + "; delete it instead");
      }
      List<Member> kicked = room.members.values().stream().filter(m -> m.name().key().equals(key)).toList();
      if (kicked.isEmpty()) {
        throw new Refusal(Reason.NO_SUCH_MEMBER, "nobody called \"" + target + "\" is in room " + describe(ref));
      }
      for (Member member : kicked) {
        long joined = room.joinedAt.getOrDefault(member.connection(), 0L);
        room.remove(member);
        room.bans.addAll(Bans.of(member));
        room.publish(
            new MemberKicked(
                ref, member.name(), member.connection(), by.name(), note, room.members.size(), origin, room.next()),
            fanOut,
            history.keep());
        if (room.owned() && history.keep() > 0) {
          room.kicks.put(member.connection(), new EndedRooms.Kick(joined, room.seq));
        }
      }
      if (!room.owned() && room.members.isEmpty()) {
        end(room);
      }
      return new KickOutcome(kicked.get(0).name(), room.members.containsKey(by.connection()));
    }
  }

  /** Refuses a member the owned room would not let in: one already there, banned, or under a name taken there. */
  private static void refuseJoin(Room room, RoomId id, Member member) {
    if (room.members.containsKey(member.connection())) {
      throw new Refusal(Reason.ALREADY_MEMBER, "you are already in room " + id);
    }
    if (Bans.refuse(room.bans, member)) {
      throw Bans.banned(id);
    }
    if (room.names.contains(member.name().key())) {
      throw new Refusal(Reason.NAME_TAKEN, "the nickname \"" + member.name() + "\" is already in room " + id);
    }
  }

  /** Refuses a member the open room would not let in: one already there, or banned. */
  private static void refuseEntry(Room room, RoomKey key, Member member) {
    if (room.members.containsKey(member.connection())) {
      throw new Refusal(Reason.ALREADY_MEMBER, "you are already in room \"" + key + "\"");
    }
    if (Bans.refuse(room.bans, member)) {
      throw Bans.banned(key);
    }
  }

  @Override
  public void requireAdmission(RoomRef ref, Member member) {
    if (ref instanceof RoomId id) {
      Room room = existing(id);
      synchronized (room) {
        requireLive(room);
        refuseJoin(room, id, member);
      }
      return;
    }
    Room room = rooms.get(ref); // an open room nobody is in lets anyone in
    if (room != null) {
      synchronized (room) {
        if (!room.gone) {
          refuseEntry(room, (RoomKey) ref, member);
        }
      }
    }
  }

  @Override
  public void requireRoom(RoomId id) {
    Room room = existing(id);
    synchronized (room) {
      requireLive(room);
    }
  }

  @Override
  public void post(RoomRef ref, Member member, MessageText text, Instant time, Origin origin) {
    Room room = existing(ref);
    synchronized (room) {
      requireLive(room);
      requireMember(room, member);
      room.publish(
          new ChatPosted(ref, member.name(), text, room.members.size(), time, origin, room.next()),
          fanOut,
          history.keep());
    }
  }

  @Override
  public List<ChatLine> history(RoomId id, Member member, long before, int limit) {
    Room room = existing(id);
    synchronized (room) {
      requireLive(room);
      requireMember(room, member);
      return room.page(before, limit);
    }
  }

  /**
   * {@inheritDoc} For a room that ended while the member was in it, its events to its end, for the longest linger of
   * the sessions opened so far after the end; for a member kicked from it, its events to the kick.
   */
  @Override
  public RoomTail tail(RoomRef ref, ConnectionId member) {
    Room room = rooms.get(ref);
    if (room != null) {
      synchronized (room) {
        if (!room.gone) {
          EndedRooms.Kick kick = room.kicks.get(member);
          if (kick != null) {
            return new RoomTail(room.seq, List.copyOf(room.log), kick.joined()).upTo(kick.at());
          }
          if (!room.members.containsKey(member)) {
            throw new Refusal(Reason.NOT_MEMBER, "you are not in room " + describe(room.ref));
          }
          return new RoomTail(room.seq, List.copyOf(room.log), room.joinedAt.getOrDefault(member, 0L));
        }
      }
    }
    // an owned room is kept among the ended ones before it is marked gone
    return ended.tail(ref, member).orElseThrow(() -> noSuchRoom(ref));
  }

  @Override
  public void sessionsLinger(Duration linger) {
    this.linger = linger;
  }

  /** Ended rooms are kept once a session opened, not before: nobody could replay them. */
  @Override
  public void sessionOpened(String token, Member member, Duration window) {
    Duration known = linger;
    ended.lingerAtLeast(known.compareTo(window) > 0 ? known : window);
  }

  @Override
  public void forgetPassed() {
    ended.forgetPassed();
  }

  @Override
  public boolean exit(RoomKey key, Member member, Announcement farewell, Instant time, Origin origin) {
    Room room = existing(key);
    synchronized (room) {
      requireLive(room); // so the key stands for this room until its monitor is let go: nothing comes in between
      announce(key, member, farewell, time, origin);
      return exit(key, member, false, origin);
    }
  }

  @Override
  public void announce(RoomKey key, Member member, Announcement announcement, Instant time, Origin origin) {
    Room room = existing(key);
    synchronized (room) {
      requireLive(room);
      requireMember(room, member);
      fanOut.deliver(new Announced(key, member.name(), announcement, room.members.size(), time, origin));
    }
  }

  @Override
  public List<RoomSummary> rooms() {
    List<RoomSummary> summaries = new ArrayList<>();
    for (Room room : rooms.values()) {
      if (room.owned()) {
        synchronized (room) {
          if (!room.gone) {
            summaries.add(new RoomSummary((RoomId) room.ref, room.name, room.owner.name(), room.members.size()));
          }
        }
      }
    }
    summaries.sort(Comparator.comparingInt(summary -> summary.id().value()));
    return List.copyOf(summaries);
  }

  @Override
  public Census census() {
    int owned = 0;
    int open = 0;
    int memberships = 0;
    for (Room room : rooms.values()) {
      synchronized (room) {
        if (room.gone) {
          continue;
        }
        if (room.owned()) {
          owned++;
        } else {
          open++;
        }
        memberships += room.members.size();
      }
    }
    return new Census(owned, open, memberships);
  }

  /** How many ended rooms it still keeps events of, for sessions (tests). */
  int endedRooms() {
    return ended.size();
  }

  private Room existing(RoomRef ref) {
    Room room = rooms.get(ref);
    if (room == null) {
      throw noSuchRoom(ref);
    }
    return room;
  }

  private static void requireLive(Room room) {
    if (room.gone) {
      throw noSuchRoom(room.ref);
    }
  }

  private static void requireMember(Room room, Member member) {
    if (!room.members.containsKey(member.connection())) {
      throw new Refusal(Reason.NOT_MEMBER, "you are not in room " + describe(room.ref));
    }
  }

  /**
   * Ends an owned room with {@code deleted}, its last event, which its members' sessions may still catch up on for a
   * while, with the events kept before it.
   */
  private void endOwned(Room room, RoomDeleted deleted) {
    int keep = history.keep();
    if (keep > 0) {
      List<RoomEvent> events = new ArrayList<>(room.log);
      events.add(deleted);
      Map<ConnectionId, Long> joins = new HashMap<>();
      room.members.keySet().forEach(member -> joins.put(member, room.joinedAt.getOrDefault(member, 0L)));
      ended.keep(
          room.ref,
          deleted.seq(),
          events.subList(Math.max(0, events.size() - keep), events.size()),
          joins,
          room.kicks);
    }
    end(room);
    ownedRooms.decrementAndGet();
  }

  private void end(Room room) {
    room.gone = true;
    room.log.clear();
    room.lines.clear();
    room.bans.clear();
    room.kicks.clear();
    rooms.remove(room.ref, room);
  }

  private static Refusal noSuchRoom(RoomRef ref) {
    return ref instanceof RoomKey
        ? new Refusal(Reason.NOT_MEMBER, "you are not in room " + describe(ref))
        : new Refusal(Reason.NO_SUCH_ROOM, "there is no room " + describe(ref));
  }

  private static String describe(RoomRef ref) {
    return ref instanceof RoomKey key ? "\"" + key.value() + "\"" : ref.toString();
  }
}

