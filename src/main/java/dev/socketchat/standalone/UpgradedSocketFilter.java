package dev.socketchat.standalone;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * Applies what changes when a connection is switched to WebSocket (its 101 response goes out): it leaves the HTTP
 * idle timeout, its kernel send buffer gets a fixed size, and Grizzly's write queue no limit.
 *
 * <p>An idle WebSocket is normal; the heartbeat ({@code /chat}) or Engine.IO's ping ({@code /socket.io/}) finds the
 * dead ones. Every other connection keeps Grizzly's idle timeout ({@code socketchat.http.idle-timeout}). Grizzly's
 * idle filter takes a connection's timeout when the event that used it completes; the 101 response is written while
 * the upgrade request is still being handled, so the exemption holds from the first idle moment on.
 *
 * <p>Left to itself, Linux grows a loopback or LAN socket's send buffer to megabytes, which a reader that stopped
 * reading fills before the server notices anything: the outbox's stall timeout starts counting only once the kernel
 * takes no more. {@value #SEND_BUFFER} bytes (the kernel doubles it for its bookkeeping) keep that short and still
 * carry a chat connection's traffic at any sensible round-trip time.
 *
 * <p>Tyrus holds every write (its close frame and close too) in a queue of its own while Grizzly's write queue is over
 * its limit (a few times the initial send buffer), so a large frame stuck behind a reader that stopped would keep the
 * server's close frame from ever reaching the socket, and {@link CloseTimeoutFilter} from ever seeing it. The outbox
 * already bounds what waits for a connection (one frame in flight at a time), so Grizzly's limit is lifted.
 */
final class UpgradedSocketFilter extends BaseFilter {
  /** The send buffer asked for each WebSocket connection. */
  static final int SEND_BUFFER = 64 * 1024;

  private static final int SWITCHING_PROTOCOLS = 101;

  @Override
  public NextAction handleWrite(FilterChainContext ctx) {
    if (ctx.getMessage() instanceof HttpContent content
        && content.getHttpHeader() instanceof HttpResponsePacket response
        && response.getStatus() == SWITCHING_PROTOCOLS) {
      Connection<?> connection = ctx.getConnection();
      IdleTimeoutFilter.setCustomTimeout(connection, -1, TimeUnit.SECONDS);
      connection.setMaxAsyncWriteQueueSize(AsyncQueueWriter.UNLIMITED_SIZE);
      if (connection instanceof NIOConnection nio && nio.getChannel() instanceof SocketChannel channel) {
        try {
          channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
        } catch (IOException | RuntimeException e) {
          // closed meanwhile: nothing to size
        }
      }
    }
    return ctx.getInvokeAction();
  }
}
