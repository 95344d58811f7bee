package dev.socketchat.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A client WebSocket connection as a simulated user sees it: it connects, sends text frames, hands every received
 * text message to its {@link Handler}, and closes. Implemented by our own client ({@link WsConnection}) and by the
 * JDK's ({@link JdkWebSocketConnection}), so that every scenario runs unchanged over either. Used on the event loop
 * thread only.
 */
interface Connection {
  /** What the owner of a connection is told. All calls come on the loop thread. */
  interface Handler {
    void opened(Connection connection);

    /** A whole text message; the bytes are valid only during the call. */
    void text(Connection connection, byte[] bytes, int offset, int length, long nanos);

    /** A WebSocket ping arrived (and was answered). */
    default void pinged(Connection connection) {}

    /** The connection is gone: closed by either side, failed, or refused (code -1 when no close frame came). */
    void closed(Connection connection, int code, String reason);
  }

  /** Makes the connections of one client on one event loop. */
  interface Factory {
    Connection create(Handler handler);
  }

  /** Starts connecting from {@code source} (null: any) to {@code remote}, then upgrades at {@code path}. */
  void connect(InetSocketAddress remote, InetAddress source, String path);

  boolean isOpen();

  /** Sends a text frame whose UTF-8 payload is {@code bytes[offset, offset+length)}; ignored unless open. */
  void sendText(byte[] bytes, int offset, int length);

  void sendText(String text);

  /** Starts the closing handshake; the connection is gone when the server answers it, or after a grace period. */
  void close(int code);

  /** Drops the connection at once, without a closing handshake. */
  void abort(String why);
}
