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
      if (content.getContent().hasRemaining()) {
        Buffer early = content.getContent();
        byte[] bytes = new byte[early.remaining()];
        early.get(bytes);
        UpgradedConnectionFilter.holdEarly(connection, bytes);
      }
      // after the chain, so after Tyrus answered the upgrade (or the connection's next read, whichever comes first):
      // the early frames, if any, and the connection's lingering close are set up then; a refused handshake leaves
      // them to nobody
      ctx.addCompletionListener(done -> upgraded.receive(connection, null));
    }
    return ctx.getInvokeAction();
  }
}
