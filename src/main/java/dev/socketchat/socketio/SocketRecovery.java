package dev.socketchat.socketio;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one socket needs to be recovered after its connection dropped: its private id ({@code pid}), its namespace's
 * {@link PacketLog}, and its rooms, each with the offset after which that room's packets are the socket's to get. In a
 * cluster there is no log: the namespace recovers the socket through Redis ({@link Namespace#recover}), by its pid.
 */
final class SocketRecovery {
  /** Why every session ends when the server stops: its sockets end too. */
  static final String SHUTDOWN = "server shutting down";
  /** Why every session ends when the server restarts (drains): recoverable sockets wait for their clients. */
  static final String RESTART = "server restarting";

  /**
   * The ends of a connection that do not end its sockets, as Socket.IO's server counts them: a transport that closed
   * or failed (a WebSocket closed by its client, but for 1001, see SocketIoEndpoint), a ping timeout, and an Engine.IO
   * close packet without a Socket.IO DISCONNECT before it. The npm client sends that close packet itself when a poll
   * fails (its polling transport closes so), and its documentation drops a connection with {@code
   * socket.io.engine.close()} to try recovery; a deliberate {@code socket.disconnect()} sends DISCONNECT first, which
   * ends the socket.
   */
  private static final Set<String> RECOVERABLE =
      Set.of("transport close", WebSocketTransport.CLOSED_BY_CLIENT, "ping timeout", "client close", RESTART);

  private static final int MOST_SPANS = 64;

  private final String pid;
  private final PacketLog log;
  private final Map<String, Long> rooms = new ConcurrentHashMap<>();
  // the rooms it was removed from or left: what each logged up to then may not have reached its client (the latest
  // MOST_SPANS of them: a page hopping from room to room keeps no more)
  private final Map<String, Span> removed = new ConcurrentHashMap<>();

  /** A room's packets that are a removed socket's: those logged after {@code after}, up to {@code upTo}. */
  private record Span(long after, long upTo) {}

  SocketRecovery(String pid, PacketLog log) {
    this.pid = Objects.requireNonNull(pid, "pid");
    this.log = log;
  }

  /** Whether a connection that ended for this reason may be recovered (a transport that failed, a ping timeout). */
  static boolean recoverable(String reason) {
    return RECOVERABLE.contains(reason) || reason.startsWith("transport error");
  }

  String pid() {
    return pid;
  }

  /** The socket is in the room from now on: what the room logs from now is the socket's. */
  void joined(String room) {
    if (log != null) {
      removed.remove(room);
      rooms.put(room, log.latest());
    }
  }

  /**
   * The socket was removed from the room: what the room logged up to now stays the socket's to recover (the removal
   * notice among it), since its connection may have been dead already; nothing the room logs from now on is.
   */
  void removed(String room) {
    if (log != null) {
      removed(room, log.latest(room));
    } else {
      rooms.remove(room);
    }
  }

  /**
   * The socket left the room by {@code leave_room}, whose notice (its first packet at {@code notice}) is the others':
   * what the room logged before that notice stays the socket's to recover, as after a removal.
   */
  void leftBefore(String room, long notice) {
    if (log != null) {
      removed(room, log.latestBefore(room, notice));
    }
  }

  private void removed(String room, long upTo) {
    Long after = rooms.remove(room);
    if (after != null) {
      removed.put(room, new Span(after, upTo));
      if (removed.size() > MOST_SPANS) {
        removed.entrySet().stream()
            .min(Map.Entry.comparingByValue(Comparator.comparingLong(Span::upTo)))
            .ifPresent(oldest -> removed.remove(oldest.getKey(), oldest.getValue()));
      }
    }
  }

  /**
   * What the socket missed, from the log of a single node, after the last packet its client got ({@code offset}, as
   * it sent it back; null when it got none, which Socket.IO's own server refuses: socket.io#4888), in order.
   *
   * @return the packets, or empty when the offset is not one this log gave, or some of the packets are gone
   */
  Optional<List<PacketLog.Entry>> missed(String offset) {
    long received = -1;
    if (offset != null) {
      received = parse(offset);
      if (received < 0 || received > log.latest()) {
        return Optional.empty();
      }
    }
    Map<String, Long> bounds = new HashMap<>();
    for (Map.Entry<String, Long> room : rooms.entrySet()) {
      bounds.put(room.getKey(), Math.max(room.getValue(), received));
    }
    Map<String, Long> ends = new HashMap<>();
    for (Map.Entry<String, Span> room : removed.entrySet()) {
      long after = Math.max(room.getValue().after(), received);
      if (after < room.getValue().upTo()) { // else its client had everything up to the removal
        bounds.put(room.getKey(), after);
        ends.put(room.getKey(), room.getValue().upTo());
      }
    }
    return log.after(bounds, ends);
  }

  /**
   * An offset as this log writes it (a decimal number from 1, of at most 18 digits, no leading zero), or -1: {@code
   * "0964"} and {@code "0"} are no offsets it gave.
   */
  private static long parse(String offset) {
    if (!offset.matches("[1-9][0-9]{0,17}")) {
      return -1;
    }
    return Long.parseLong(offset);
  }
}
