package dev.socketchat.standalone;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.CloseType;
import org.glassfish.grizzly.Closeable;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * Holds the runner's open connections (HTTP and WebSocket alike) to {@code socketchat.http.max-connections}: a
 * connection accepted beyond it is answered 503 {@code SERVER_FULL} and closed before anything is read. By default the
 * cap sits a little below the process's open-file limit, because a server that reaches that limit cannot accept, and
 * Grizzly then retries the failing accept without pause, a selector thread spinning at full CPU while the chat slows.
 */
final class ConnectionCapFilter extends BaseFilter {
  private static final System.Logger LOG = System.getLogger(ConnectionCapFilter.class.getName());
  /** The reason a connection over the cap is refused with. */
  static final String REFUSED = "SERVER_FULL";

  private static final String BODY = "{\"status\":false,\"reason\":\"" + REFUSED + "\"}\n";
  private static final byte[] FULL =
      String.join(
              "\r\n",
              "HTTP/1.1 503 Service Unavailable",
              "Content-Type: application/json",
              "Connection: close",
              "Retry-After: 5",
              "Content-Length: " + BODY.length(),
              "",
              BODY)
          .getBytes(StandardCharsets.US_ASCII);
  private static final long WARN_EVERY_NANOS = 10_000_000_000L;

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder refused = new LongAdder();
  private final AtomicLong warnedAt = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
  // one listener for every connection: a lambda made per connection would be kept by each (16 bytes)
  private final CloseListener<Closeable, CloseType> onClose = (closed, type) -> open.decrementAndGet();

  ConnectionCapFilter(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("socketchat.http.max-connections must be at least 1");
    }
    this.max = max;
  }

  /**
   * The default cap: the open-file limit (as the JVM raised it) less what the process needs besides its sockets (its
   * jars, the selector, Redis, log files): 256 files, or a quarter of a limit under 1,024.
   */
  static int defaultMax() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (!(os instanceof UnixOperatingSystemMXBean unix) || unix.getMaxFileDescriptorCount() <= 0) {
      return Integer.MAX_VALUE;
    }
    long limit = unix.getMaxFileDescriptorCount();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, limit - Math.min(256, limit / 4)));
  }

  @Override
  public NextAction handleAccept(FilterChainContext ctx) {
    Connection<?> connection = ctx.getConnection();
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      refuse(ctx);
      return ctx.getStopAction();
    }
    connection.addCloseListener(onClose);
    return ctx.getInvokeAction();
  }

  /** How many connections were refused with 503 {@code SERVER_FULL} since the start. */
  long refused() {
    return refused.sum();
  }

  private void refuse(FilterChainContext ctx) {
    refused.increment();
    long now = System.nanoTime();
    long last = warnedAt.get();
    if (now - last >= WARN_EVERY_NANOS && warnedAt.compareAndSet(last, now)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "a connection was refused with 503: the server holds its maximum of {0} connections "
              + "(socketchat.http.max-connections; at most one such line per 10 s)",
          max);
    }
    discardWaitingInput(ctx.getConnection());
    ctx.write(Buffers.wrap(ctx.getMemoryManager(), FULL), new CloseWhenWritten(ctx.getConnection()));
  }

  /**
   * Reads and drops what the client sent already (its request, usually): a socket closed with unread input resets the
   * connection, and the client would see the reset instead of the 503.
   */
  private static void discardWaitingInput(Connection<?> connection) {
    if (connection instanceof NIOConnection nio && nio.getChannel() instanceof SocketChannel channel) {
      ByteBuffer discard = ByteBuffer.allocate(4096);
      try {
        for (int reads = 0; reads < 16 && channel.read(discard) > 0; reads++) {
          discard.clear(); // non-blocking: stops at what has arrived, and never reads more than 64 KiB
        }
      } catch (IOException | RuntimeException gone) {
        // nothing to discard
      }
    }
  }
}
