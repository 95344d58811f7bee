package dev.socketchat.standalone;

import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.Header;

/** The WebSocket handshake a filter in front of Tyrus reads, when what it reads is (a part of) one. */
final class HandshakeRequests {
  private HandshakeRequests() {}

  /** The request whose content the filter reads, if it asks for WebSocket; null for anything else. */
  static HttpRequestPacket in(FilterChainContext ctx) {
    return ctx.getMessage() instanceof HttpContent content
            && content.getHttpHeader() instanceof HttpRequestPacket request
            && RequestChecks.asksForWebSocket(request.getHeader(Header.Upgrade))
        ? request
        : null;
  }
}
