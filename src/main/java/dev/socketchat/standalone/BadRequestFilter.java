package dev.socketchat.standalone;

import dev.socketchat.connection.HandshakeQueryFilter;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Answers 400 (empty body, then closes) to requests {@link RequestChecks} refuses, before Grizzly maps them (which
 * answered 500 for an undecodable path) or Tyrus upgrades them (which answered 500 for a handshake without a key or
 * {@code Connection: Upgrade}, or of HTTP/1.0, and accepted any key); 426 to a handshake of another WebSocket version.
 */
final class BadRequestFilter extends BaseFilter {
  private static final System.Logger LOG = System.getLogger(BadRequestFilter.class.getName());

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    if (!(ctx.getMessage() instanceof HttpContent content)
        || !(content.getHttpHeader() instanceof HttpRequestPacket request)) {
      return ctx.getInvokeAction();
    }
    String problem = RequestChecks.pathProblem(request.getRequestURI());
    boolean handshake = RequestChecks.asksForWebSocket(request.getHeader(Header.Upgrade));
    if (!handshake && request.isUpgrade() && bodiless(request)) {
      plain(request);
    }
    if (problem == null && handshake) {
      problem =
          RequestChecks.handshakeProblem(
              request.getMethod().getMethodString(),
              request.getProtocolString(),
              String.join(",", request.getHeaders().values(Header.Connection)),
              keys(request));
    }
    if (problem == null && handshake && !HandshakeQueryFilter.wellEscaped(request.getQueryString())) {
      problem = "a % in the query begins no escape"; // Tyrus answered 101, then threw and dropped the connection
    }
    // every header's value, as for Connection: a second one ("13" twice, or "13" then "8") Tyrus answered 426 itself,
    // on a connection it then left silent
    if (problem == null
        && handshake
        && !RequestChecks.knownVersion(String.join(",", request.getHeaders().values("Sec-WebSocket-Version")))) {
      // as RFC 6455 section 4.4 has it; Tyrus answered "426 CUSTOM" and kept the connection for another request
      request.getResponse().setHeader("Sec-WebSocket-Version", RequestChecks.WEBSOCKET_VERSION);
      return answer(ctx, request, 426, null);
    }
    if (problem == null) {
      return ctx.getInvokeAction();
    }
    LOG.log(System.Logger.Level.DEBUG, "bad request {0}: {1}", request.getRequestURI(), problem);
    return answer(ctx, request, 400, null);
  }

  /**
   * Serves a request that asks for an upgrade to another protocol than WebSocket (the JDK's HTTP client and {@code
   * curl --http2} ask for {@code h2c}) as the plain HTTP/1.1 request it also is, as RFC 9110 lets a server: Grizzly
   * wrote its answer as the new protocol's bytes, without its {@code Content-Type} nor a length once it passed its
   * buffer (16 KiB). The connection still closes after the answer. Only for a request without a body: Grizzly has
   * decided to read a body as the new protocol's bytes before this filter runs, which this cannot undo.
   */
  private static void plain(HttpRequestPacket request) {
    request.getUpgradeDC().recycle();
    request.getHeaders().removeHeader(Header.Upgrade);
    request.setIgnoreContentModifiers(false);
  }

  /** Whether the request says it has no body: no length but 0, and no chunks. */
  private static boolean bodiless(HttpRequestPacket request) {
    String length = request.getHeader(Header.ContentLength);
    return (length == null || length.strip().equals("0")) && request.getHeader(Header.TransferEncoding) == null;
  }

  /**
   * Every {@code Sec-WebSocket-Key} header's value, joined by commas (which base64 never holds), or null for none: a
   * second key makes the handshake a bad one (RFC 6455 section 11.3.1), where Tyrus took the first.
   */
  private static String keys(HttpRequestPacket request) {
    String joined = String.join(",", request.getHeaders().values("Sec-WebSocket-Key"));
    return joined.isEmpty() ? null : joined;
  }

  /**
   * Answers the request with a status and a JSON body ({@code Content-Type: application/json}) or none, then closes
   * the connection.
   */
  static NextAction answer(FilterChainContext ctx, HttpRequestPacket request, int status, String json) {
    // a refused upgrade is answered as plain HTTP: Grizzly writes an upgrade request's answer without its content
    // type (it takes the body for the new protocol's bytes), so a refused handshake's JSON said no Content-Type
    request.setIgnoreContentModifiers(false);
    HttpResponsePacket response = request.getResponse();
    response.setStatus(status);
    nameStatus(response);
    response.getProcessingState().setKeepAlive(false);
    response.setHeader(Header.Connection, "close");
    HttpContent.Builder<?> content = HttpContent.builder(response).last(true);
    if (json == null) {
      response.setContentLength(0);
    } else {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      response.setContentType("application/json");
      response.setContentLength(body.length);
      content.content(Buffers.wrap(ctx.getMemoryManager(), body));
    }
    ctx.write(content.build(), new CloseWhenWritten(ctx.getConnection()));
    return ctx.getStopAction();
  }

  /** Gives a 426 or 429 its reason phrase: Grizzly knows none for them and writes {@code 429 CUSTOM}. */
  static void nameStatus(HttpResponsePacket response) {
    if (response.isCustomReasonPhraseSet()) {
      return;
    }
    if (response.getStatus() == 429) {
      response.setReasonPhrase("Too Many Requests");
    } else if (response.getStatus() == 426) {
      response.setReasonPhrase("Upgrade Required");
    }
  }
}
