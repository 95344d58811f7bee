package dev.socketchat.socketio;

import dev.socketchat.connection.AddressSlots;
import dev.socketchat.connection.FrameRefusals;
import dev.socketchat.connection.Outbox;
import dev.socketchat.metrics.CloseCause;
import jakarta.websocket.CloseReason;
import java.util.List;
import java.util.Objects;

/**
 * One WebSocket carrying Engine.IO packets, each in its own frame, through the connection's {@link Outbox}. Until an
 * upgrade completes it is only a probe of a polling session and its packets go to the upgrade, not the session.
 */
final class WebSocketTransport implements Transport, FrameRefusals {
  /** The reason a session ends for when its WebSocket closed for a frame that broke the protocol (then its code). */
  static final String BROKE_PROTOCOL = "protocol error: the WebSocket broke the protocol (";
  /** The reason a session ends for when its client closed the WebSocket without leaving: recoverable. */
  static final String CLOSED_BY_CLIENT = "transport close: the client closed the WebSocket";
  /** The reason a session ends for when its client left (1001) or this side closed it for what the client did. */
  static final String LEFT = "transport close: the client left";
  /** The close reason of a WebSocket whose message went over {@code maxPayload} (1009). */
  static final String TOO_BIG = "message over maxPayload";
  private final EngineSessions engine;
  private Outbox outbox;
  private volatile EngineSession session;
  private volatile boolean probing;
  private volatile boolean lost;
  /** The client address's slot the WebSocket holds until it has closed; null when none. Guarded by this. */
  private AddressSlots.Slot slot;
  /** Whether the WebSocket has closed: a slot handed over later is let go at once. Guarded by this. */
  private boolean slotLetGo;

  WebSocketTransport(EngineSessions engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** The connection's outbox, as it is made: before the runner can refuse a frame of the WebSocket here. */
  @Override
  public void closeThrough(Outbox connection) {
    this.outbox = Objects.requireNonNull(connection, "connection");
  }

  /** Carries a new session from its first packet. */
  @Override
  public void bind(EngineSession owner) {
    this.session = owner;
  }

  /** Probes the upgrade of a polling session. */
  void probe(EngineSession owner) {
    this.probing = true;
    this.session = owner;
  }

  /** The upgrade completed: from now on this WebSocket is the session's transport, and holds its address's slot. */
  @Override
  public void activate() {
    probing = false;
    EngineSession owner = session;
    if (owner != null) {
      holds(engine.handOverSlot(owner));
    }
  }

  /** Holds the client address's slot until the WebSocket has closed ({@link #letSlotGo}). */
  synchronized void holds(AddressSlots.Slot taken) {
    if (taken == null) {
      return;
    }
    if (slotLetGo) {
      taken.release();
    } else {
      slot = taken;
    }
  }

  /** The WebSocket has closed: its slot, if it holds one, is free again (releasing twice releases once). */
  synchronized void letSlotGo() {
    slotLetGo = true;
    if (slot != null) {
      slot.release();
    }
  }

  @Override
  public String name() {
    return "websocket";
  }

  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public boolean streams() {
    return true;
  }

  @Override
  public boolean write(List<EnginePacket> packets) {
    for (EnginePacket packet : packets) {
      if (packet.isBinary()) {
        outbox.sendBinary(packet.bytes());
      } else {
        outbox.send(packet.wire());
      }
    }
    return true;
  }

  @Override
  public void close(EnginePacket last, String reason) {
    CloseReason.CloseCode code =
        reason.startsWith("parse error")
            ? CloseReason.CloseCodes.PROTOCOL_ERROR
            : reason.equals(SocketRecovery.RESTART)
                ? CloseReason.CloseCodes.SERVICE_RESTART
                : CloseReason.CloseCodes.NORMAL_CLOSURE;
    CloseCause cause = EngineCloses.cause(reason);
    if (outbox.finishing()) {
      return; // this side's close waits for what was sent before it (a 1009, a shutdown's): it stands, as it is
    }
    if (EngineCloses.sendsWhatWaits(cause)) {
      outbox.terminateAfterSending(cause, code, phrase(reason)); // what was sent before goes out first, as on /chat
    } else {
      outbox.terminate(cause, code, phrase(reason));
    }
  }

  /** A WebSocket is where upgrades end. */
  @Override
  public boolean upgradable() {
    return false;
  }

  @Override
  public void probed() {
    // only a polling transport is probed
  }

  @Override
  public void replaced() {
    // a session never moves away from its WebSocket
  }

  @Override
  public void closedByClient() {
    // the close frame that follows ends the WebSocket
  }

  /** A text frame from the peer. */
  void received(String text) {
    EngineSession owner = session;
    if (owner == null) {
      return;
    }
    if (probing) {
      EnginePacket packet;
      try {
        packet = EnginePacket.parse(text);
      } catch (ProtocolViolation violation) {
        owner.abandonProbe(this);
        return;
      }
      owner.probePacket(this, packet);
      return;
    }
    if (owner.closeIfExpired()) {
      return;
    }
    EnginePacket packet;
    try {
      packet = EnginePacket.parse(text);
    } catch (ProtocolViolation violation) {
      owner.close("parse error: " + violation.getMessage(), EnginePacket.CLOSE);
      return;
    }
    owner.receive(packet);
  }

  /**
   * A binary message from the peer. The endpoint closes one over {@code maxPayload} with 1009 as its parts pass it; the
   * check here only keeps that limit for any caller that hands over a whole message.
   */
  void received(byte[] bytes) {
    EngineSession owner = session;
    if (owner == null) {
      return;
    }
    if (probing) {
      owner.abandonProbe(this);
    } else if (bytes.length > engine.settings().maxPayload()) {
      refuseFrame(new CloseReason(CloseReason.CloseCodes.TOO_BIG, TOO_BIG));
    } else if (!owner.closeIfExpired()) {
      owner.receive(EnginePacket.binary(bytes));
    }
  }

  /**
   * Closes the WebSocket for a message refused for what it is (over {@code maxPayload}; on the runner also a frame its
   * guard refused: unmasked, or announcing too much): what the session held back for a moment goes to the outbox now,
   * the close after the answers before it, and the session ends at once for breaking the protocol, so that its ping
   * timeout cannot end it meanwhile as a loss its client could recover from.
   */
  @Override
  public void refuseFrame(CloseReason close) {
    EngineSession owner = session;
    if (owner != null && !probing) {
      owner.sendHeld();
    }
    outbox.refuseFrame(close); // what the session sends from now on is not queued: the close waits for what is
    brokeProtocol(close.getCloseCode().getCode());
  }

  /**
   * This side closed the WebSocket for {@code cause} (a reader that took too little, 1013; a message over {@code
   * maxPayload}, 1009; a fault of its own, 1011; the shutdown): the session's end counts as that, whichever way its
   * loss is then taken, unless it ended for something else first (a flooder that then stopped reading is still a
   * flooder). The client's doing or the network's is left for the session to tell; a probe's changes nothing: the
   * session goes on polling.
   */
  void closedFor(CloseCause cause) {
    EngineSession owner = session;
    if (owner != null && !probing && cause != null && cause != CloseCause.CLIENT && cause != CloseCause.NETWORK) {
      owner.endsForUnlessNoted(cause);
    }
  }

  /**
   * The WebSocket closed or its outbox gave up. Handled later on another thread: this may be called while a room's
   * events are being delivered, and closing a session leaves rooms.
   *
   * @param abnormally whether its peer seems gone (no close frame, 1006: a reset, a network that went away; or an
   *     outbox that gave up on a silent peer), which a socket can be recovered from; otherwise the client left (a page
   *     that went away, 1001) or this side closed it for what the client did, which ends it
   */
  void dropped(boolean abnormally) {
    if (abnormally) {
      lost = true; // an outbox that gives up on a silent peer is heard of before its own close is
    }
    ended(LEFT);
  }

  /**
   * The client went away (1001), but its close frame was reported after a send to it failed and the WebSocket was taken
   * for lost (Undertow answers a close frame at once and fails the sends queued behind it): it leaves as if its close
   * had come first, whichever of the two is handled first.
   */
  void leftAfterLoss() {
    EngineSession owner = session;
    if (owner == null) {
      return;
    }
    engine.defer(
        () -> {
          if (!probing && owner.carriedBy(this)) {
            owner.leftAfterLoss(LEFT);
          }
        });
  }

  /**
   * The client closed the WebSocket with a close frame other than 1001: Socket.IO's "transport close", which its
   * server recovers (socket.io-client's {@code engine.close()} and its own ping timeout close so, without a code).
   */
  void closedByItsClient() {
    ended(CLOSED_BY_CLIENT);
  }

  /**
   * The WebSocket closed for a frame the container (or this side) could not take, or its client closed it with such a
   * code ({@code code}: 1002, 1003, 1007, 1009): the session ends for breaking the protocol, and is not recovered.
   */
  void brokeProtocol(int code) {
    ended(BROKE_PROTOCOL + code + ")");
  }

  /** Ends the session this WebSocket carries for {@code reason}, or as lost when its peer seemed gone. */
  private void ended(String reason) {
    EngineSession owner = session;
    if (owner == null) {
      return;
    }
    engine.defer(
        () -> {
          if (probing) {
            owner.probeLost(this);
          } else if (owner.carriedBy(this)) {
            owner.close(lost ? "transport close" : reason, null);
          }
        });
  }

  /** A close phrase fits in 123 bytes of UTF-8: the reason's first whole characters that take at most 120. */
  static String phrase(String reason) {
    int bytes = 0;
    int end = 0;
    while (end < reason.length()) {
      int point = reason.codePointAt(end);
      bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4; // a lone surrogate: 3, at most
      if (bytes > 120) {
        break;
      }
      end += Character.charCount(point);
    }
    return reason.substring(0, end);
  }
}
