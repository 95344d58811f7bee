package dev.socketchat.standalone;

import java.util.Objects;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;

/**
 * Keeps the frames a client sends right behind its upgrade request, in the same read: Grizzly's HTTP codec hands them
 * to Tyrus's filter as content of the upgrade request, which Tyrus drops once it has answered 101, so those frames
 * went unanswered. In front of Tyrus, this filter takes them out of the request; once the upgrade is done {@link
 * UpgradedConnectionFilter} hands them on before anything read later, as it hands every read (frame guard included).
 */
final class EarlyFramesFilter extends BaseFilter {
  private final UpgradedConnectionFilter upgraded;

  EarlyFramesFilter(UpgradedConnectionFilter upgraded) {
    this.upgraded = Objects.requireNonNull(upgraded, "upgraded");
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    Connection<?> connection = ctx.getConnection();
    if (ctx.getMessage() instanceof HttpContent content
        && content.getHttpHeader() instanceof HttpRequestPacket request
        && RequestChecks.asksForWebSocket(request.getHeader("Upgrade"))
        && !UpgradedConnectionFilter.isUpgraded(connection)) {
      byte[] early = null;
      if (content.getContent().hasRemaining()) {
        Buffer bytes = content.getContent();
        early = new byte[bytes.remaining()];
        bytes.get(early);
      }
      UpgradedConnectionFilter.awaitUpgrade(connection, early);
      // after the chain, so after Tyrus answered the upgrade (or at the connection's next read, whichever comes
      // first): the early frames, if any, are handed on and the lingering close set up; a refused handshake leaves
      // them to nobody
      ctx.addCompletionListener(done -> upgraded.receive(connection, null));
    }
    return ctx.getInvokeAction();
  }
}
