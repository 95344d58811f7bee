package dev.socketchat.domain;

import dev.socketchat.domain.RoomEvent.Announced;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry of a single node: rooms in memory, each guarded by its own lock, under which every change is applied
 * and published, so each room's events reach the fan-out in the order they happened. There is no global lock.
 */
public final class InMemoryRoomRegistry implements RoomRegistry {
  private final FanOut fanOut;
  private final AtomicInteger lastId = new AtomicInteger();
  private final Map<RoomRef, Room> rooms = new ConcurrentHashMap<>();

  /** One room's state; read and changed only while holding its monitor. */
  private static final class Room {
    final RoomRef ref;
    final RoomName name;
    final Member owner;
    final Map<ConnectionId, Member> members = new LinkedHashMap<>();
    final Set<String> names = new HashSet<>(); // the members' name keys (Nickname.key)
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
      if (members.remove(member.connection()) != null && owned()) {
        names.remove(member.name().key());
      }
    }

    RoomView view() {
      return new RoomView(
          (RoomId) ref, name, owner.name(), members.values().stream().map(Member::name).toList());
    }
  }

  public InMemoryRoomRegistry(FanOut fanOut) {
    this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
  }

  @Override
  public RoomId allocate() {
    return new RoomId(lastId.incrementAndGet());
  }

  @Override
  public void create(RoomId id, RoomName name, Member owner, Origin origin) {
    Room room = new Room(id, name, owner);
    synchronized (room) {
      if (rooms.putIfAbsent(id, room) != null) {
        throw new IllegalStateException("room " + id + " was allocated twice");
      }
      room.add(owner);
      fanOut.deliver(new RoomCreated(id, name, owner.name(), origin));
    }
  }

  @Override
  public void join(RoomId id, Member member, Origin origin) {
    Room room = existing(id);
    synchronized (room) {
      requireLive(room);
      if (room.members.containsKey(member.connection())) {
        throw new Refusal(Reason.ALREADY_MEMBER, "you are already in room " + id);
      }
      if (room.names.contains(member.name().key())) {
        throw new Refusal(Reason.NAME_TAKEN, "the nickname \"" + member.name() + "\" is already in room " + id);
      }
      room.add(member);
      fanOut.deliver(new MemberJoined(id, member.name(), room.view(), origin));
    }
  }

  @Override
  public void enter(RoomKey key, Member member, Origin origin) {
    while (true) {
      Room room = rooms.computeIfAbsent(key, k -> new Room(k, null, null));
      synchronized (room) {
        if (room.gone) {
          continue; // emptied and removed meanwhile: take the fresh one
        }
        if (room.members.containsKey(member.connection())) {
          throw new Refusal(Reason.ALREADY_MEMBER, "you are already in room \"" + key + "\"");
        }
        room.add(member);
        fanOut.deliver(new MemberJoined(key, member.name(), null, origin));
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
        end(room);
        fanOut.deliver(new RoomDeleted((RoomId) ref, member.name(), true, dropped, origin));
        return true;
      }
      room.remove(member);
      fanOut.deliver(new MemberLeft(ref, member.name(), dropped, room.members.size(), origin));
      if (!room.owned() && room.members.isEmpty()) {
        end(room);
        return true;
      }
      return false;
    }
  }

  @Override
  public void delete(RoomId id, Member member, Origin origin) {
    Room room = existing(id);
    synchronized (room) {
      requireLive(room);
      if (!room.owner.connection().equals(member.connection())) {
        throw new Refusal(Reason.NOT_OWNER, "only the owner, " + room.owner.name() + ", may delete room " + id);
      }
      end(room);
      fanOut.deliver(new RoomDeleted(id, member.name(), false, false, origin));
    }
  }

  @Override
  public void post(RoomRef ref, Member member, MessageText text, Instant time, Origin origin) {
    Room room = existing(ref);
    synchronized (room) {
      requireLive(room);
      requireMember(room, member);
      fanOut.deliver(new ChatPosted(ref, member.name(), text, room.members.size(), time, origin));
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

  private void end(Room room) {
    room.gone = true;
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

