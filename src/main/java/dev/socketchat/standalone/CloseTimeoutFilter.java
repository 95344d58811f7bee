package dev.socketchat.standalone;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;

/**
 * Aborts the TCP connection of a WebSocket the server closed, when it is still open a close timeout after the server's
 * close frame went to the socket.
 *
 * <p>Tyrus follows its close frame with Grizzly's graceful close, which waits until everything queued was written: a
 * peer that stopped reading (a slow reader closed with 1013) would keep its socket, and megabytes queued for it, for
 * as long as it likes. Writes on an upgraded connection are whole frames, so a write that starts with the close
 * opcode is the server's close frame; {@link UpgradedSocketFilter} makes sure Tyrus never holds that frame back. The
 * frame also marks the connection for {@link LingeringClose}: what the client sends from then on goes to nobody.
 */
final class CloseTimeoutFilter extends BaseFilter {
  private static final byte CLOSE_FRAME = (byte) 0x88;

  private final CloseTimeouts timeouts;

  CloseTimeoutFilter(CloseTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  @Override
  public NextAction handleWrite(FilterChainContext ctx) {
    Connection<?> connection = ctx.getConnection();
    if (ctx.getMessage() instanceof Buffer frame
        && frame.hasRemaining()
        && frame.get(frame.position()) == CLOSE_FRAME
        && UpgradedConnectionFilter.isUpgraded(connection)) {
      LingeringClose.serverClosed(connection);
      timeouts.arm(connection);
    }
    return ctx.getInvokeAction();
  }
}
