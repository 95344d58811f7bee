package dev.socketchat.standalone;

import jakarta.websocket.CloseReason;
import org.glassfish.grizzly.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;

/** What Tyrus keeps on an upgraded connection, for tests that stand in for Tyrus; only its presence counts. */
final class UpgradedMark implements org.glassfish.tyrus.spi.Connection {
  /** Marks a Grizzly connection upgraded, as Tyrus does once it answered the handshake. */
  static void mark(Connection<?> connection) {
    UpgradedConnectionFilter.TYRUS_CONNECTION.set(connection, new UpgradedMark());
  }

  @Override
  public ReadHandler getReadHandler() {
    return null;
  }

  @Override
  public Writer getWriter() {
    return null;
  }

  @Override
  public org.glassfish.tyrus.spi.Connection.CloseListener getCloseListener() {
    return null;
  }

  @Override
  public void close(CloseReason reason) {}
}
