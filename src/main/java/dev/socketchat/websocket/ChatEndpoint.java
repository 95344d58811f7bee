package dev.socketchat.websocket;

import dev.socketchat.auth.TokenVerifier;
import dev.socketchat.config.Settings;
import dev.socketchat.connection.AddressSlots;
import dev.socketchat.connection.CdiConfigurator;
import dev.socketchat.connection.ClientAddress;
import dev.socketchat.connection.ContainerCloses;
import dev.socketchat.connection.EndpointErrors;
import dev.socketchat.connection.LiveSessions;
import dev.socketchat.connection.MessageSize;
import dev.socketchat.connection.Outbox;
import dev.socketchat.connection.TextMessageParts;
import dev.socketchat.domain.Allowance;
import dev.socketchat.domain.Connection;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomManager;
import dev.socketchat.logging.LogText;
import dev.socketchat.metrics.CloseCause;
import dev.socketchat.protocol.ClientMessage;
import dev.socketchat.protocol.ClientMessageReader;
import dev.socketchat.protocol.Dialect;
import dev.socketchat.protocol.ServerMessageEncoder;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The {@code /chat} endpoint: one instance per connection, made by CDI. It hands each frame, read into a {@link
 * ClientMessage}, to the connection's {@link ChatRequests}, closes oversized ones with 1009 as their parts arrive, and
 * closes with 1011 on a failure of its own.
 */
@Dependent
@ServerEndpoint(
    value = "/chat",
    encoders = ServerMessageEncoder.class,
    configurator = CdiConfigurator.class)
public class ChatEndpoint {
  private static final System.Logger LOG = System.getLogger(ChatEndpoint.class.getName());

  private final RoomManager rooms;
  private final LiveSessions sessions;
  private final AddressSlots slots;
  private final TokenVerifier tokens;
  private final Clock clock;
  private final TextMessageParts parts = new TextMessageParts(Settings.MAX_FRAME_BYTES);
  private final MessageSize binarySize = new MessageSize(Settings.MAX_FRAME_BYTES); // counted, never kept
  private AddressSlots.Slot slot;
  private Outbox outbox;
  private ChatRecipient recipient;
  private ChatRequests requests;
  // how the container reported the connection closed; null while it is open
  private volatile CloseReason closedWith;

  @Inject
  public ChatEndpoint(
      RoomManager rooms, LiveSessions sessions, AddressSlots slots, TokenVerifier tokens, Clock clock) {
    this.rooms = Objects.requireNonNull(rooms, "rooms");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.slots = Objects.requireNonNull(slots, "slots");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @OnOpen
  public void open(Session session) {
    if (sessions.refuseWhileDraining(session)) {
      return;
    }
    slot = slots.take(ClientAddress.of(session));
    if (slot == null) {
      AddressSlots.closeOverLimit(session);
      return;
    }
    try {
      session.setMaxIdleTimeout(0); // dead peers are found by the heartbeat, which counts pongs
      outbox = sessions.open(session, this::dropped);
      recipient = new ChatRecipient(outbox);
      Connection connection = rooms.connect(recipient, slot.inherit(Allowance.class, rooms::allowance));
      requests =
          new ChatRequests(
              rooms, connection, recipient, outbox, sessions.meters(), tokens, clock, sessions.scheduler(), slot);
      LOG.log(System.Logger.Level.DEBUG, "connection {0} opened", connection.id());
      signInWithAccessToken(session);
    } catch (RuntimeException bug) {
      failed(session, bug);
    }
  }

  /**
   * Signs the connection in with the handshake's {@code access_token}, when auth is on and it has one. A bad token
   * was answered 401 in front of the handshake ({@link AccessTokens}); one that gets here anyway (it expired in
   * between, or the container upgraded first) closes the connection with 1008 and the reason.
   */
  private void signInWithAccessToken(Session session) {
    List<String> given = session.getRequestParameterMap().get(AccessTokens.PARAMETER);
    if (!tokens.enabled() || given == null || given.isEmpty()) {
      return;
    }
    try {
      requests.signIn(tokens.verify(given.get(0)));
    } catch (Refusal refused) {
      rooms.refusedAtConnect(refused.reason());
      outbox.terminate(CloseCause.AUTH, CloseReason.CloseCodes.VIOLATED_POLICY, refused.reason().name());
    }
  }

  /**
   * A part of a text frame: taken in parts and joined here, since Undertow 2.3.23 (WildFly 39) buffers a whole message
   * before it checks its size; one over the limit is closed with 1009 as soon as its parts go over it.
   */
  @OnMessage(maxMessageSize = Settings.MAX_FRAME_BYTES)
  public void onText(String part, boolean last, Session session) {
    if (requests == null) {
      return; // refused or failed at open: its close is on the way
    }
    outbox.heard();
    String whole = parts.add(part, last);
    if (whole != null) {
      onMessage(ClientMessageReader.read(whole), session);
    } else if (parts.over()) {
      tooBig();
    }
  }

  private void onMessage(ClientMessage message, Session session) {
    handle(() -> requests.handle(message), session);
    if (!outbox.isOpen()) {
      // it closed while a resume swapped its connection: end the one it speaks for now, as its close said
      ended(closedWith);
    }
  }

  /** Closes with 1009 once the answers to the frames before the message have gone out; once, though parts go on. */
  private void tooBig() {
    if (outbox.finishing()) {
      return;
    }
    String limit = "frames are limited to " + Settings.MAX_FRAME_BYTES + " bytes";
    outbox.terminateAfterSending(CloseCause.PROTOCOL, CloseReason.CloseCodes.TOO_BIG, limit);
  }

  /**
   * A part of a binary message, which {@code /chat} refuses once it is whole: counted against the limit, never kept,
   * so that no container holds a buffer of the limit for the connection (Tomcat keeps one from a connection's first
   * binary message on when a handler takes them whole); one over the limit is closed with 1009.
   */
  @OnMessage(maxMessageSize = Settings.MAX_FRAME_BYTES)
  public void onBinary(ByteBuffer part, boolean last, Session session) {
    if (requests == null || outbox.terminated()) {
      return; // refused or failed at open, or closed by this side: its close is on the way
    }
    outbox.heard();
    if (!binarySize.add(part.remaining(), last)) {
      tooBig();
      return;
    }
    if (!last) {
      return;
    }
    handle(requests::binary, session);
  }

  /** Handles a frame read: what it causes is sent once it is done, its delivery latency measured from now. */
  private void handle(Runnable frame, Session session) {
    Outbox.sendingAfter(
        () -> {
          try {
            frame.run();
          } catch (RuntimeException bug) {
            failed(session, bug);
          }
        });
  }

  @OnMessage
  public void onPong(PongMessage pong) {
    if (outbox != null) {
      outbox.ponged(pong.getApplicationData());
    }
  }

  @OnClose
  public void close(Session session, CloseReason reported) {
    CloseReason reason = ContainerCloses.asSent(reported); // WildFly reports its own 1007 and 1002 as 1006
    closedWith = reason; // before the outbox counts as closed, for a resume that ends meanwhile (onMessage)
    if (slot != null) {
      slot.release();
    }
    if (outbox != null) {
      sessions.closed(outbox);
      sessions.meters().closed(outbox.closeCause(reason));
    }
    if (requests != null) {
      requests.closed();
    }
    ended(reason);
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "connection {0} closed: {1} {2}", // the phrase may be the client's own
          idOrNone(),
          Integer.toString(reason.getCloseCode().getCode()), // MessageFormat would write 4000 as 4,000
          LogText.quoted(reason.getReasonPhrase()));
    }
  }

  /**
   * A failure the container reports. What a peer can cause at will (I/O, a protocol violation, a frame over the limit,
   * which Tyrus reports here as well as closing with 1009) is only noted, at DEBUG: the container closes the
   * connection itself. Anything else is a fault of the server's own that escaped a handler (the container reports here
   * what {@link #close} or {@link #onText} throw): logged at WARNING, and the connection is closed with 1011.
   */
  @OnError
  public void error(Session session, Throwable failure) {
    if (outbox != null) {
      outbox.failed(failure); // a reset, which Undertow may then report as a goodbye
    }
    if (EndpointErrors.log(LOG, "connection " + idOrNone(), failure)) {
      closeUnexpectedly(session);
    }
  }

  /** An exception with no specific handling: logged once, and the connection is closed with 1011. */
  private void failed(Session session, RuntimeException bug) {
    LOG.log(System.Logger.Level.WARNING, "unexpected failure on connection " + idOrNone(), bug);
    closeUnexpectedly(session);
  }

  private void closeUnexpectedly(Session session) {
    CloseReason internalError = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error");
    if (outbox != null) {
      outbox.terminate(CloseCause.ERROR, internalError.getCloseCode(), internalError.getReasonPhrase());
    } else {
      try {
        session.close(internalError);
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "close after a failed open failed: {0}", e.toString());
      }
    }
  }

  private void dropped() {
    ended(null);
  }

  /**
   * Ends the connection's part in the engine. A README-dialect connection whose peer is gone without a close frame
   * (an abnormal closure, 1006, or the outbox giving up on a silent or unreachable peer), whose client closed it to
   * resume (4001), or that a draining node closed for its client to resume elsewhere, is suspended for a resume; any
   * other end (the client's close frame, a close for what the client did, a shutdown) leaves at once, a client's close
   * frame even when the container reports it after the outbox took the connection for lost (the engine ends the
   * session it suspended then).
   *
   * @param reason the close as the container reports it; null when the outbox ended the connection
   */
  private void ended(CloseReason reason) {
    if (requests == null) {
      return;
    }
    Connection connection = requests.connection();
    // the client comes back (4001), unless this side had closed it for what it did
    boolean toResume = ContainerCloses.toResume(reason) && (outbox.peerLost() || !outbox.terminated());
    if (outbox.peerLost() && outbox.closedByClient(reason) && !toResume) {
      rooms.closedAfterLoss(connection, recipient);
      return;
    }
    boolean abnormal = reason != null && ContainerCloses.withoutCloseFrame(reason);
    boolean lost = outbox.peerLost() || outbox.handedOver() || toResume || (abnormal && !outbox.terminated());
    if (lost && recipient.dialect() == Dialect.README) {
      rooms.lost(connection, recipient);
    } else {
      rooms.disconnect(connection, recipient);
    }
  }

  private Object idOrNone() {
    return requests == null ? "-" : requests.connection().id();
  }
}
