package dev.socketchat.standalone;

import dev.socketchat.connection.FrameSink;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * Writes framed frames to an upgraded connection through Tyrus's own writer for it (its container SPI), so they queue
 * in order with every frame Tyrus writes itself (pongs, closes). The writer exists once Tyrus has upgraded the
 * connection, which it has by the time the endpoint can send anything.
 */
final class TyrusFrameSink implements FrameSink {
  private final Connection<?> connection;
  private volatile Writer writer;

  TyrusFrameSink(Connection<?> connection) {
    this.connection = connection;
  }

  @Override
  public boolean write(ByteBuffer frame, SendHandler done) {
    Writer to = writer;
    if (to == null) {
      org.glassfish.tyrus.spi.Connection websocket = UpgradedConnectionFilter.TYRUS_CONNECTION.get(connection);
      if (websocket == null || !connection.isOpen()) {
        return false;
      }
      to = websocket.getWriter();
      writer = to;
    }
    to.write(frame, new Reported(done));
    return true;
  }

  /** Hands the writer's outcome to the send's handler. */
  private static final class Reported extends CompletionHandler<ByteBuffer> {
    private final SendHandler done;

    Reported(SendHandler done) {
      this.done = done;
    }

    @Override
    public void completed(ByteBuffer result) {
      done.onResult(new SendResult());
    }

    @Override
    public void failed(Throwable cause) {
      done.onResult(new SendResult(cause instanceof Exception e ? e : new IllegalStateException(cause)));
    }

    @Override
    public void cancelled() {
      done.onResult(new SendResult(new IllegalStateException("the write was cancelled")));
    }
  }
}
