package dev.socketchat.standalone;

import dev.socketchat.connection.EndpointPaths;
import dev.socketchat.connection.PageOriginFilter;
import dev.socketchat.connection.PageOrigins;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpRequestPacket;

/**
 * The runner's {@link PageOriginFilter}: Tyrus upgrades in the filter chain, before any servlet filter, so this
 * Grizzly filter answers 403 {@code ORIGIN_NOT_ALLOWED} to an endpoint's WebSocket handshake from a page origin
 * {@code socketchat.origins} does not list (Tyrus alone answered 403 with no body), before it takes a slot.
 */
final class RefusedOriginFilter extends BaseFilter {
  private final PageOrigins origins;

  RefusedOriginFilter(PageOrigins origins) {
    this.origins = Objects.requireNonNull(origins, "origins");
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    HttpRequestPacket request = HandshakeRequests.in(ctx);
    if (request == null) {
      return ctx.getInvokeAction();
    }
    if (request.getResponse().isCommitted()) {
      return ctx.getStopAction(); // more of a refused handshake's bytes: its 403 is on its way, then the close
    }
    String endpoint = EndpointPaths.matched(request.getRequestURI());
    if (!("/chat".equals(endpoint) || "/socket.io/".equals(endpoint))
        || origins.allows(originHeaders(request))) {
      return ctx.getInvokeAction();
    }
    return BadRequestFilter.answer(ctx, request, 403, PageOrigins.REFUSAL);
  }

  private static List<String> originHeaders(HttpRequestPacket request) {
    List<String> origins = new ArrayList<>();
    request.getHeaders().values("Origin").forEach(origins::add);
    return origins;
  }
}
