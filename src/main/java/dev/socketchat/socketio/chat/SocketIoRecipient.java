package dev.socketchat.socketio.chat;

import dev.socketchat.domain.Broadcast;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.Recipient;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.socketio.PacketLog;
import dev.socketchat.socketio.SocketIoSocket;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;

/** A Socket.IO chat socket as a recipient of room events: queues the frames its namespace renders, once per event. */
final class SocketIoRecipient implements Recipient {
  private final SocketIoSocket socket;
  private final ChatFrames frames;
  // the connection this recipient serves, once the engine registered it; a kick names its target by connection
  private volatile ConnectionId self;

  SocketIoRecipient(SocketIoSocket socket, ChatFrames frames) {
    this.socket = Objects.requireNonNull(socket, "socket");
    this.frames = Objects.requireNonNull(frames, "frames");
  }

  @Override
  public void deliver(Broadcast broadcast, boolean toOrigin) {
    if (toOrigin && ChatFrames.skipsOrigin(broadcast.event())) {
      // its own leave notice, which is the others': what the room said before it is this socket's to recover
      PacketLog.Entry notice = broadcast.frame(frames);
      if (notice != null) {
        socket.leftBefore(notice.room(), notice.offset() - notice.packets().size() + 1);
      }
      return;
    }
    if (toOrigin && broadcast.event() instanceof RoomEvent.MemberJoined) {
      socket.joined(ChatFrames.room(broadcast.event())); // what the room logs from now on is this socket's
    } else if (toOrigin && broadcast.event() instanceof RoomEvent.MemberLeft) {
      // out of the room (a leave_room, already noted at its notice, or a join_room into another): what the room said
      // before is still this socket's to recover, since its connection may have been dead already
      socket.removed(ChatFrames.room(broadcast.event()));
    } else if (broadcast.event() instanceof RoomEvent.MemberKicked kicked && kicked.target().equals(self)) {
      // a recovery replays what the room said up to the kick (its removal notice), not after it
      socket.removed(ChatFrames.room(kicked));
    }
    PacketLog.Entry frame = broadcast.frame(frames);
    if (frame != null) {
      socket.send(frame);
    }
  }

  /** Notes the connection the engine registered for this recipient. */
  void serves(ConnectionId connection) {
    self = Objects.requireNonNull(connection, "connection");
  }

  /** Disconnects the socket, not on the delivering thread: leaving its other rooms may wait for the registry. */
  @Override
  public void evict() {
    ForkJoinPool.commonPool().execute(socket::disconnect);
  }

  /** Its client recovered the socket on another connection (on any node): this one ends silently. */
  @Override
  public void replaced() {
    ForkJoinPool.commonPool().execute(socket::movedAway);
  }
}
