package dev.socketchat.socketio.chat;

import dev.socketchat.auth.TokenVerifier;
import dev.socketchat.auth.VerifiedToken;
import dev.socketchat.config.Settings;
import dev.socketchat.connection.LiveSessions;
import dev.socketchat.domain.Allowance;
import dev.socketchat.domain.Broadcast;
import dev.socketchat.domain.Connection;
import dev.socketchat.domain.Identity;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.domain.RoomManager;
import dev.socketchat.domain.SocketTakeover;
import dev.socketchat.socketio.EngineSessions;
import dev.socketchat.socketio.Namespace;
import dev.socketchat.socketio.PacketLog;
import dev.socketchat.socketio.SocketIoNamespaces;
import dev.socketchat.socketio.SocketIoSocket;
import dev.socketchat.socketio.SocketListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The chat on Socket.IO's default namespace {@code /}: a socket connects with {@code query.name} and {@code
 * query.room}, or is refused with {@code connect_error} saying which is wrong, and is in its room once it emits {@code
 * join_room}. With {@code socketchat.auth.mode} on, the CONNECT packet's {@code auth.token} (socket.io-client's {@code
 * auth: {token}}) signs the socket in: its name is the token's, whatever {@code query.name} says; a bad token, or none
 * in required mode, is a {@code connect_error} whose {@code data.reason} says why; a signed-in socket is disconnected
 * by the server when its token ends.
 */
@ApplicationScoped
public class ChatNamespace implements Namespace {
  /** The namespace the seed pages connect to. */
  public static final String NAME = "/";

  private static final System.Logger LOG = System.getLogger(ChatNamespace.class.getName());
  /** What goes to the registry for an offset the cluster never writes: no digits, which it refuses. */
  private static final String NO_OFFSET = "-";

  private final RoomManager rooms;
  private final ChatFrames frames;
  private final PacketLog log;
  private final boolean acrossNodes;
  private final TokenVerifier tokens;
  private final LiveSessions timers;

  /** For CDI's client proxy only. */
  protected ChatNamespace() {
    this.rooms = null;
    this.frames = null;
    this.log = null;
    this.acrossNodes = false;
    this.tokens = null;
    this.timers = null;
  }

  @Inject
  public ChatNamespace(RoomManager rooms, Settings settings, TokenVerifier tokens, LiveSessions timers) {
    this.rooms = Objects.requireNonNull(rooms, "rooms");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.acrossNodes = EngineSessions.recoversAcrossNodes(settings);
    this.log = EngineSessions.recovers(settings) && !acrossNodes ? new PacketLog(retention(settings)) : null;
    this.frames = new ChatFrames(NAME, settings.socketIo(), log, acrossNodes);
  }

  /**
   * How long broadcasts are kept for recovery: the window, plus the longest a dead connection can go unnoticed (a
   * ping interval and its timeout), over which packets sent to it were lost on the way.
   */
  static Duration retention(Settings settings) {
    return settings.sessions().resumeWindow()
        .plus(settings.socketIo().pingInterval())
        .plus(settings.socketIo().pingTimeout());
  }

  @Override
  public PacketLog log() {
    return log;
  }

  @Override
  public boolean recoversAcrossNodes() {
    return acrossNodes;
  }

  /**
   * Takes the socket over through the cluster: its seats move to a new connection of this node, and the chat and
   * notices of its rooms it missed are rendered as they went out live, each with its offset. With auth on, the
   * recovering CONNECT's token is answered first as on any connect (refused when missing in required mode, bad or
   * expired), and must be for the socket's user and name, else the client starts afresh; without a token, a signed-in
   * user's socket is refused {@code USER_MISMATCH}, as {@code /chat} refuses such a resume.
   */
  @Override
  public Recovered recover(SocketIoSocket socket, String offset) {
    if (!acrossNodes) {
      return null;
    }
    VerifiedToken token = signIn(socket.auth().get("token")); // a refusal leaves the socket where it is
    Connection connection = rooms.connect(new SocketIoRecipient(socket, frames), ChatSocket.allowanceOf(socket, rooms));
    Identity identity = token == null ? null : token.identity();
    if (identity != null) {
      rooms.identify(connection, identity); // a fresh connection is in no room: never refused
    }
    // the registry counts events, the client packets: it got all of those up to one event, and maybe an entry
    // notice's first packet after them; an offset the cluster never writes goes as one of no digits, for the registry
    // to refuse (the socket it named ends, as for any offset the cluster did not give)
    ClusterOffset back = ClusterOffset.read(offset);
    String through = offset == null ? null : back == null ? NO_OFFSET : Long.toString(back.through());
    SocketTakeover taken;
    try {
      // only the socket's own user takes it over, under its name (the registry compares both): another starts afresh
      taken = rooms.recoverSocket(connection, socket.privateId(), through);
    } catch (Refusal refused) {
      rooms.disconnect(connection);
      if (identity == null && refused.reason() == Reason.USER_MISMATCH) {
        throw signInToRecover(); // a guest's CONNECT for a signed-in user's socket
      }
      if (refused.reason() == Reason.UNAVAILABLE) {
        throw refused; // Redis out of reach: nothing changed, the socket waits where it is for the client to ask again
      }
      return null;
    } catch (RuntimeException failed) {
      rooms.disconnect(connection); // whatever moved to it leaves, as a drop would
      throw failed;
    }
    List<PacketLog.Entry> missed = new ArrayList<>();
    boolean cutFound = false;
    for (SocketTakeover.Missed event : taken.missed()) {
      boolean own = event.event().origin().connection().equals(taken.from());
      PacketLog.Entry frame = new Broadcast(event.event(), event.position()).frame(frames);
      if (frame != null && !(own && ChatFrames.skipsOrigin(event.event()))) {
        if (back != null && event.position() == back.cut() && frame.packets().size() > 1) {
          cutFound = true;
          frame = frame.after(back.packet()); // the client has its first packet
        }
        missed.add(frame);
      }
    }
    if (back != null && back.cut() > 0 && !cutFound) {
      rooms.disconnect(connection); // an offset between packets of no entry notice of its room: none the cluster gave
      return null;
    }
    RoomKey room = taken.rooms().isEmpty() ? null : taken.rooms().get(0);
    if (room == null) {
      try {
        room = read("room", socket.handshake().query("room"), RoomKey::new); // in no room: its handshake's, as ever
      } catch (Refusal refused) {
        rooms.disconnect(connection);
        return null;
      }
    }
    if (identity != null && !identity.name().equals(taken.name())) {
      rooms.disconnect(connection); // its user, under another name now: it starts afresh, its seats left as a drop
      return null;
    }
    ChatSocket chat = new ChatSocket(rooms, frames, socket, taken.name(), room, connection, identity);
    if (token != null) {
      chat.endsAt(tokens.endOf(token), timers::schedule);
    }
    return new Recovered(chat, missed);
  }

  /**
   * With auth on, a socket of this node is recovered as on another node: the CONNECT's token is answered first as on
   * any connect (a refusal leaves the socket waiting for a retry), a signed-in user's socket only by a token of its
   * user and name (another's starts afresh under its own token, as when the user of a shared browser changed; none is
   * refused {@code USER_MISMATCH}, as {@code /chat} refuses such a resume), a guest's without a token. The pid alone
   * proves no sign-in: it may have been read off a log or a shared machine.
   */
  @Override
  public boolean mayRecover(SocketListener taken, JsonObject auth) {
    if (!tokens.enabled()) {
      return true;
    }
    VerifiedToken token = signIn(auth.get("token"));
    if (!(taken instanceof ChatSocket chat)) {
      return true; // being admitted right now: it cannot be recovered, and its client starts afresh
    }
    if (token == null) {
      if (chat.signedIn()) {
        throw signInToRecover();
      }
      return true;
    }
    return chat.belongsTo(token.identity());
  }

  /** A socket recovered with a token of its user is signed in by that token from now on, and ends when it ends. */
  @Override
  public void recovered(SocketListener taken, JsonObject auth) {
    if (!(taken instanceof ChatSocket chat)) {
      return;
    }
    chat.recoveredHere();
    if (!tokens.enabled() || !chat.signedIn()) {
      return;
    }
    VerifiedToken token;
    try {
      token = signIn(auth.get("token"));
    } catch (Refusal lapsed) {
      chat.endsAt(Instant.now(), timers::schedule); // it ended since mayRecover checked it
      return;
    }
    if (token != null) {
      chat.signIn(token.identity(), tokens.endOf(token), timers::schedule);
    }
  }

  /** The refusal of a CONNECT without a token for a signed-in user's socket. */
  private static Refusal signInToRecover() {
    return new Refusal(
        Reason.USER_MISMATCH, "this socket is a signed-in user's: connect with its user's token to recover it");
  }

  /**
   * Serves the default namespace as soon as the application has started, and forgets its expired broadcasts every
   * second, whether or not the chat goes on.
   */
  void register(@Observes @Initialized(ApplicationScoped.class) Object started, SocketIoNamespaces namespaces) {
    namespaces.register(NAME, this);
    if (log != null) {
      timers.repeat(this::forgetExpired, PacketLog.SWEEP);
    }
  }

  private void forgetExpired() {
    try {
      log.forgetExpired();
    } catch (RuntimeException failed) { // keeps the repetitions going
      LOG.log(System.Logger.Level.WARNING, "forgetting expired Socket.IO broadcasts failed", failed);
    }
  }

  @Override
  public void refused(Refusal refusal) {
    rooms.refusedAtConnect(refusal.reason());
  }

  @Override
  public SocketListener connect(SocketIoSocket socket) {
    VerifiedToken token = signIn(socket.auth().get("token"));
    Identity identity = token == null ? null : token.identity();
    Nickname name =
        identity != null ? identity.name() : read("name", socket.handshake().query("name"), Nickname::new);
    RoomKey room = read("room", socket.handshake().query("room"), RoomKey::new);
    ChatSocket chat = new ChatSocket(rooms, frames, socket, name, room, null, identity);
    if (token != null) {
      chat.endsAt(tokens.endOf(token), timers::schedule);
    }
    return chat;
  }

  /** The token the CONNECT packet carries, checked; null for a guest (none given, or auth off). */
  private VerifiedToken signIn(JsonValue token) {
    if (!tokens.enabled()) {
      return null;
    }
    if (token == null || token == JsonValue.NULL) {
      if (tokens.required()) {
        throw new Refusal(Reason.AUTH_REQUIRED, "sign in: connect with auth: { token } (the site's token)");
      }
      return null;
    }
    if (!(token instanceof JsonString text)) {
      throw new Refusal(Reason.BAD_TOKEN, "auth.token must be the site's token as a string");
    }
    return tokens.verify(text.getString());
  }

  private static <T> T read(String field, String value, java.util.function.Function<String, T> parse) {
    if (value == null) {
      throw new Refusal(
          "name".equals(field) ? Reason.BAD_USER_NAME : Reason.BAD_ROOM_KEY,
          "the handshake query needs \"" + field + "\" (io(url, { query: { name, room } }))");
    }
    try {
      return parse.apply(value);
    } catch (Refusal refused) {
      throw new Refusal(refused.reason(), "query." + field + ": " + refused.detail());
    }
  }
}
