package dev.socketchat.standalone;

import dev.socketchat.connection.EndpointPaths;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.Header;

/**
 * Answers, the same way on every path, the methods the runner serves nowhere or not there: {@code GET} and {@code
 * HEAD} pass everywhere, every method but TRACE and CONNECT on {@code /socket.io/} (Engine.IO polling, which answers
 * what it does not serve
 * with its JSON 400 as the reference server does, and its CORS preflight; not the client bundle's files); elsewhere
 * {@code OPTIONS} gets 204 with {@code Allow: GET, HEAD, OPTIONS}, {@code POST} 405 with the same {@code Allow}, and
 * any other method ({@code PUT}, {@code DELETE}, {@code PATCH}, {@code TRACE}, {@code CONNECT}, unknown ones) 501. Each refusal has an empty body and closes the
 * connection. (The servlets and Grizzly had each their own answer: {@code OPTIONS /status} advertised {@code TRACE},
 * which Grizzly refused with an {@code Allow} that named {@code PUT} and {@code DELETE}; {@code PATCH /status} got
 * 501, {@code PATCH /} 405.) It runs in front of Tyrus's filter, after {@link BadRequestFilter}: a handshake that
 * reaches it is a {@code GET}, which passes.
 */
final class MethodFilter extends BaseFilter {
  /** What a request may do everywhere but {@code /socket.io/}. */
  static final String ALLOW = "GET, HEAD, OPTIONS";

  /** The status that refuses this method on this raw path, or 0 when a handler takes it. */
  static int refusal(String method, String rawPath) {
    // where the polling servlet is mapped (/socket.io/*, which takes /socket.io too), but for the client bundle; the
    // path as Grizzly maps it, so that /%73ocket.io/ and /socket.io;a/ are the servlet's too
    String path = EndpointPaths.matched(rawPath);
    boolean polling =
        path != null
            && ("/socket.io".equals(path) || path.startsWith("/socket.io/"))
            && !path.startsWith("/socket.io/socket.io.");
    return switch (method) {
      case "GET", "HEAD" -> 0;
      case "POST" -> polling ? 0 : 405;
      case "OPTIONS" -> polling ? 0 : 204;
      case "TRACE", "CONNECT" -> 501; // Grizzly answers these itself (405) before any servlet sees them
      default -> polling ? 0 : 501; // Engine.IO answers its own: 400 "Bad handshake method", as the reference server
    };
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    if (!(ctx.getMessage() instanceof HttpContent content)
        || !(content.getHttpHeader() instanceof HttpRequestPacket request)) {
      return ctx.getInvokeAction();
    }
    int status = refusal(request.getMethod().getMethodString(), request.getRequestURI());
    if (status == 0) {
      return ctx.getInvokeAction();
    }
    if (request.getResponse().isCommitted()) {
      return ctx.getStopAction(); // more of a refused request's body: its answer is on its way, then the close
    }
    if (status != 501) {
      request.getResponse().setHeader(Header.Allow, ALLOW);
    }
    return BadRequestFilter.answer(ctx, request, status, null);
  }
}
