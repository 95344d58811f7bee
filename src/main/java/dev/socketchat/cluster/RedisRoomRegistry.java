package dev.socketchat.cluster;

import dev.socketchat.domain.Announcement;
import dev.socketchat.domain.Census;
import dev.socketchat.domain.Identity;
import dev.socketchat.domain.KickOutcome;
import dev.socketchat.domain.ChatLine;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.FanOut;
import dev.socketchat.domain.HistoryLimits;
import dev.socketchat.domain.Member;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.domain.RoomName;
import dev.socketchat.domain.RoomRef;
import dev.socketchat.domain.RoomRegistry;
import dev.socketchat.domain.RoomSummary;
import dev.socketchat.domain.RoomTail;
import dev.socketchat.domain.SessionTakeover;
import dev.socketchat.domain.SocketTakeover;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The registry of a cluster node: Redis holds every room and membership, and each change is one Lua script that
 * checks the rules, applies the change and publishes its event, atomically; so the rules hold across nodes and every
 * node receives each room's events in the order they happened. The same scripts number each owned room's events and
 * keep its latest ones, so every node gives the same numbers, history and tails for suspended sessions. Nothing is
 * read, changed and written back from here.
 */
public final class RedisRoomRegistry implements RoomRegistry {
  private static final System.Logger LOG = System.getLogger(RedisRoomRegistry.class.getName());
  private static final String NEXT_ROOM = "socketchat:next-room";
  // a "before" above any event number a room reaches, passed as none (Lua writes numbers past 1e14 with an exponent)
  private static final long MAX_BEFORE = 1_000_000_000_000L;

  private final String node;
  private final RedisLink link;
  private final Journal journal;
  private final EventRelay relay;
  private final NodeKeeper keeper;
  private final HistoryLimits history;
  private final AtomicBoolean closed = new AtomicBoolean();
  // the linger of this node's sessions (sessionsLinger): every session opened, resumed or taken over here is journaled
  // with it (or its window, if longer), so that a resync after a data loss puts Redis's LINGER back as they need it
  private volatile Duration linger = Duration.ZERO;

  private RedisRoomRegistry(
      String node, RedisLink link, Journal journal, EventRelay relay, NodeKeeper keeper, HistoryLimits history) {
    this.node = node;
    this.history = history;
    this.link = link;
    this.journal = journal;
    this.relay = relay;
    this.keeper = keeper;
  }

  /** The factory the engine uses in cluster mode, with the default history limits. */
  public static RoomRegistry.Factory factory(ClusterSettings cluster) {
    return factory(cluster, HistoryLimits.defaults());
  }

  /** The factory the engine uses in cluster mode. */
  public static RoomRegistry.Factory factory(ClusterSettings cluster, HistoryLimits history) {
    return factory(cluster, history, null);
  }

  /** The factory the engine uses in cluster mode, its Redis commands' latencies recorded in {@code meters}. */
  public static RoomRegistry.Factory factory(ClusterSettings cluster, HistoryLimits history, MeterRegistry meters) {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(history, "history");
    if (!cluster.enabled()) {
      throw new IllegalArgumentException("cluster mode needs socketchat.redis.url");
    }
    return new RoomRegistry.Factory() {
      @Override
      public RoomRegistry open(FanOut fanOut) {
        return open(fanOut, UUID.randomUUID().toString().substring(0, 8));
      }

      @Override
      public RoomRegistry open(FanOut fanOut, String node) {
        return RedisRoomRegistry.open(cluster, fanOut, node, history, meters);
      }
    };
  }

  /**
   * Connects a node to the cluster: subscribes to the room events, registers the node and starts renewing it. When
   * Redis is out of reach the node still starts, refuses requests with {@code UNAVAILABLE} and keeps trying.
   */
  public static RedisRoomRegistry open(ClusterSettings cluster, FanOut fanOut, String node) {
    return open(cluster, fanOut, node, HistoryLimits.defaults());
  }

  /** Connects a node to the cluster, its owned rooms keeping and showing chat within the given limits. */
  public static RedisRoomRegistry open(ClusterSettings cluster, FanOut fanOut, String node, HistoryLimits history) {
    return open(cluster, fanOut, node, history, null);
  }

  /**
   * Connects a node to the cluster, its owned rooms keeping and showing chat within the given limits, the latencies of
   * its Redis commands recorded in {@code meters} (none when null).
   */
  public static RedisRoomRegistry open(
      ClusterSettings cluster, FanOut fanOut, String node, HistoryLimits history, MeterRegistry meters) {
    Objects.requireNonNull(fanOut, "fanOut");
    Objects.requireNonNull(history, "history");
    if (node.isBlank() || node.contains(":") || node.contains(" ")) {
      throw new IllegalArgumentException("a node id must be a word without ':', not \"" + node + "\"");
    }
    Journal journal = new Journal();
    EventRelay relay = new EventRelay(fanOut, journal, node);
    RedisLink link = new RedisLink(cluster.redis(), cluster.timeout(), relay::received, meters);
    relay.fetchThrough(link);
    NodeKeeper keeper = new NodeKeeper(link, journal, relay, node, cluster.liveness(), history.keep());
    RedisRoomRegistry registry = new RedisRoomRegistry(node, link, journal, relay, keeper, history);
    LOG.log(System.Logger.Level.INFO, "node {0} joins the cluster through Redis at {1}", node, link.address());
    keeper.start();
    return registry;
  }

  /** A subject as the scripts take it: '' for a guest. */
  private static String subject(String subject) {
    return subject == null ? "" : subject;
  }

  @Override
  public long outages() {
    return keeper.outages();
  }

  @Override
  public RoomId allocate() {
    RoomId id = new RoomId(Math.toIntExact(keeper.whileReady(() -> link.increment(NEXT_ROOM))));
    relay.allocated(id);
    return id;
  }

  @Override
  public void create(RoomId room, RoomName name, Member owner, Origin origin, int mostRooms) {
    admit(
        room,
        owner,
        () -> {
          run(
              Script.CREATE,
              room.toString(),
              name.value(),
              conn(owner),
              owner.name().value(),
              owner.name().key(),
              tag(origin),
              Integer.toString(history.keep()),
              subject(owner),
              Integer.toString(mostRooms));
          journal.admitted(room, owner, 1, name, owner.name(), owner.connection());
        });
  }

  @Override
  public void join(RoomId room, Member member, Origin origin) {
    admit(
        room,
        member,
        () -> {
          List<Object> reply =
              run(
                  Script.JOIN,
                  room.toString(),
                  conn(member),
                  member.name().value(),
                  member.name().key(),
                  tag(origin),
                  Integer.toString(history.size()),
                  subject(member));
          journal.admitted(
              room,
              member,
              Long.parseLong((String) reply.get(1)),
              null,
              new Nickname((String) reply.get(3)),
              new ConnectionId((String) reply.get(2)));
          journal.banned(room, banEntries(reply, 4));
        });
  }

  @Override
  public void enter(RoomKey room, Member member, Origin origin) {
    enter(room, member, origin, List.of());
  }

  @Override
  public void enter(RoomKey room, Member member, Announcement entry, Instant time, Origin origin) {
    enter(room, member, origin, announcement(entry, time));
  }

  /** An entry, the room told of it in the same step where {@code entry} holds the announce script's arguments. */
  private void enter(RoomKey room, Member member, Origin origin, List<String> entry) {
    List<String> args = new ArrayList<>(List.of(room.value(), conn(member), member.name().value(), tag(origin)));
    args.addAll(List.of(member.name().key(), subject(member)));
    args.addAll(entry);
    admit(
        room,
        member,
        () -> {
          List<Object> reply = run(Script.ENTER, args.toArray(String[]::new));
          journal.admitted(room, member, 0, null, null, null);
          journal.banned(room, banEntries(reply, 1));
        });
  }

  /** The room's ban entries a join's reply ends with, from {@code first} on, for the journal. */
  private static List<String> banEntries(List<Object> reply, int first) {
    return reply.subList(first, reply.size()).stream().map(String.class::cast).toList();
  }

  @Override
  public boolean exit(RoomRef room, Member member, boolean dropped, Origin origin) {
    return exit(room, member, dropped, origin, List.of());
  }

  @Override
  public boolean exit(RoomKey room, Member member, Announcement farewell, Instant time, Origin origin) {
    return exit(room, member, false, origin, announcement(farewell, time));
  }

  /** An exit, the room told first of {@code farewell} (the announce script's arguments) where it is not empty. */
  private boolean exit(RoomRef room, Member member, boolean dropped, Origin origin, List<String> farewell) {
    try {
      return keeper.whileReady(
          () -> {
            requireRestored(room, member);
            List<Object> reply;
            try {
              List<String> args = new ArrayList<>(List.of(kind(room), ref(room), conn(member)));
              args.addAll(List.of(member.name().value(), dropped ? "1" : "0", tag(origin)));
              args.addAll(farewell);
              reply = run(Script.EXIT, args.toArray(String[]::new));
            } catch (Refusal refused) {
              if (refused.reason() != Reason.UNAVAILABLE) {
                journal.forget(room, member.connection()); // Redis has no such membership
              }
              throw refused;
            }
            boolean ended = "ENDED".equals(reply.get(1));
            if (ended) {
              journal.forgetRoom(room);
            } else {
              journal.forget(room, member.connection());
            }
            return ended;
          });
    } catch (Refusal refused) {
      if (dropped && refused.reason() == Reason.UNAVAILABLE) {
        journal.dropped(room, member.connection()); // announced when Redis is back
      }
      throw refused;
    }
  }

  @Override
  public boolean delete(RoomId room, Member member, boolean moderator, Origin origin) {
    return keeper.whileReady(
        () -> {
          requireRestored(room, member);
          List<Object> reply =
              run(
                  Script.DELETE,
                  room.toString(),
                  conn(member),
                  member.name().value(),
                  tag(origin),
                  moderator ? "1" : "0");
          journal.forgetRoom(room);
          return "1".equals(reply.get(1));
        });
  }

  @Override
  public KickOutcome kick(RoomRef room, Member by, boolean moderator, Nickname target, String note, Origin origin) {
    List<Object> reply =
        keeper.whileReady(
            () -> {
              // a kicker whose seat Redis lost and has not got back would hear its kick twice: as a member, and as
              // one outside the room
              requireRestored(room, by);
              return run(
                  Script.KICK,
                  kind(room),
                  ref(room),
                  conn(by),
                  by.name().value(),
                  by.name().key(),
                  moderator ? "1" : "0",
                  target.key(),
                  note == null ? "" : note,
                  tag(origin));
            });
    return new KickOutcome(new Nickname((String) reply.get(3)), "1".equals(reply.get(2)));
  }

  @Override
  public void requireRoom(RoomId room) {
    keeper.whileReady(() -> run(Script.EXISTS, room.toString()));
  }

  @Override
  public void requireAdmission(RoomRef room, Member member) {
    keeper.whileReady(
        () ->
            run(
                Script.ADMITS,
                kind(room),
                ref(room),
                conn(member),
                member.name().value(),
                member.name().key(),
                subject(member)));
  }

  @Override
  public void post(RoomRef room, Member member, MessageText text, Instant time, Origin origin) {
    keeper.whileReady(
        () -> {
          requireRestored(room, member);
          return run(
              Script.POST,
              kind(room),
              ref(room),
              conn(member),
              member.name().value(),
              text.value(),
              time.toString(),
              tag(origin));
        });
  }

  @Override
  public void announce(RoomKey room, Member member, Announcement announcement, Instant time, Origin origin) {
    List<String> args = new ArrayList<>(List.of(room.value(), conn(member), member.name().value()));
    args.addAll(announcement(announcement, time));
    args.add(tag(origin));
    keeper.whileReady(() -> run(Script.ANNOUNCE, args.toArray(String[]::new)));
  }

  /** An announcement as the scripts take it: ENTRY|LEAVE|REMOVAL, subject, site count ('' for none), time. */
  private static List<String> announcement(Announcement announcement, Instant time) {
    return List.of(
        announcement.kind().name(),
        announcement.subject().value(),
        announcement.siteCount() == null ? "" : announcement.siteCount().toString(),
        time.toString());
  }

  @Override
  public List<ChatLine> history(RoomId room, Member member, long before, int limit) {
    List<Object> reply =
        keeper.whileReady(
            () ->
                run(
                    Script.HISTORY,
                    room.toString(),
                    conn(member),
                    before > MAX_BEFORE ? "" : Long.toString(before),
                    Integer.toString(limit)));
    List<ChatLine> lines = new ArrayList<>();
    for (int i = 1; i + 3 < reply.size(); i += 4) {
      lines.add(
          new ChatLine(
              Long.parseLong((String) reply.get(i)),
              new Nickname((String) reply.get(i + 1)),
              new MessageText((String) reply.get(i + 2)),
              Instant.parse((String) reply.get(i + 3))));
    }
    return List.copyOf(lines);
  }

  @Override
  public RoomTail tail(RoomRef room, ConnectionId member) {
    if (room instanceof RoomKey) {
      return new RoomTail(0, List.of()); // open rooms number nothing, so nothing of theirs can be replayed
    }
    requireInPlace(room, member);
    List<Object> reply = keeper.whileReady(() -> run(Script.TAIL, room.toString(), member.value()));
    return new RoomTail(
        Long.parseLong((String) reply.get(1)),
        events(reply, 3, reply.size() - 3),
        Long.parseLong((String) reply.get(2)));
  }

  @Override
  public void requireInPlace(RoomRef room, ConnectionId member) {
    if (journal.restoring(room, member)) {
      throw new Refusal(
          Reason.UNAVAILABLE,
          "the cluster is putting room " + room + " back after its store lost its data; try again shortly");
    }
  }

  @Override
  public void sessionOpened(String token, Member member, Duration window) {
    open(token, member, window, "");
  }

  @Override
  public void socketOpened(String token, Member member, Duration window) {
    open(token, member, window, "SOCKET");
  }

  /** Notes a new session in Redis ({@code session.lua OPEN}): a /chat one ('') or a Socket.IO socket's (SOCKET). */
  private void open(String token, Member member, Duration window, String kind) {
    Duration lingers = lingerOf(window);
    keeper.whileReady(
        () ->
            run(
                Script.SESSION,
                "OPEN",
                token,
                conn(member),
                member.name().value(),
                millis(window),
                kind,
                subject(member.subject()),
                millis(lingers)));
    journal.sessionHeld(
        member.connection(),
        new Journal.Held(token, member.name(), member.subject(), window, lingers, "SOCKET".equals(kind)));
  }

  @Override
  public void sessionsLinger(Duration linger) {
    this.linger = linger;
  }

  /** How long the rooms a session of {@code window} loses stay for it: the node's sessions' linger, at least that. */
  private Duration lingerOf(Duration window) {
    Duration known = linger;
    return known.compareTo(window) > 0 ? known : window;
  }

  @Override
  public void sessionSuspended(String token, ConnectionId connection, Duration window) {
    try {
      keeper.whileReady(
          () -> run(Script.SESSION, "SUSPEND", token, connection.value(), millis(window)));
    } catch (Refusal outOfReachOrTakenOver) {
      // the session stays where it is: its node still ends it when the window passes
    }
  }

  @Override
  public void sessionResumed(String token, Member member, Duration window) {
    try {
      keeper.whileReady(
          () ->
              run(
                  Script.SESSION,
                  "RESUME",
                  token,
                  conn(member),
                  member.name().value(),
                  millis(window),
                  "",
                  "",
                  millis(lingerOf(window))));
      // put back if Redis had lost it
      journal.sessionHeld(
          member.connection(),
          new Journal.Held(token, member.name(), member.subject(), window, lingerOf(window), false));
    } catch (Refusal refused) {
      if (refused.reason() != Reason.UNAVAILABLE) {
        throw refused; // another connection took it over
      }
      // Redis is out of reach: the node that holds the session resumes it; should another node have taken it over
      // meanwhile, that move reaches this node when Redis is back and closes this connection (1008)
    }
  }

  @Override
  public void sessionEnded(String token, ConnectionId connection) {
    journal.sessionGone(connection, token);
    try {
      keeper.whileReady(() -> run(Script.SESSION, "END", token, connection.value(), "", ""));
    } catch (Refusal outOfReachOrTakenOver) {
      if (outOfReachOrTakenOver.reason() == Reason.UNAVAILABLE) {
        journal.sessionEndUnreached(connection, token); // the resync ends it in Redis once it is back
      }
      // else taken over by another connection: the node that holds it ends it
    }
  }

  @Override
  public void endSession(String token, ConnectionId connection) {
    try {
      keeper.whileReady(() -> run(Script.SESSION, "END", token, connection.value(), "", ""));
    } catch (Refusal refused) {
      if (refused.reason() == Reason.UNAVAILABLE) {
        throw refused; // a session Redis still holds could be taken over once it is back
      }
      // taken over by a resume elsewhere that came first: the request that would end it is not carried out, and the
      // move on its way closes this connection
      throw new Refusal(Reason.SESSION_EXPIRED, "the session was resumed on another connection meanwhile");
    }
    journal.sessionGone(connection, token);
  }

  @Override
  public Optional<SessionTakeover> takeOver(String token, ConnectionId connection) {
    return takeOver(token, connection, null);
  }

  @Override
  public Optional<SessionTakeover> takeOver(String token, ConnectionId connection, Identity resumer) {
    String subject = resumer == null ? null : resumer.subject();
    String as = resumer == null ? "" : resumer.name().value();
    List<Object> reply =
        keeper.whileReady(() -> run(Script.TAKEOVER, token, connection.value(), "CHAT", "", subject(subject), as));
    ConnectionId from = new ConnectionId((String) reply.get(1));
    Nickname name = new Nickname((String) reply.get(2));
    Duration window = window(reply);
    journal.sessionHeld(connection, new Journal.Held(token, name, subject, window, lingerOf(window), false));
    Set<ConnectionId> earlier = new HashSet<>();
    for (String past : ((String) reply.get(3)).split(" ", -1)) {
      if (!past.isEmpty()) {
        earlier.add(new ConnectionId(past));
      }
    }
    Map<RoomId, RoomTail> tails = new HashMap<>();
    Set<RoomId> owned = new HashSet<>();
    int i = 5;
    while (i < reply.size() && !"ENDED".equals(reply.get(i))) {
      RoomId room = new RoomId(Integer.parseInt((String) reply.get(i)));
      long last = Long.parseLong((String) reply.get(i + 1));
      if (connection.value().equals(reply.get(i + 4))) {
        owned.add(room);
      }
      long joined = Long.parseLong((String) reply.get(i + 6));
      int count = Integer.parseInt((String) reply.get(i + 7));
      tails.put(room, new RoomTail(last, events(reply, i + 8, count), joined));
      i += 8 + count;
    }
    Map<RoomId, RoomTail> ended = new HashMap<>();
    for (i++; i < reply.size(); ) {
      RoomId room = new RoomId(Integer.parseInt((String) reply.get(i)));
      long last = Long.parseLong((String) reply.get(i + 1));
      long joined = Long.parseLong((String) reply.get(i + 2));
      int count = Integer.parseInt((String) reply.get(i + 3));
      ended.put(room, new RoomTail(last, events(reply, i + 4, count), joined));
      i += 4 + count;
    }
    return Optional.of(new SessionTakeover(from, name, tails, owned, ended, earlier));
  }

  @Override
  public Optional<SocketTakeover> takeOverSocket(String token, ConnectionId connection, String offset) {
    return takeOverSocket(token, connection, offset, null);
  }

  @Override
  public Optional<SocketTakeover> takeOverSocket(
      String token, ConnectionId connection, String offset, Identity resumer) {
    String subject = resumer == null ? null : resumer.subject();
    String as = resumer == null ? "" : resumer.name().value();
    List<Object> reply =
        keeper.whileReady(
            () ->
                run(
                    Script.TAKEOVER,
                    token,
                    connection.value(),
                    "SOCKET",
                    offset == null ? "" : offset,
                    subject(subject),
                    as));
    Duration window = window(reply);
    journal.sessionHeld(
        connection,
        new Journal.Held(token, new Nickname((String) reply.get(2)), subject, window, lingerOf(window), true));
    // past the earlier connections and the window, the owned rooms (a socket is in none, but its seats would have
    // moved too) and the ended ones
    int i = 5;
    while (!"ENDED".equals(reply.get(i))) {
      i += 8 + Integer.parseInt((String) reply.get(i + 7));
    }
    for (i++; !"OPEN".equals(reply.get(i)); ) {
      i += 4 + Integer.parseInt((String) reply.get(i + 3));
    }
    int count = Integer.parseInt((String) reply.get(i + 1));
    List<RoomKey> rooms = new ArrayList<>();
    for (Object key : reply.subList(i + 2, i + 2 + count)) {
      rooms.add(new RoomKey((String) key));
    }
    i += 2 + count;
    List<SocketTakeover.Missed> missed = new ArrayList<>();
    boolean gone = "GONE".equals(reply.get(i));
    if (!gone) {
      for (Object message : reply.subList(i + 2, reply.size())) {
        PublishedEvents.Published published = PublishedEvents.read((String) message);
        missed.add(new SocketTakeover.Missed(published.seq(), published.event()));
      }
    }
    return Optional.of(
        new SocketTakeover(
            new ConnectionId((String) reply.get(1)), new Nickname((String) reply.get(2)), rooms, missed, gone));
  }

  /** The resume window of a session taken over, as {@code takeover.lua} returns it. */
  private static Duration window(List<Object> reply) {
    return Duration.ofMillis(Long.parseLong((String) reply.get(4)));
  }

  /** The {@code count} events a script returned as their published JSON, from {@code first} on. */
  private static List<RoomEvent> events(List<Object> reply, int first, int count) {
    List<RoomEvent> events = new ArrayList<>(count);
    for (int e = first; e < first + count; e++) {
      events.add(PublishedEvents.read((String) reply.get(e)).event());
    }
    return events;
  }

  @Override
  public List<RoomSummary> rooms() {
    List<Object> reply = keeper.whileReady(() -> run(Script.LOBBY));
    List<RoomSummary> rooms = new ArrayList<>();
    for (int i = 1; i + 3 < reply.size(); i += 4) {
      rooms.add(
          new RoomSummary(
              new RoomId(Integer.parseInt((String) reply.get(i))),
              new RoomName((String) reply.get(i + 1)),
              new Nickname((String) reply.get(i + 2)),
              Integer.parseInt((String) reply.get(i + 3))));
    }
    return List.copyOf(rooms);
  }

  @Override
  public Census census() {
    List<Object> reply = keeper.whileReady(() -> run(Script.CENSUS));
    return new Census(
        Integer.parseInt((String) reply.get(1)),
        Integer.parseInt((String) reply.get(2)),
        Integer.parseInt((String) reply.get(3)));
  }

  /** Leaves the cluster: the node's remaining members are announced as drops, then the connections close. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      keeper.close();
      relay.close();
      link.close();
      LOG.log(System.Logger.Level.INFO, "node {0} disconnected from Redis", node);
    }
  }

  /** Stops at once without telling Redis, as a killed node would; the other nodes remove its members (for tests). */
  void halt() {
    if (closed.compareAndSet(false, true)) {
      keeper.halt();
      relay.close();
      link.close();
    }
  }

  /** Runs a request that puts a member into a room, with the membership noted before Redis may publish it. */
  private void admit(RoomRef room, Member member, Runnable request) {
    keeper.whileReady(
        () -> {
          journal.expect(room, member);
          try {
            request.run();
          } catch (RuntimeException refusedOrUnknown) {
            journal.forget(room, member.connection());
            throw refusedOrUnknown;
          }
          return null;
        });
  }

  /** A member whose room Redis lost waits until the room is back (or given up) before it may act in it. */
  private void requireRestored(RoomRef room, Member member) {
    if (journal.restoring(room, member.connection())) {
      throw RedisLink.unavailable();
    }
  }

  /**
   * Runs a script and returns its reply when it says {@code OK}.
   *
   * @throws Refusal with the reason code the script refused with
   */
  private List<Object> run(Script script, String... args) {
    List<Object> reply = link.run(script, args);
    String status = (String) reply.get(0);
    if ("OK".equals(status)) {
      return reply;
    }
    String detail = (String) reply.get(1);
    Reason reason;
    try {
      reason = Reason.valueOf(status);
    } catch (IllegalArgumentException notAReason) {
      throw new IllegalStateException(script + " failed: " + status + " " + detail);
    }
    throw new Refusal(reason, detail);
  }

  private static String millis(Duration duration) {
    return Long.toString(duration.toMillis());
  }

  private static String conn(Member member) {
    return member.connection().value();
  }

  private static String subject(Member member) {
    return member.subject() == null ? "" : member.subject();
  }

  private static String kind(RoomRef room) {
    return room instanceof RoomId ? "R" : "O";
  }

  private static String ref(RoomRef room) {
    return room instanceof RoomKey key ? key.value() : room.toString();
  }

  private static String tag(Origin origin) {
    return origin.tag() == null ? "" : origin.tag();
  }
}
