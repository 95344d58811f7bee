package dev.socketchat.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A connection made by the JDK's own WebSocket client ({@code java.net.http}), so that a figure can be confirmed with
 * load from a client we did not write. One {@link HttpClient} per generator process, whose executor is the event
 * loop: the listener's calls, and so the scenario's, stay on the loop thread as with {@link WsConnection}. It keeps
 * the JDK's rules: messages are asked for one at a time ({@code request(1)} once one is handled), and at most one
 * {@code sendText} is outstanding (the others wait in a queue). JDK 17's client cannot bind a source address, so
 * every connection comes from the system's choice (127.0.0.1 towards a loopback server): about 28,000 per server
 * port with the default ephemeral range.
 */
final class JdkWebSocketConnection implements Connection, WebSocket.Listener {
  private static final long CLOSE_GRACE = TimeUnit.SECONDS.toNanos(5);

  private enum State {
    CONNECTING,
    OPEN,
    CLOSING,
    CLOSED
  }

  /** What the connections of one loop share: the client, and where received text is turned into bytes. */
  private static final class Shared {
    final EventLoop loop;
    final HttpClient client;
    byte[] scratch = new byte[16 * 1024];

    Shared(EventLoop loop) {
      this.loop = loop;
      this.client = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(30))
          .executor(loop::execute)
          .build();
    }
  }

  private final Shared shared;
  private final Handler handler;
  private final ArrayDeque<String> queued = new ArrayDeque<>();
  private State state = State.CONNECTING;
  private WebSocket socket;
  private StringBuilder partial;
  private boolean sending;
  private boolean pumping;
  private int closeWanted = -1;
  private EventLoop.Timer closeTimer;

  private JdkWebSocketConnection(Shared shared, Handler handler) {
    this.shared = shared;
    this.handler = handler;
  }

  /** The factory of one generator process: one HttpClient for all its connections. */
  static Connection.Factory factory(EventLoop loop) {
    Shared shared = new Shared(loop);
    return handler -> new JdkWebSocketConnection(shared, handler);
  }

  /** Connects to {@code remote}; {@code source} is not used, since JDK 17's HttpClient cannot bind one. */
  @Override
  public void connect(InetSocketAddress remote, InetAddress source, String path) {
    URI uri = URI.create("ws://" + remote.getHostString() + ":" + remote.getPort() + path);
    shared.client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, this)
        .whenComplete((ws, error) -> {
          if (error != null) {
            onLoop(() -> finish(-1, "connect: " + cause(error)));
          }
        });
  }

  @Override
  public boolean isOpen() {
    return state == State.OPEN;
  }

  @Override
  public void sendText(byte[] bytes, int offset, int length) {
    if (state == State.OPEN) {
      queued.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
      pump();
    }
  }

  @Override
  public void sendText(String text) {
    if (state == State.OPEN) {
      queued.add(text);
      pump();
    }
  }

  /** Sends the close frame after whatever text is still queued, then waits for the server's close (5 s at most). */
  @Override
  public void close(int code) {
    if (state == State.OPEN) {
      state = State.CLOSING;
      closeWanted = code;
      closeTimer = shared.loop.schedule(CLOSE_GRACE, () -> abort("close handshake timed out"));
      pump();
    } else if (state == State.CONNECTING) {
      finish(-1, "closed before it opened");
    }
  }

  @Override
  public void abort(String why) {
    if (socket != null) {
      socket.abort();
    }
    finish(-1, why);
  }

  /** Sends the queue's head once the previous send has completed: the JDK allows one outstanding sendText. */
  private void pump() {
    if (pumping) {
      return; // a send completed inside the loop below, which goes on
    }
    pumping = true;
    try {
      while (!sending && state != State.CLOSED && socket != null) {
        String next = queued.poll();
        if (next != null) {
          sending = true;
          socket.sendText(next, true).whenComplete((ws, error) -> onLoop(() -> sent(error)));
        } else if (closeWanted >= 0) {
          sending = true;
          int code = closeWanted;
          closeWanted = -1;
          socket.sendClose(code, "").whenComplete((ws, error) -> onLoop(() -> sent(error)));
        } else {
          break;
        }
      }
    } finally {
      pumping = false;
    }
  }

  private void sent(Throwable error) {
    sending = false;
    if (error != null && state == State.OPEN) {
      abort("send failed: " + cause(error));
      return;
    }
    pump();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    onLoop(() -> {
      socket = webSocket;
      if (state != State.CONNECTING) {
        webSocket.abort(); // given up on before it opened
        return;
      }
      state = State.OPEN;
      webSocket.request(1);
      handler.opened(this);
    });
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    long now = System.nanoTime();
    if (shared.loop.inLoop()) {
      text(data, last, now);
    } else {
      String copy = data.toString(); // the JDK may reuse data once this returns
      shared.loop.execute(() -> text(copy, last, now));
    }
    return null;
  }

  private void text(CharSequence data, boolean last, long nanos) {
    if (state == State.CLOSED) {
      return;
    }
    if (!last) {
      if (partial == null) {
        partial = new StringBuilder();
      }
      partial.append(data);
      socket.request(1);
      return;
    }
    CharSequence whole = data;
    if (partial != null) {
      whole = partial.append(data);
      partial = null;
    }
    int length = ascii(whole);
    if (length >= 0) {
      handler.text(this, shared.scratch, 0, length, nanos);
    } else {
      byte[] bytes = whole.toString().getBytes(StandardCharsets.UTF_8);
      handler.text(this, bytes, 0, bytes.length, nanos);
    }
    if (socket != null) {
      socket.request(1);
    }
  }

  /** Copies {@code text} into the shared scratch if it is all ASCII and returns its length, else -1. */
  private int ascii(CharSequence text) {
    int length = text.length();
    if (shared.scratch.length < length) {
      shared.scratch = new byte[Math.max(length, shared.scratch.length * 2)];
    }
    byte[] out = shared.scratch;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return -1;
      }
      out[i] = (byte) c;
    }
    return length;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    onLoop(() -> webSocket.request(1));
    return null;
  }

  /** The JDK answers the ping with a pong itself; it is counted here, as {@link WsConnection} counts its own. */
  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    onLoop(() -> {
      if (state != State.CLOSED) {
        handler.pinged(this);
        webSocket.request(1);
      }
    });
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    onLoop(() -> webSocket.request(1));
    return null;
  }

  /** The server's close frame: the JDK answers it (unless ours went first) and closes the socket. */
  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    onLoop(() -> finish(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    onLoop(() -> finish(-1, cause(error)));
  }

  private void finish(int code, String why) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    if (closeTimer != null) {
      closeTimer.cancel();
    }
    queued.clear();
    partial = null;
    handler.closed(this, code, why);
  }

  private void onLoop(Runnable task) {
    if (shared.loop.inLoop()) {
      task.run();
    } else {
      shared.loop.execute(task);
    }
  }

  private static String cause(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return String.valueOf(cause);
  }
}
