package dev.socketchat.socketio;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * This node's sockets that can be recovered, by private id ({@code pid}), and the timers of those whose connection
 * dropped: a suspended socket keeps its rooms for the window ({@code socketchat.session.resume-window}), then ends.
 */
final class RecoverableSockets {
  private final Duration window;
  private final EngineSessions engine;
  private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();
  private final Map<SocketIoSocket, Window> suspended = new ConcurrentHashMap<>();

  /** A suspended socket's wait, cancelled when its client comes back. */
  private static final class Window {
    volatile EngineClock.Timeout timer;

    void cancel() {
      EngineClock.Timeout pending = timer;
      if (pending != null) {
        pending.cancel();
      }
    }
  }

  RecoverableSockets(Duration window, EngineSessions engine) {
    this.window = Objects.requireNonNull(window, "window");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  void add(SocketIoSocket socket, String pid) {
    sockets.put(pid, socket);
  }

  /** Forgets a socket that ended. */
  void remove(SocketIoSocket socket, String pid) {
    sockets.remove(pid, socket);
    Window wait = suspended.remove(socket);
    if (wait != null) {
      wait.cancel();
    }
  }

  /** Keeps a socket whose connection dropped for the window; {@code expire} ends it then, unless it was claimed. */
  void suspend(SocketIoSocket socket, Runnable expire) {
    Window wait = new Window();
    suspended.put(socket, wait);
    Runnable end =
        () -> {
          if (suspended.remove(socket, wait)) {
            engine.defer(expire);
          }
        };
    wait.timer = engine.schedule(end, window.toNanos());
    if (wait.timer == null) {
      end.run(); // the timer has stopped: the deployment is going away
    }
  }

  /** How many sockets are suspended now, their windows running. */
  int waiting() {
    return suspended.size();
  }

  /** Runs a task soon on a worker thread, not the one that noticed the drop (a transport's, or the timer). */
  void later(Runnable task) {
    engine.defer(task);
  }

  /**
   * The socket with this private id in this namespace, suspended or not (its client may come back before the server
   * noticed the drop), if {@code may} lets the client have it; its window stops. Null for an id this node does not
   * know, or a socket {@code may} refuses (its window goes on).
   */
  SocketIoSocket claim(String pid, String namespace, Predicate<SocketIoSocket> may) {
    SocketIoSocket socket = sockets.get(pid);
    if (socket == null || !socket.namespace().equals(namespace) || !may.test(socket)) {
      return null;
    }
    Window wait = suspended.remove(socket);
    if (wait != null) {
      wait.cancel();
    }
    return socket;
  }
}
