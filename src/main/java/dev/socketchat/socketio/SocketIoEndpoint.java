package dev.socketchat.socketio;

import dev.socketchat.connection.AddressSlots;
import dev.socketchat.connection.BinaryMessageParts;
import dev.socketchat.connection.CdiConfigurator;
import dev.socketchat.connection.ClientAddress;
import dev.socketchat.connection.ContainerCloses;
import dev.socketchat.connection.EndpointErrors;
import dev.socketchat.connection.LiveSessions;
import dev.socketchat.connection.Outbox;
import dev.socketchat.connection.TextMessageParts;
import dev.socketchat.metrics.CloseCause;
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
import java.util.Objects;

/**
 * {@code /socket.io/}: Engine.IO's WebSocket transport, one instance per connection, made by CDI. Without a
 * {@code sid} the WebSocket opens a session of its own; with one it probes the upgrade of that polling session.
 */
@Dependent
@ServerEndpoint(value = "/socket.io/", configurator = CdiConfigurator.class)
public class SocketIoEndpoint {
  private static final System.Logger LOG = System.getLogger(SocketIoEndpoint.class.getName());

  private final EngineSessions engine;
  private final LiveSessions live;
  private final AddressSlots slots;
  private TextMessageParts parts;
  private BinaryMessageParts binaryParts;
  private WebSocketTransport transport;
  private Outbox outbox;

  @Inject
  public SocketIoEndpoint(EngineSessions engine, LiveSessions live, AddressSlots slots) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.live = Objects.requireNonNull(live, "live");
    this.slots = Objects.requireNonNull(slots, "slots");
  }

  @OnOpen
  public void open(Session session) throws IOException {
    if (live.refuseWhileDraining(session)) {
      return;
    }
    Handshake handshake;
    try {
      handshake = Handshake.parse(session.getQueryString());
    } catch (IllegalArgumentException badQuery) {
      refuse(session, EngineError.BAD_REQUEST);
      return;
    }
    EngineError problem = EngineSessions.checkOpen(handshake, "websocket");
    if (problem != null) {
      refuse(session, problem);
      return;
    }
    String sid = handshake.query("sid");
    AddressSlots.Slot slot = sid == null ? slots.take(ClientAddress.of(session)) : AddressSlots.Slot.UNCOUNTED;
    if (slot == null) {
      AddressSlots.closeOverLimit(session);
      return;
    }
    int maxPayload = engine.settings().maxPayload();
    session.setMaxIdleTimeout(0); // Engine.IO's own heartbeat finds dead peers
    // the container's message buffers stay as they are: messages come in parts, and Tomcat would keep a buffer of
    // max-payload (2 MB for text) for each connection from its first message on
    try {
      parts = new TextMessageParts(maxPayload);
      binaryParts = new BinaryMessageParts(maxPayload);
      transport = new WebSocketTransport(engine);
      transport.holds(slot);
      // an outbox that gives up on a peer that seems gone is a drop; one that ends it for what it did is not
      outbox =
          live.openWithOwnHeartbeat(
              session,
              transport,
              () -> {
                transport.closedFor(outbox.cause());
                transport.dropped(outbox.peerLost());
              });
      if (sid == null) {
        engine.open(handshake, transport, slot);
      } else if (!engine.upgrade(sid, transport)) {
        outbox.terminate(
            CloseCause.PROTOCOL, CloseReason.CloseCodes.VIOLATED_POLICY, "unknown, closed or already upgraded session");
      }
    } catch (RuntimeException bug) {
      slot.release(); // the WebSocket closes for the failure (releasing twice releases once)
      failed(bug);
      if (outbox == null) {
        session.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error"));
      }
    }
  }

  /**
   * A part of a text message: taken in parts and joined here, since Undertow 2.3.23 (WildFly 39) buffers a whole
   * message before it checks its size; one over {@code max-payload} is closed with 1009 as its parts go over it.
   */
  @OnMessage
  public void onText(String part, boolean last) {
    if (transport == null || outbox.terminated()) {
      return; // refused at open, or closed by this side: its close is on the way
    }
    try {
      String whole = parts.add(part, last);
      if (whole != null) {
        transport.received(whole);
      } else if (parts.over()) {
        tooBig();
      }
    } catch (RuntimeException bug) {
      failed(bug);
    }
  }

  /**
   * A part of a binary message (an attachment), joined here as text is: Undertow 2.3.23, buffering a whole binary
   * message past a large limit, at times stopped reading the connection instead of closing it with 1009.
   */
  @OnMessage
  public void onBinary(byte[] part, boolean last) {
    if (transport == null || outbox.terminated()) {
      return; // refused at open, or closed by this side: its close is on the way
    }
    try {
      byte[] whole = binaryParts.add(part, last);
      if (whole != null) {
        transport.received(whole);
      } else if (binaryParts.over()) {
        tooBig();
      }
    } catch (RuntimeException bug) {
      failed(bug);
    }
  }

  /**
   * A pong: Engine.IO keeps its own heartbeat, but where the container completes sends early (Payara) the outbox pings
   * to learn how far the reader got, and browsers answer WebSocket pings by themselves.
   */
  @OnMessage
  public void onPong(PongMessage pong) {
    if (outbox != null) {
      outbox.ponged(pong.getApplicationData());
    }
  }

  @OnClose
  public void close(Session session, CloseReason reported) {
    if (transport != null) {
      transport.letSlotGo();
    }
    if (outbox != null) {
      live.closed(outbox);
      CloseReason reason = ContainerCloses.asSent(reported); // WildFly reports its own 1007 and 1002 as 1006
      if (ContainerCloses.forAFrame(reason) && !outbox.peerLost()) {
        transport.brokeProtocol(reason.getCloseCode().getCode());
        return;
      }
      transport.closedFor(outbox.closeCause(reason)); // this side's reason, not the client's close it then got
      // without a close frame from the client: 1006, or Tyrus's 1001 "Going away." for a connection its transport
      // closed under it (a send to a peer that had reset it failed while the reads waited behind a request for Redis)
      boolean abnormal = ContainerCloses.withoutCloseFrame(reason);
      if (outbox.wentAwayAfterLoss(reason)) {
        transport.leftAfterLoss(); // a page that went away as a send to it failed (Undertow fails them at once)
      } else if (outbox.peerLost() || (abnormal && !outbox.terminated())) {
        transport.dropped(true);
      } else if (outbox.terminated() || ContainerCloses.goingAway(reason)) {
        transport.dropped(false); // a close this side began, or a page that went away (navigated, its tab closed)
      } else {
        transport.closedByItsClient(); // recovered, as on Socket.IO's server
      }
    }
  }

  /**
   * A failure the container reports. What a peer can cause at will (I/O, a broken frame, a message over {@code
   * max-payload}, which Tyrus reports here as well as closing with 1009) is only noted, at DEBUG: the container closes
   * the connection itself. Anything else is a fault of the server's own that escaped a handler (the container reports
   * here what {@link #close} throws): logged at WARNING, and the connection is closed with 1011.
   */
  @OnError
  public void error(Session session, Throwable failure) {
    if (outbox != null) {
      outbox.failed(failure); // a reset, which Undertow may then report as a goodbye
    }
    if (EndpointErrors.log(LOG, "a Socket.IO WebSocket", failure)) {
      closeUnexpectedly();
    }
  }

  /**
   * Closes with 1009 once the answers to the packets before the message have gone out (as {@code /chat} does), the
   * session ending now ({@link WebSocketTransport#refuseFrame}); the parts that still come meanwhile are not read
   * ({@link Outbox#terminated}).
   */
  private void tooBig() {
    transport.refuseFrame(new CloseReason(CloseReason.CloseCodes.TOO_BIG, WebSocketTransport.TOO_BIG));
  }

  /** An exception with no specific handling: logged once, and the connection is closed with 1011. */
  private void failed(RuntimeException bug) {
    LOG.log(System.Logger.Level.WARNING, "unexpected failure on a Socket.IO WebSocket", bug);
    closeUnexpectedly();
  }

  private void closeUnexpectedly() {
    if (outbox != null) {
      outbox.terminate(CloseCause.ERROR, CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error");
    }
  }

  private static void refuse(Session session, EngineError error) throws IOException {
    session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, error.message()));
  }
}
