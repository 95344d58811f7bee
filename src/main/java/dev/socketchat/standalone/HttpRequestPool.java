package dev.socketchat.standalone;

import dev.socketchat.threads.DaemonThreads;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteHandler;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOConnection;

/**
 * Runs every plain HTTP request (servlets, static files) on a bounded pool of its own, never on a selector thread or
 * a worker that handles WebSocket frames; and no thread waits for a slow peer's request body.
 *
 * <p>It sits right before Grizzly's HTTP server filter, after Tyrus's: WebSocket upgrades and frames are handled
 * earlier in the chain and never get here. A request body up to the gather limit (a Socket.IO payload) is gathered
 * here as its chunks arrive, and the request goes to a thread once it is whole: a body that trickles in a byte at a
 * time holds no thread, and one not whole an I/O timeout after its first chunk is answered 400 and its connection
 * closed. A larger body goes to a thread at once; its handler's blocking read (on a pool thread) runs the chain again
 * up to here and passes straight through. A request that finds every thread busy and the queue full is refused by
 * closing its connection.
 *
 * <p>Timeouts: Grizzly's transport read and write timeouts bound a blocking read of the body and a blocking write
 * (one that waits because the connection's write queue is full). A response that fit the write queue is no longer
 * anybody's thread's business, so once its request is done, a timer checks that the peer takes it: a connection whose
 * queued bytes have not gone down for a whole I/O timeout is reset. Likewise a request whose handler answered before
 * its body had arrived (a refusal, or a read that timed out): Grizzly waits for the rest of the body before it reads
 * the next request, and a peer that never sends it has its connection reset an I/O timeout later. (A response the
 * kernel's socket buffers took whole is idle from here on: the keep-alive timeout is what ends such a connection.)
 *
 * <p>Pipelined requests: one is handled once the answers before it have (nearly) gone to the peer, so a connection
 * holds at most about one answer in memory, however many requests it sends ahead without reading. Grizzly would take
 * each in turn, and its write queue bounds a connection only at four times the socket's send buffer as the kernel sized
 * it at the connect, megabytes on loopback or a LAN: forty connections that asked for the Socket.IO bundle 256 times
 * each and read nothing held 250 MB of heap, and their requests held every thread. A request pipelined behind one
 * whose connection has ended meanwhile (an I/O timeout, a reset) is dropped, not handled.
 */
final class HttpRequestPool extends BaseFilter implements AutoCloseable {
  /**
   * Bytes of earlier answers that may still wait in a connection's write queue when a request pipelined behind them
   * goes to a thread: more, and it waits for the peer to take them first.
   */
  static final int PIPELINE_BACKLOG = 64 * 1024;
  private static final ThreadLocal<Boolean> ON_POOL = ThreadLocal.withInitial(() -> false);
  // the request whose body Grizzly's codec is still reading on a connection; removed once the body is complete
  private static final Attribute<Object> IN_PROCESS =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
          org.glassfish.grizzly.http.HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);

  // the request whose body this filter gathers on a connection before any thread handles it
  private static final Attribute<Gather> GATHERING =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpRequestPool.class.getName() + ".gathering");
  // the pool place of the connection's latest request, which the connection's next request may take over
  private static final Attribute<PoolPlaces.Place> ADMISSION =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpRequestPool.class.getName() + ".admission");
  // the request a pool thread serves: more of its body, read by its handler, passes straight through
  private static final ThreadLocal<Serving> SERVING = new ThreadLocal<>();
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TOO_SLOW =
      String.join(
              "\r\n",
              "HTTP/1.1 400 Bad Request",
              "Content-Length: 0",
              "Connection: close",
              "",
              "")
          .getBytes(StandardCharsets.US_ASCII);

  private final ExecutorService threads;
  private final PoolPlaces places;
  private final ScheduledExecutorService timer;
  private final long timeoutMillis;
  private final int gatherLimit;
  // the bytes of all bodies being gathered, and their most: an eighth of the heap
  private final AtomicLong gathered = new AtomicLong();
  private final long gatherBudget = Runtime.getRuntime().maxMemory() / 8;

  private HttpRequestPool(ExecutorService threads, int admissions, long timeoutMillis, int gatherLimit) {
    this.threads = threads;
    this.places = new PoolPlaces(admissions);
    this.timeoutMillis = timeoutMillis;
    this.gatherLimit = gatherLimit;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("socketchat-http-timer"));
  }

  /**
   * Starts the pool's threads as {@code limits} says, and applies its I/O timeout to the listener's transport; request
   * bodies up to {@code gatherLimit} bytes are gathered before a thread handles them.
   */
  static HttpRequestPool start(HttpLimits limits, NetworkListener listener, int gatherLimit) {
    long timeout = limits.ioTimeout().toMillis();
    listener.getTransport().setReadTimeout(timeout, TimeUnit.MILLISECONDS);
    listener.getTransport().setWriteTimeout(timeout, TimeUnit.MILLISECONDS);
    ThreadFactory numbered = DaemonThreads.numbered("socketchat-http");
    ThreadPoolExecutor threads =
        new ThreadPoolExecutor(
            limits.threads(),
            limits.threads(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable ->
                numbered.newThread(
                    () -> {
                      ON_POOL.set(true);
                      runnable.run();
                    }));
    threads.allowCoreThreadTimeOut(true);
    return new HttpRequestPool(threads, limits.places(), timeout, gatherLimit);
  }

  /** Puts this filter right before Grizzly's HTTP server filter of the listener it is registered with. */
  AddOn addOn() {
    return FilterPlacement.before(HttpServerFilter.class, () -> this);
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    HttpContent content = ctx.getMessage() instanceof HttpContent c ? c : null;
    HttpRequestPacket request =
        content != null && content.getHttpHeader() instanceof HttpRequestPacket r ? r : null;
    Serving serving = SERVING.get();
    if (ON_POOL.get() && (request == null || serving == null || !serving.bodyDone)) {
      if (serving != null && content != null && content.isLast()) {
        serving.bodyDone = true; // what comes after it on this thread is a request pipelined behind it
      }
      return ctx.getInvokeAction(); // the body of the request this thread serves, read by its handler
    }
    Connection<?> connection = ctx.getConnection();
    if (request != null && gatherable(request, content)) {
      Gather gather = GATHERING.get(connection);
      if (gather == null || gather.request != request) {
        gather = start(connection, request);
      }
      long size = content.getContent().remaining();
      long total = gathered.addAndGet(size - gather.bytes);
      gather.bytes = size;
      if (total <= gatherBudget) {
        return ctx.getStopAction(content); // Grizzly appends the next chunk to it and brings it back here
      }
      // over the budget of all gathered bodies: a thread takes it as it is, and its handler reads the rest
    }
    Gather gathering = GATHERING.get(connection);
    if (gathering != null && !settle(connection, gathering)) {
      return ctx.getStopAction(); // its deadline came first: answered 400 and closing
    }
    if (!connection.isOpen()) {
      return ctx.getStopAction(); // pipelined behind a request whose connection ended: nobody reads its answer
    }
    boolean bodyDone = request == null || content.isLast() || !request.isExpectContent();
    ctx.suspend();
    if (connection instanceof NIOConnection queued && queued.getAsyncWriteQueue().spaceInBytes() > PIPELINE_BACKLOG) {
      // the answers before it are still on their way to the peer: this one waits, without a thread, until they went
      var taken = new BacklogTaken(ctx, queued, request, bodyDone);
      queued.getAsyncWriteQueue().notifyWritePossible(taken, PIPELINE_BACKLOG + 1);
    } else {
      dispatch(ctx, connection, request, bodyDone);
    }
    return ctx.getSuspendAction();
  }

  /** Hands a suspended request to a pool thread, or closes its connection when none is free and the queue is full. */
  private void dispatch(
      FilterChainContext ctx, Connection<?> connection, HttpRequestPacket request, boolean bodyDone) {
    PoolPlaces.Place admission = admit(connection);
    if (admission == null) {
      connection.closeSilently();
      ctx.resume(ctx.getStopAction());
      return;
    }
    Serving served = new Serving(bodyDone);
    try {
      threads.execute(
          () -> {
            SERVING.set(served);
            try {
              ctx.resumeNext();
            } finally {
              SERVING.remove();
              admission.end();
              watchUnread(connection);
              watchUnsent(connection, request);
            }
          });
    } catch (RejectedExecutionException stopped) {
      admission.end();
      connection.closeSilently();
      ctx.resume(ctx.getStopAction());
    }
  }

  /**
   * Dispatches a request pipelined behind answers its peer had not taken yet, once it took them (all but {@value
   * #PIPELINE_BACKLOG} bytes); Grizzly calls it as the connection's write queue goes down, or fails it when the
   * connection ends (the previous request's {@link #watchUnread} resets one whose peer takes nothing).
   */
  private final class BacklogTaken implements WriteHandler {
    private final FilterChainContext ctx;
    private final NIOConnection connection;
    private final HttpRequestPacket request;
    private final boolean bodyDone;

    BacklogTaken(FilterChainContext ctx, NIOConnection connection, HttpRequestPacket request, boolean bodyDone) {
      this.ctx = ctx;
      this.connection = connection;
      this.request = request;
      this.bodyDone = bodyDone;
    }

    @Override
    public void onWritePossible() {
      if (connection.getAsyncWriteQueue().spaceInBytes() > PIPELINE_BACKLOG) {
        connection.getAsyncWriteQueue().notifyWritePossible(this, PIPELINE_BACKLOG + 1); // went down, not enough
      } else if (!connection.isOpen()) {
        ctx.resume(ctx.getStopAction());
      } else {
        dispatch(ctx, connection, request, bodyDone);
      }
    }

    @Override
    public void onError(Throwable closed) {
      ctx.resume(ctx.getStopAction());
    }
  }

  /**
   * Admits a request to the pool, or returns null when every thread is busy and the queue full. A request of a
   * connection whose previous request still holds its admission takes that one over: the previous request is done
   * (HTTP/1.1 reads a connection's next request only then), and only its thread's last steps are left. Without that, a
   * request pipelined behind another, or sent the moment the previous answer arrived, found the previous one's
   * admission still taken and, on a pool without room for one more, had its connection closed unanswered.
   */
  private PoolPlaces.Place admit(Connection<?> connection) {
    PoolPlaces.Place admission = places.take(ADMISSION.get(connection));
    if (admission != null) {
      ADMISSION.set(connection, admission);
    }
    return admission;
  }

  /**
   * Whether the request's body is gathered before a thread takes it: a body of a known length up to the gather limit,
   * or chunked, still arriving. Not a request that asks for an upgrade (Grizzly hands no body of it on), nor one
   * without a body (CONNECT, HTTP/2's preface: Grizzly expects content of them, of no length).
   */
  private boolean gatherable(HttpRequestPacket request, HttpContent content) {
    long length = request.getContentLength();
    return request.isExpectContent()
        && request.getUpgrade() == null
        && !content.isLast()
        && ((length > 0 && length <= gatherLimit) || request.isChunked())
        && content.getContent().remaining() <= gatherLimit;
  }

  /**
   * Starts gathering the request's body, without a thread: a client that expects 100-continue is told to go ahead,
   * and a body that has not arrived in full an I/O timeout from now is answered 400 and its connection closed, however
   * slowly it trickles meanwhile.
   */
  private Gather start(Connection<?> connection, HttpRequestPacket request) {
    Gather gather = new Gather(request);
    GATHERING.set(connection, gather);
    if (request.requiresAcknowledgement()) {
      write(connection, CONTINUE, null); // (Grizzly's handler may send its own later: a client takes any number)
    }
    schedule(
        () -> {
          if (settle(connection, gather) && connection.isOpen()) {
            write(connection, TOO_SLOW, new CloseWhenWritten(connection));
          }
        });
    return gather;
  }

  /** Ends a gathering once, by its dispatch or by its deadline: false when the other came first. */
  private boolean settle(Connection<?> connection, Gather gather) {
    if (!gather.claimed.compareAndSet(false, true)) {
      return false;
    }
    if (GATHERING.get(connection) == gather) {
      GATHERING.remove(connection);
    }
    gathered.addAndGet(-gather.bytes);
    return true;
  }

  /**
   * The request a pool thread serves, as far as its body goes: until the body's last chunk, what the thread reads is
   * that body (its handler's blocking read); after it, a request pipelined behind (Grizzly may recycle the same
   * request object for it, so the object does not tell them apart).
   */
  private static final class Serving {
    boolean bodyDone; // touched by its pool thread only

    Serving(boolean bodyDone) {
      this.bodyDone = bodyDone;
    }
  }

  /** A request body being gathered on a connection; its bytes count against the budget of all of them. */
  private static final class Gather {
    final HttpRequestPacket request;
    final AtomicBoolean claimed = new AtomicBoolean();
    long bytes; // changed by the connection's reads, one at a time

    Gather(HttpRequestPacket request) {
      this.request = request;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // Connection.write's handler is typed by the message; this one is raw
  private static void write(Connection connection, byte[] bytes, CloseWhenWritten then) {
    connection.write(Buffers.wrap(connection.getMemoryManager(), bytes), then);
  }

  /** Resets the connection if the peer leaves the bytes queued for it untaken for a whole I/O timeout. */
  private void watchUnread(Connection<?> connection) {
    if (connection instanceof NIOConnection queued && queued.isOpen()) {
      int pending = queued.getAsyncWriteQueue().spaceInBytes();
      if (pending > 0) {
        schedule(() -> checkUnread(queued, pending));
      }
    }
  }

  /**
   * Resets the connection if the request's body is still incomplete an I/O timeout after its handler finished. Only
   * the request the codec still reads counts: a finished one is recycled, and a recycled request says it expects
   * content again.
   */
  private void watchUnsent(Connection<?> connection, HttpRequestPacket request) {
    if (unsent(connection, request) && connection.isOpen()) {
      schedule(
          () -> {
            if (unsent(connection, request)) {
              abort(connection);
            }
          });
    }
  }

  private static boolean unsent(Connection<?> connection, HttpRequestPacket request) {
    // a body gathered here has its own deadline (Grizzly may recycle the request object for the one pipelined behind)
    return request != null
        && IN_PROCESS.get(connection) == request
        && request.isExpectContent()
        && GATHERING.get(connection) == null;
  }

  private void checkUnread(NIOConnection connection, int before) {
    if (!connection.isOpen()) {
      return;
    }
    int pending = connection.getAsyncWriteQueue().spaceInBytes();
    if (pending == 0) {
      return;
    }
    if (pending == before) {
      abort(connection); // nothing taken for a whole timeout (a peer that takes some while more is queued goes on)
    } else {
      schedule(() -> checkUnread(connection, pending));
    }
  }

  /**
   * Resets the connection: a graceful close would wait for the peer to take the queued bytes, and the kernel would
   * keep trying to deliver what it holds.
   */
  private static void abort(Connection<?> connection) {
    if (connection instanceof TCPNIOConnection tcp && tcp.getChannel() instanceof SocketChannel channel) {
      try {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      } catch (IOException | RuntimeException closing) {
        // already closed, or closing: terminating it below is all that is left to do
      }
    }
    connection.terminateSilently();
  }

  private void schedule(Runnable check) {
    try {
      var unused = timer.schedule(check, timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopped) {
      // the server is shutting down and closes every connection anyway
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
    timer.shutdownNow();
  }
}
