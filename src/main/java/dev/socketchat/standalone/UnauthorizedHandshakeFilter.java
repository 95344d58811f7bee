package dev.socketchat.standalone;

import dev.socketchat.auth.TokenVerifier;
import dev.socketchat.domain.RoomManager;
import dev.socketchat.websocket.AccessTokens;
import java.util.Objects;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.Header;

/**
 * The runner's check of a {@code /chat} handshake's {@code access_token} ({@link AccessTokens}): Tyrus upgrades in the
 * filter chain, before any servlet filter, so this Grizzly filter answers 401 to a handshake whose token is refused.
 */
final class UnauthorizedHandshakeFilter extends BaseFilter {
  private final TokenVerifier tokens;
  private final RoomManager rooms;

  UnauthorizedHandshakeFilter(TokenVerifier tokens, RoomManager rooms) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.rooms = Objects.requireNonNull(rooms, "rooms");
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    HttpRequestPacket request = tokens.enabled() ? HandshakeRequests.in(ctx) : null;
    if (request == null) {
      return ctx.getInvokeAction();
    }
    String refusal = AccessTokens.refusal(tokens, rooms, request.getRequestURI(), request.getQueryString());
    if (refusal == null) {
      return ctx.getInvokeAction();
    }
    request.getResponse().setHeader(Header.WWWAuthenticate, AccessTokens.CHALLENGE);
    return BadRequestFilter.answer(ctx, request, AccessTokens.UNAUTHORIZED, refusal);
  }
}
