package dev.socketchat.standalone;

import dev.socketchat.connection.AddressSlots;
import dev.socketchat.connection.ConnectionsPerAddressFilter;
import dev.socketchat.connection.Handshakes;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.Header;

/**
 * The runner's {@link ConnectionsPerAddressFilter}: Tyrus upgrades in the filter chain, before any servlet filter,
 * so this Grizzly filter answers 429 {@code TOO_MANY_CONNECTIONS} to a WebSocket handshake that would open a new
 * connection from an address that has all its slots, and hands the address and a {@link GrizzlyFrameSink} for the
 * connection to the handshake Tyrus runs next on this thread.
 */
final class TooManyConnectionsFilter extends BaseFilter {
  private final AddressSlots slots;

  TooManyConnectionsFilter(AddressSlots slots) {
    this.slots = Objects.requireNonNull(slots, "slots");
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    HttpRequestPacket request = HandshakeRequests.in(ctx);
    if (request == null) {
      return ctx.getInvokeAction();
    }
    String address =
        ctx.getConnection().getPeerAddress() instanceof InetSocketAddress peer && peer.getAddress() != null
            ? peer.getAddress().getHostAddress()
            : null;
    boolean opens =
        ConnectionsPerAddressFilter.opensWebSocket(
            request.getRequestURI(), request.getHeader(Header.Upgrade), request.getQueryString());
    if (request.getResponse().isCommitted()) {
      return ctx.getStopAction(); // more of a refused handshake's bytes: its 429 is on its way, then the close
    }
    if (opens && slots.refuses(address)) {
      return BadRequestFilter.answer(ctx, request, 429, ConnectionsPerAddressFilter.REFUSAL);
    }
    // every handshake sets it, so none can read an address an earlier one left on this selector thread
    Handshakes.handshaking(address, GrizzlyFrameSink.attachTo(ctx.getConnection()));
    return ctx.getInvokeAction();
  }
}
