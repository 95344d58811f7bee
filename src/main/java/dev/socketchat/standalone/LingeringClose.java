package dev.socketchat.standalone;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.tyrus.core.ProtocolHandler;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;
import org.glassfish.tyrus.spi.WriterInfo;

/**
 * Tyrus's writer for one connection, except for its close: the lingering close a server owes a client that may still
 * be sending when the server closes.
 *
 * <p>Tyrus lets go of the TCP connection as soon as its close frame is queued (Grizzly closes the socket once the frame
 * is written, and reads nothing more meanwhile). A client still sending then meets a closed socket; the kernel answers
 * with a reset, and the client's kernel throws away what the client had not read yet: the last replies and the close
 * frame. Here, once the close frame is written, the output is shut (FIN) and the connection keeps reading, every byte
 * going to nobody ({@link UpgradedConnectionFilter}), until the client's close frame has come in full (then the socket
 * is closed), its end of stream, or the close timeout ({@link CloseTimeouts} resets it). A close that answers the
 * client's close frame closes at once, as Tyrus does. It reaches the connection's {@code ProtocolHandler} through the
 * private field of Tyrus's read handler; a Tyrus without it closes as before (and {@code TyrusInternalsTest} fails).
 */
final class LingeringClose extends Writer {
  private static final Attribute<Boolean> SERVER_CLOSED =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(LingeringClose.class.getName() + ".serverClosed");
  private static final VarHandle PROTOCOL_HANDLER = protocolHandlerField();

  private final Writer tyrus;
  private final Connection<?> connection;

  private LingeringClose(Writer tyrus, Connection<?> connection) {
    this.tyrus = Objects.requireNonNull(tyrus, "tyrus");
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /** Whether this Tyrus lets the writer of a connection be replaced. */
  static boolean installable() {
    return PROTOCOL_HANDLER != null;
  }

  /** Puts the lingering close in front of Tyrus's writer of a connection it has just upgraded. */
  static void install(org.glassfish.tyrus.spi.Connection websocket, Connection<?> connection) {
    if (PROTOCOL_HANDLER == null) {
      return;
    }
    ReadHandler reader = websocket.getReadHandler();
    Writer writer = websocket.getWriter();
    if (reader == null || writer == null || reader.getClass() != TyrusReadBuffers.handlerClass()) {
      return;
    }
    ((ProtocolHandler) PROTOCOL_HANDLER.get(reader)).setWriter(new LingeringClose(writer, connection));
  }

  /** Notes that the server's close frame was queued for the connection: from now on its input goes to nobody. */
  static void serverClosed(Connection<?> connection) {
    SERVER_CLOSED.set(connection, Boolean.TRUE);
  }

  /** Whether the server's close frame was queued for the connection. */
  static boolean isServerClosed(Connection<?> connection) {
    return SERVER_CLOSED.get(connection) != null;
  }

  /**
   * Bytes the connection read after the server's close frame: followed by the guard, dropped, and the socket closed
   * once they held the client's close frame in full.
   */
  static void drop(Connection<?> connection, FrameGuard guard, ByteBuffer bytes) {
    guard.discard(bytes);
    if (guard.peerClosed()) {
      connection.closeSilently();
    }
  }

  @Override
  public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> done) {
    tyrus.write(buffer, done);
  }

  @Override
  public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> done, WriterInfo info) {
    tyrus.write(buffer, done, info);
  }

  /**
   * Tyrus's close, right after its close frame: at once when that frame answered the client's; otherwise the
   * output is shut once the frame (behind everything queued before it) is written, and the socket stays open for
   * reading.
   */
  @Override
  public void close() throws IOException {
    if (!connection.isOpen()
        || !isServerClosed(connection)
        || UpgradedConnectionFilter.guardOf(connection).peerClosed()) {
      tyrus.close();
      return;
    }
    // an empty write takes Tyrus's own way to the socket, so it completes once the close frame is written
    tyrus.write(ByteBuffer.allocate(0), new HalfClose(connection));
  }

  /** Shuts the output once the close frame is written, or closes the connection if the client closed meanwhile. */
  private static final class HalfClose extends CompletionHandler<ByteBuffer> {
    private final Connection<?> connection;

    HalfClose(Connection<?> connection) {
      this.connection = connection;
    }

    @Override
    public void completed(ByteBuffer written) {
      if (!connection.isOpen()) {
        return;
      }
      if (UpgradedConnectionFilter.guardOf(connection).peerClosed()
          || !(connection instanceof NIOConnection nio)
          || !(nio.getChannel() instanceof SocketChannel channel)) {
        connection.closeSilently();
        return;
      }
      try {
        channel.shutdownOutput();
      } catch (IOException | RuntimeException e) {
        connection.closeSilently();
      }
    }

    @Override
    public void failed(Throwable cause) {
      connection.closeSilently();
    }

    @Override
    public void cancelled() {
      connection.closeSilently();
    }
  }

  private static VarHandle protocolHandlerField() {
    Class<?> handler = TyrusReadBuffers.handlerClass();
    if (handler == null) {
      return null;
    }
    try {
      return MethodHandles.privateLookupIn(handler, MethodHandles.lookup())
          .findVarHandle(handler, "protocolHandler", ProtocolHandler.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
