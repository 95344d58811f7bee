package dev.socketchat.websocket;

import dev.socketchat.connection.Outbox;
import dev.socketchat.domain.Broadcast;
import dev.socketchat.domain.LobbyNews;
import dev.socketchat.domain.Recipient;
import dev.socketchat.metrics.CloseCause;
import dev.socketchat.protocol.ChatReplies;
import dev.socketchat.protocol.Dialect;
import jakarta.websocket.CloseReason;
import java.util.Objects;

/** A {@code /chat} connection as a recipient of room events: renders them in its dialect and queues them. */
final class ChatRecipient implements Recipient {
  private final Outbox outbox;
  private volatile Dialect dialect = Dialect.README;
  private volatile String session;

  ChatRecipient(Outbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  /** The dialect the connection speaks. */
  Dialect dialect() {
    return dialect;
  }

  /**
   * Speaks the app dialect from now on (a connection switches once, from the README dialect), with what {@code first}
   * queues (the reply that switched it) as the boundary: every event queued before it is in the README form, every one
   * after in the app's.
   */
  void speakApp(Runnable first) {
    synchronized (this) {
      first.run(); // while deliveries wait for the lock: they read the dialect again once it is the app's
      dialect = Dialect.APP;
    }
  }

  @Override
  public void deliverToLobby(Broadcast broadcast) {
    if (dialect == Dialect.README) {
      synchronized (this) { // it may switch meanwhile; for good, so once the app's, no lock
        queueForLobby(dialect, broadcast);
      }
    } else {
      queueForLobby(Dialect.APP, broadcast);
    }
  }

  private void queueForLobby(Dialect spoken, Broadcast broadcast) {
    String frame = spoken.lobbyFrame(broadcast);
    if (frame != null) {
      outbox.send(frame);
    }
  }

  /** Takes a batch of lobby changes unless a quarter of the outbox limit is already waiting to go out. */
  @Override
  public boolean lobbyChanged(LobbyNews news) {
    if (outbox.backlog() > outbox.limit() / 4) {
      return false;
    }
    outbox.send(news.frame(ChatReplies.LOBBY_FRAMES));
    return true;
  }

  @Override
  public void lobbyResync() {
    outbox.send(ChatReplies.LOBBY_RESYNC);
  }

  @Override
  public void deliver(Broadcast broadcast, boolean toOrigin) {
    if (dialect == Dialect.README) {
      synchronized (this) { // as for the lobby
        queue(dialect, broadcast, toOrigin);
      }
    } else {
      queue(Dialect.APP, broadcast, toOrigin);
    }
  }

  private void queue(Dialect spoken, Broadcast broadcast, boolean toOrigin) {
    if (toOrigin) {
      for (String frame : spoken.originFrames(broadcast, session)) {
        outbox.send(frame);
      }
      return;
    }
    String frame = spoken.memberFrame(broadcast);
    if (frame != null) {
      outbox.send(frame);
    }
  }

  /** The README dialect's clients resume sessions; the app's have none. */
  @Override
  public boolean resumes() {
    return dialect == Dialect.README;
  }

  @Override
  public void sessionOpened(String token) {
    session = token;
  }

  @Override
  public void replaced() {
    // after what it was given: a resume it was answering when another took the session over gets its answer first
    outbox.terminateAfterSending(
        CloseCause.TAKEOVER, CloseReason.CloseCodes.VIOLATED_POLICY, "session resumed on another connection");
  }

  @Override
  public void evict() {
    outbox.terminate(
        CloseCause.ERROR, CloseReason.CloseCodes.SERVICE_RESTART, "this server lost your rooms; please reconnect");
  }
}
