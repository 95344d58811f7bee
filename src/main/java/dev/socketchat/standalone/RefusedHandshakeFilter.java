package dev.socketchat.standalone;

import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;

/**
 * Gives a refused WebSocket handshake (Tyrus's 400 for a bad handshake; its 403 for a page origin that is not
 * allowed, should one get past {@link RefusedOriginFilter}) an empty body with {@code Content-Length: 0}: Tyrus
 * writes the status alone, and a client that is not a browser then waits for a body that never comes. A 426 or 429 (a polling handshake's) gets its reason phrase.
 */
final class RefusedHandshakeFilter extends BaseFilter {
  @Override
  public NextAction handleWrite(FilterChainContext ctx) {
    if (ctx.getMessage() instanceof HttpContent content
        && content.getHttpHeader() instanceof HttpResponsePacket response) {
      BadRequestFilter.nameStatus(response);
    }
    if (ctx.getMessage() instanceof HttpContent content
        && content.getHttpHeader() instanceof HttpResponsePacket response
        && response.getStatus() >= 400
        && response.getRequest() != null
        && response.getRequest().isUpgrade()
        && response.getContentLength() < 0
        && !content.getContent().hasRemaining()) {
      response.setContentLength(0);
    }
    return ctx.getInvokeAction();
  }
}
