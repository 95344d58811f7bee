package dev.socketchat.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/** One client connection as the engine knows it: where its deliveries go, the name it speaks as, its rooms. */
public final class Connection {
  private static final VarHandle PLACES;
  private static final VarHandle NAME;
  private static final VarHandle OPEN;
  private static final VarHandle COUNTED;
  private static final VarHandle LOST;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PLACES = lookup.findVarHandle(Connection.class, "places", Places.class);
      NAME = lookup.findVarHandle(Connection.class, "name", Nickname.class);
      OPEN = lookup.findVarHandle(Connection.class, "open", boolean.class);
      COUNTED = lookup.findVarHandle(Connection.class, "counted", long.class);
      LOST = lookup.findVarHandle(Connection.class, "lost", LostRooms.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ConnectionId id;
  // the transport it is served by; a suspended session's stand-in, or a resumed one's while it catches up
  private volatile Recipient recipient;
  // the token its client resumes it with; null until it first creates or joins an owned room with sessions on
  private volatile String session;
  // the connections its session had before this one (taken over from another node): their replies are its own
  private volatile Set<ConnectionId> former = Set.of();
  // the rooms its session lost whose end may not have reached its client (see LostRooms); changed through LOST
  private volatile LostRooms lost = LostRooms.NONE;
  // this and the other fields changed through a VarHandle would each cost an atomic object more (16 to 24 bytes)
  private volatile Nickname name;
  // who its token says it is; null for a guest
  private volatile Identity identity;
  // where it is, replaced whole on every change (see change)
  private volatile Places places = Places.NOWHERE;
  private volatile boolean open = true;
  private volatile boolean movedAway;
  // its transport's flood limits, shared with the other engine connections that transport opens
  private final Allowance allowance;
  // how many requests were counted against the limits, let through or refused
  private volatile long counted;

  Connection(ConnectionId id, Recipient recipient, FloodLimits limits) {
    this(id, recipient, new Allowance(limits));
  }

  Connection(ConnectionId id, Recipient recipient, Allowance allowance) {
    this.id = Objects.requireNonNull(id, "id");
    this.recipient = Objects.requireNonNull(recipient, "recipient");
    this.allowance = Objects.requireNonNull(allowance, "allowance");
  }

  /** What a request costs: a chat message, or any other request. */
  enum Cost {
    MESSAGE,
    REQUEST
  }

  /**
   * Lets a request through if the connection's transport is within its limits ({@link Allowance#admit}).
   *
   * @throws Refusal {@link Reason#RATE_LIMITED} when it asks faster than its limits allow
   */
  void admit(Cost cost) {
    COUNTED.getAndAdd(this, 1L);
    allowance.admit(cost);
  }

  /** How many requests were counted against the limits so far; tells whether a refused one was counted. */
  public long counted() {
    return counted;
  }

  /** Its transport's flood limits, for the transport's other connections to share. */
  public Allowance allowance() {
    return allowance;
  }

  /** Whether the connection went on asking after so many refusals for flooding in a row that it should be closed. */
  public boolean flooding() {
    return allowance.flooding();
  }

  public ConnectionId id() {
    return id;
  }

  /** The name this connection speaks as, or null before its first accepted request. */
  public Nickname name() {
    return name;
  }

  /**
   * The rooms a connection is in, as one immutable value that every change replaces whole with one compare-and-set, so
   * that concurrent changes (its own requests, and events from other members' requests) each see and leave all its
   * sets consistent. They hold no room or one for almost every connection: an empty set costs nothing and one of one
   * room 16 bytes, where a concurrent set costs about 90 bytes empty and 200 with one room.
   *
   * @param seats rooms it has a seat in on this node: in, being admitted to, or left with the exit still on its way
   * @param leaving rooms whose exit the registry accepted while the seat waits for that exit to reach this node
   * @param owned the owned rooms this connection created that have not ended for it
   * @param kickedFrom rooms it was kicked from (and is banned from while they exist)
   * @param lostInMove while a session's move to this connection is on its way, the rooms it lost a seat in meanwhile
   *     (a kick, the room's end): the move's answer must not put it back in them; null when no move is on its way
   */
  private record Places(
      Set<RoomRef> seats, Set<RoomRef> leaving, Set<RoomRef> owned, Set<RoomRef> kickedFrom, Set<RoomRef> lostInMove) {
    static final Places NOWHERE = new Places(Set.of(), Set.of(), Set.of(), Set.of(), null);

    Places entering(RoomRef room) {
      return new Places(with(seats, room), without(leaving, room), owned, kickedFrom, lostInMove);
    }

    Places leavingFor(RoomRef room) {
      return seats.contains(room) ? new Places(seats, with(leaving, room), owned, kickedFrom, lostInMove) : this;
    }

    Places leftFrom(RoomRef room) {
      return new Places(
          without(seats, room), without(leaving, room), without(owned, room), kickedFrom, lost(room));
    }

    Places kickedOutOf(RoomRef room) {
      return new Places(
          without(seats, room), without(leaving, room), without(owned, room), with(kickedFrom, room), lost(room));
    }

    Places owning(RoomRef room) {
      return new Places(seats, leaving, with(owned, room), kickedFrom, lostInMove);
    }

    Places moving(boolean onItsWay) {
      return new Places(seats, leaving, owned, kickedFrom, onItsWay ? Set.of() : null);
    }

    /** Whether the connection lost its seat in the room while a move was on its way, or was ever kicked from it. */
    boolean lostInMove(RoomRef room) {
      return kickedFrom.contains(room) || (lostInMove != null && lostInMove.contains(room));
    }

    private Set<RoomRef> lost(RoomRef room) {
      return lostInMove == null ? null : with(lostInMove, room);
    }
  }

  /** The rooms this connection is in or is being admitted to, as a snapshot; not those it has already left. */
  public Set<RoomRef> rooms() {
    Places now = places;
    if (now.leaving().isEmpty()) {
      return now.seats();
    }
    Set<RoomRef> in = new HashSet<>(now.seats());
    in.removeAll(now.leaving());
    return Set.copyOf(in);
  }

  /** Every room this connection still has a seat in, including those it has left whose exit is still on its way. */
  Set<RoomRef> seats() {
    return places.seats();
  }

  public boolean isOpen() {
    return open;
  }

  Recipient recipient() {
    return recipient;
  }

  /** Serves the connection through another recipient from now on (a suspension, a resume). */
  void serveBy(Recipient next) {
    recipient = Objects.requireNonNull(next, "next");
  }

  /** Whether the given transport serves this connection: it alone may end or suspend it. */
  boolean servedBy(Recipient transport) {
    Recipient current = recipient;
    return current == transport || (current instanceof Catchup catchup && catchup.transport() == transport);
  }

  /**
   * Whether the connection is suspended because the given transport was lost: the client's goodbye that its transport
   * reports after the loss still counts.
   */
  boolean suspendedFrom(Recipient transport) {
    return recipient instanceof Suspension suspension && suspension.standsInFor(transport);
  }

  /** The token the client resumes this connection's session with; null while it has none. */
  public String session() {
    return session;
  }

  void session(String token) {
    session = token;
  }

  /** The rooms its session lost while its client was away, kept after their replay for another resume. */
  LostRooms lostRooms() {
    return lost;
  }

  void lostRooms(LostRooms rooms) {
    lost = Objects.requireNonNull(rooms, "rooms");
  }

  /**
   * Replaces the rooms its session lost with {@code change} of them, lock-free: the fan-out notes a room's end here
   * while a resume or a suspension may be changing them on another thread.
   */
  void changeLostRooms(UnaryOperator<LostRooms> change) {
    while (true) {
      LostRooms before = lost;
      if (LOST.compareAndSet(this, before, Objects.requireNonNull(change.apply(before), "rooms"))) {
        return;
      }
    }
  }

  /** This connection and those its session had before it: whose events, replayed to its client, are its own. */
  Set<ConnectionId> sessionConnections() {
    Set<ConnectionId> all = new HashSet<>(former);
    all.add(id);
    return Set.copyOf(all);
  }

  /** Notes the connections its session had before it took the session over. */
  void formerly(Set<ConnectionId> connections) {
    former = Set.copyOf(connections);
  }

  /**
   * The member this connection is when it speaks as {@code requested}.
   *
   * @throws Refusal {@link Reason#USER_MISMATCH} when the connection already speaks under another name
   */
  Member as(Nickname requested) {
    Nickname bound = name;
    if (bound != null && !bound.equals(requested)) {
      throw new Refusal(
          Reason.USER_MISMATCH, "this connection speaks as \"" + bound + "\", not \"" + requested + "\"");
    }
    Identity who = identity;
    return new Member(id, requested, who == null ? null : who.subject());
  }

  /** Who the connection's token says it is, or null for a guest. */
  public Identity identity() {
    return identity;
  }

  /** Takes the identity a token proved, and its name with it. */
  void identify(Identity proven) {
    identity = Objects.requireNonNull(proven, "proven");
    name = proven.name();
  }

  /** Binds the name after the first accepted request; later requests must use the same one. */
  void bind(Nickname accepted) {
    NAME.compareAndSet(this, (Nickname) null, accepted);
  }

  /** Speaks as another name from now on; only while in no room, where the old name is nobody's business. */
  void rename(Nickname chosen) {
    name = chosen;
  }

  /**
   * Whether the connection has no seat in any room: it is in the lobby. A room it has left counts until its own exit
   * has reached it, so it hears of new rooms only after that.
   */
  boolean inNoRoom() {
    return places.seats().isEmpty();
  }

  void enter(RoomRef room) {
    change(now -> now.entering(room));
  }

  /**
   * Notes that a session's move to this connection is on its way: rooms it loses a seat in until {@link #moved()} are
   * remembered, so that the move's answer, which may arrive after the relay delivered the move and a kick or the room's
   * end, does not put it back in them.
   */
  void moving() {
    change(now -> now.moving(true));
  }

  /** The session's move arrived (or failed): rooms lost meanwhile are no longer remembered. */
  void moved() {
    change(now -> now.moving(false));
  }

  /** Enters a room handed over by a session's move, unless it was kicked from it or lost it while the move came. */
  void enterUnlessLost(RoomRef room) {
    change(now -> now.lostInMove(room) ? now : now.entering(room));
  }

  /** Owns a room handed over by a session's move, unless it lost it while the move was on its way. */
  void ownUnlessLost(RoomRef room) {
    change(now -> now.lostInMove(room) ? now : now.owning(room));
  }

  /** Notes that the registry accepted this connection's exit from the room; its seat goes when the exit arrives. */
  void leaving(RoomRef room) {
    change(now -> now.leavingFor(room));
  }

  void leave(RoomRef room) {
    change(now -> now.leftFrom(room));
  }

  /** Takes the connection out of a room it was kicked from, noting the kick. */
  void kicked(RoomRef room) {
    change(now -> now.kickedOutOf(room));
  }

  /** Whether the connection was kicked from the room. */
  boolean wasKickedFrom(RoomRef room) {
    return places.kickedFrom().contains(room);
  }

  /** Notes a room this connection created and owns. */
  void own(RoomId room) {
    change(now -> now.owning(room));
  }

  /** How many owned rooms this connection holds, not counting those it has left. */
  int ownedRooms() {
    Places now = places;
    int count = 0;
    for (RoomRef room : now.owned()) {
      if (!now.leaving().contains(room)) {
        count++;
      }
    }
    return count;
  }

  /** Whether it owns the room and has not left it (leaving would end it). */
  boolean owns(RoomRef room) {
    Places now = places;
    return now.owned().contains(room) && !now.leaving().contains(room);
  }

  boolean isIn(RoomRef room) {
    return places.seats().contains(room);
  }

  /** Marks the connection closed; true only for the first call. */
  boolean close() {
    return OPEN.compareAndSet(this, true, false);
  }

  /** Marks the connection closed because its session moved to another node's connection; true only for the first. */
  boolean closeForMove() {
    if (!close()) {
      return false;
    }
    movedAway = true;
    return true;
  }

  /** Whether it was closed because its session moved to another node's connection (a resume there). */
  boolean movedAway() {
    return movedAway;
  }

  /** Replaces where the connection is with {@code change} of it, lock-free, all at once; a no-op writes nothing. */
  private void change(UnaryOperator<Places> change) {
    while (true) {
      Places before = places;
      Places after = change.apply(before);
      if (after.equals(before)) {
        return;
      }
      // a connection in no room at all keeps no value of its own
      if (PLACES.compareAndSet(this, before, after.equals(Places.NOWHERE) ? Places.NOWHERE : after)) {
        return;
      }
    }
  }

  private static Set<RoomRef> with(Set<RoomRef> set, RoomRef room) {
    if (set.contains(room)) {
      return set;
    }
    Set<RoomRef> changed = new HashSet<>(set);
    changed.add(room);
    return Set.copyOf(changed);
  }

  private static Set<RoomRef> without(Set<RoomRef> set, RoomRef room) {
    if (!set.contains(room)) {
      return set;
    }
    Set<RoomRef> changed = new HashSet<>(set);
    changed.remove(room);
    return Set.copyOf(changed);
  }
}
