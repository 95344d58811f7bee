package dev.socketchat.standalone;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Answers 400 (empty body, then closes) to bytes that start a request but cannot be an HTTP/1.x request line ({@link
 * RequestChecks#requestLineProblem}): a line without a version ({@code GET /}), garbage, a TLS handshake on the plain
 * port. Grizzly's codec waited on those for more until the idle timeout and said nothing.
 *
 * <p>An {@code Upgrade} header that names no WebSocket (h2c) is renamed so that the codec does not read it
 * ({@link RequestChecks#foreignUpgradeAt}).
 *
 * <p>It reads a connection's bytes before the codec, only where the codec has no request in parse (Grizzly's
 * attribute for it, also read by {@link UpgradedConnectionFilter}), so what it reads is the start of a request; a
 * WebSocket connection never reaches it.
 */
final class RequestLineFilter extends BaseFilter {
  private static final System.Logger LOG = System.getLogger(RequestLineFilter.class.getName());
  private static final byte[] BAD_REQUEST =
      "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    Connection<?> connection = ctx.getConnection();
    if (!(ctx.getMessage() instanceof Buffer input) || UpgradedConnectionFilter.requestInParse(connection)) {
      return ctx.getInvokeAction();
    }
    ByteBuffer bytes = input.toByteBuffer();
    String problem = RequestChecks.requestLineProblem(bytes);
    if (problem == null) {
      int upgrade = RequestChecks.foreignUpgradeAt(bytes);
      if (upgrade >= 0) {
        // renamed in place (Xpgrade), so that the codec reads the request as the plain HTTP/1.1 one it also is
        input.put(input.position() + upgrade - bytes.position(), (byte) 'X');
      }
      return ctx.getInvokeAction();
    }
    LOG.log(System.Logger.Level.DEBUG, "bad request line: {0}", problem);
    input.tryDispose();
    ctx.write(Buffers.wrap(ctx.getMemoryManager(), BAD_REQUEST), new CloseWhenWritten(connection));
    return ctx.getStopAction();
  }
}
