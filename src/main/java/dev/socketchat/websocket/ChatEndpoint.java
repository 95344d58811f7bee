package dev.socketchat.websocket;

import dev.socketchat.config.Settings;
import dev.socketchat.domain.Connection;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomManager;
import dev.socketchat.protocol.ChatReplies;
import dev.socketchat.protocol.ClientMessage;
import dev.socketchat.protocol.ClientMessage.CreateRoom;
import dev.socketchat.protocol.ClientMessage.DeleteRoom;
import dev.socketchat.protocol.ClientMessage.ExitRoom;
import dev.socketchat.protocol.ClientMessage.Invalid;
import dev.socketchat.protocol.ClientMessage.JoinRoom;
import dev.socketchat.protocol.ClientMessage.SendChat;
import dev.socketchat.protocol.ClientMessage.Unreadable;
import dev.socketchat.protocol.ClientMessageDecoder;
import dev.socketchat.protocol.ServerMessage;
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
import java.util.Objects;

/**
 * The {@code /chat} endpoint: one instance per connection, made by CDI. It turns each decoded request into a call on
 * the room engine and answers refusals; successful replies reach the client through the room events.
 */
@Dependent
@ServerEndpoint(
    value = "/chat",
    decoders = ClientMessageDecoder.class,
    encoders = ServerMessageEncoder.class,
    configurator = CdiConfigurator.class)
public class ChatEndpoint {
  private static final System.Logger LOG = System.getLogger(ChatEndpoint.class.getName());

  private final RoomManager rooms;
  private final LiveSessions sessions;
  private Outbox outbox;
  private Connection connection;

  @Inject
  public ChatEndpoint(RoomManager rooms, LiveSessions sessions) {
    this.rooms = Objects.requireNonNull(rooms, "rooms");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  @OnOpen
  public void open(Session session) {
    try {
      session.setMaxIdleTimeout(0); // dead peers are found by the heartbeat, which counts pongs
      outbox = sessions.open(session, this::dropped);
      connection = rooms.connect(new ChatRecipient(outbox));
      LOG.log(System.Logger.Level.DEBUG, "connection {0} opened", connection.id());
    } catch (RuntimeException bug) {
      failed(session, bug);
    }
  }

  @OnMessage(maxMessageSize = Settings.MAX_FRAME_BYTES)
  public void onMessage(ClientMessage message, Session session) {
    outbox.heard();
    if (message.kind() == ClientMessage.Kind.OVERSIZED) {
      // most containers close with 1009 before the frame gets here; Undertow 2.3.23 (WildFly 39) does not
      outbox.terminate(CloseReason.CloseCodes.TOO_BIG, "frames are limited to " + Settings.MAX_FRAME_BYTES + " bytes");
      return;
    }
    Outbox.sendingAfter(() -> {
      try {
        handle(message);
      } catch (Refusal refused) {
        reply(ChatReplies.failure(
            message.type(), message.roomId(), refused.reason(), refused.detail(), message.tag()));
      } catch (RuntimeException bug) {
        failed(session, bug);
      }
    });
  }

  @OnMessage(maxMessageSize = Settings.MAX_FRAME_BYTES)
  public void onBinary(ByteBuffer frame, Session session) {
    outbox.heard();
    try {
      reply(ChatReplies.error(Reason.BINARY_NOT_SUPPORTED, "send requests as JSON text frames", null));
    } catch (RuntimeException bug) {
      failed(session, bug);
    }
  }

  @OnMessage
  public void onPong(PongMessage pong) {
    outbox.heard();
  }

  @OnClose
  public void close(Session session, CloseReason reason) {
    if (outbox != null) {
      sessions.closed(outbox);
    }
    dropped();
    LOG.log(System.Logger.Level.DEBUG, "connection {0} closed: {1}", idOrNone(), reason);
  }

  /**
   * A failure the container reports: I/O, a protocol violation, a frame over the limit (Tyrus reports that here as well
   * as closing with 1009). The container closes the connection itself, so this only notes it; failures of this
   * class's own handlers are caught where they happen and closed with 1011 ({@link #failed}).
   */
  @OnError
  public void error(Session session, Throwable failure) {
    LOG.log(System.Logger.Level.DEBUG, "connection {0} failed: {1}", idOrNone(), failure.toString());
  }

  /** An exception with no specific handling: logged once, and the connection is closed with 1011. */
  private void failed(Session session, RuntimeException bug) {
    LOG.log(System.Logger.Level.WARNING, "unexpected failure on connection " + idOrNone(), bug);
    CloseReason internalError = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error");
    if (outbox != null) {
      outbox.terminate(internalError.getCloseCode(), internalError.getReasonPhrase());
    } else {
      try {
        session.close(internalError);
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "close after a failed open failed: {0}", e.toString());
      }
    }
  }

  private void handle(ClientMessage message) {
    switch (message.kind()) {
      case CREATE_ROOM -> {
        CreateRoom create = (CreateRoom) message;
        rooms.create(connection, create.userName(), create.roomName(), create.tag());
      }
      case DELETE_ROOM -> {
        DeleteRoom delete = (DeleteRoom) message;
        rooms.delete(connection, delete.userName(), delete.roomId(), delete.tag());
      }
      case JOIN_ROOM -> {
        JoinRoom join = (JoinRoom) message;
        rooms.join(connection, join.userName(), join.roomId(), join.tag());
      }
      case EXIT_ROOM -> {
        ExitRoom exit = (ExitRoom) message;
        rooms.exit(connection, exit.userName(), exit.roomId(), exit.tag());
      }
      case SEND_CHAT -> {
        SendChat chat = (SendChat) message;
        rooms.say(connection, chat.userName(), chat.roomId(), chat.message(), chat.tag());
      }
      case LIST_ROOMS -> reply(ChatReplies.roomList(rooms.rooms(), message.tag()));
      case INVALID -> {
        Invalid invalid = (Invalid) message;
        reply(ChatReplies.failure(
            invalid.type(), invalid.roomId(), invalid.reason(), invalid.detail(), invalid.tag()));
      }
      case OVERSIZED -> throw new IllegalStateException("oversized frames are closed before dispatch");
      case UNREADABLE -> {
        Unreadable unreadable = (Unreadable) message;
        reply(ChatReplies.error(unreadable.reason(), unreadable.detail(), unreadable.tag()));
      }
    }
  }

  private void reply(ServerMessage message) {
    outbox.send(ChatReplies.encode(message));
  }

  private void dropped() {
    if (connection != null) {
      rooms.disconnect(connection);
    }
  }

  private Object idOrNone() {
    return connection == null ? "-" : connection.id();
  }
}
