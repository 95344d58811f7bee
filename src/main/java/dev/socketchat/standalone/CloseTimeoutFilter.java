package dev.socketchat.standalone;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CloseReason;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * Aborts the TCP connection of a WebSocket the server closed, when it is still open a close timeout after the server's
 * close frame went to the socket.
 *
 * <p>Tyrus follows its close frame with Grizzly's graceful close, which waits until everything queued was written: a
 * peer that stopped reading (a slow reader closed with 1013) would keep its socket, and megabytes queued for it, for
 * as long as it likes. Writes on an upgraded connection are whole frames, so a write that starts with the close
 * opcode is the server's close frame; {@link UpgradedSocketFilter} makes sure Tyrus never holds that frame back. The
 * timer must drop cancelled tasks ({@code setRemoveOnCancelPolicy}), as {@link TyrusScheduler} does.
 */
final class CloseTimeoutFilter extends BaseFilter {
  private static final byte CLOSE_FRAME = (byte) 0x88;
  private static final Attribute<Boolean> ABORT_SCHEDULED =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(CloseTimeoutFilter.class.getName() + ".scheduled");

  private final long timeoutMillis;
  private final ScheduledExecutorService timer;

  CloseTimeoutFilter(Duration timeout, ScheduledExecutorService timer) {
    this.timeoutMillis = timeout.toMillis();
    this.timer = timer;
  }

  @Override
  public NextAction handleWrite(FilterChainContext ctx) {
    Connection<?> connection = ctx.getConnection();
    if (ctx.getMessage() instanceof Buffer frame
        && frame.hasRemaining()
        && frame.get(frame.position()) == CLOSE_FRAME
        && UpgradedConnectionFilter.isUpgraded(connection)
        && ABORT_SCHEDULED.get(connection) == null) {
      ABORT_SCHEDULED.set(connection, Boolean.TRUE);
      try {
        ScheduledFuture<?> abort = timer.schedule(() -> abort(connection), timeoutMillis, TimeUnit.MILLISECONDS);
        // the usual end: the connection closes within milliseconds, and the abort goes with it (the timer drops
        // cancelled tasks) instead of keeping the closed connection, and a wake-up, for the whole timeout
        connection
            .closeFuture()
            .addCompletionHandler(
                new EmptyCompletionHandler<>() {
                  @Override
                  public void completed(CloseReason reason) {
                    abort.cancel(false);
                  }
                });
      } catch (RejectedExecutionException stopping) {
        // the server is shutting down and closes every connection itself
      }
    }
    return ctx.getInvokeAction();
  }

  /**
   * Closes the socket at once with a reset (linger 0), dropping whatever the kernel still holds for the peer. Grizzly's
   * own close does nothing once a graceful close (Tyrus's, after its close frame) waits for the write queue to drain,
   * so the channel is closed here too.
   */
  private static void abort(Connection<?> connection) {
    if (!(connection instanceof NIOConnection nio) || !(nio.getChannel() instanceof SocketChannel channel)) {
      connection.terminateSilently();
      return;
    }
    if (!channel.isOpen()) {
      return;
    }
    try {
      channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException | RuntimeException e) {
      // closed meanwhile: the close below does no harm
    }
    connection.terminateSilently();
    try {
      channel.close();
    } catch (IOException e) {
      // it is closed either way
    }
  }
}
