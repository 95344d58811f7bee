package dev.socketchat.standalone;

import dev.socketchat.config.Settings;
import dev.socketchat.connection.ContainerCloses;
import dev.socketchat.connection.EndpointPaths;
import jakarta.websocket.CloseReason;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;
import org.glassfish.tyrus.spi.ReadHandler;

/**
 * Hands the bytes of a connection Tyrus has upgraded to WebSocket straight to Tyrus, past Grizzly's HTTP codec, so
 * the upgrade request's HTTP objects (about 9 KiB per connection, kept alive by the codec for the life of the socket)
 * are let go after the first frame.
 *
 * <p>Without it, Grizzly's HTTP filter treats every later read as more body of the upgrade request and hands it to
 * Tyrus's filter as content of that request; this filter does the same hand-over one step earlier, through the same
 * per-connection task queue Tyrus uses. It finds Tyrus's per-connection state by the attribute names Tyrus 2.1
 * registers; a Tyrus that registers none leaves every read to the normal path, which still works (but unguarded).
 *
 * <p>On the way, a {@link FrameGuard} reads every frame header: a frame or message announcing more than the endpoint's
 * limit ({@code /chat}: {@link Settings#MAX_FRAME_BYTES}; {@code /socket.io/}: {@code socketchat.socketio.max-payload})
 * is refused with 1009, an unmasked frame with 1002, before its payload reaches Tyrus, which would buffer it whole.
 * After each read, Tyrus's read buffer goes if the read left nothing in it ({@link TyrusReadBuffers}).
 */
final class UpgradedConnectionFilter extends BaseFilter {
  static final Attribute<org.glassfish.tyrus.spi.Connection> TYRUS_CONNECTION =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
          "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter.Connection");
  static final Attribute<TaskProcessor> TASK_PROCESSOR =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(TaskProcessor.class.getName() + ".TaskProcessor");
  private static final Attribute<Object> HTTP_REQUEST_IN_PROCESS =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
  /** Tyrus's filter, package-private in its module: found by name, as its attributes are. */
  static final String TYRUS_FILTER = "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter";
  private static final Attribute<PendingUpgrade> PENDING =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(PendingUpgrade.class.getName());
  private static final Attribute<FrameGuard> GUARD =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(FrameGuard.class.getName());

  private final Settings settings;
  /**
   * Bytes that may wait for a WebSocket client before it counts as not reading: beyond what the outbox lets wait
   * (its limit in characters, at most three bytes each as UTF-8), frames nobody queues through the outbox, such as the
   * pongs Tyrus sends by itself for a client's pings, must not pile up without end.
   */
  private final long maxUntakenBytes;

  UpgradedConnectionFilter(Settings settings) {
    this.settings = settings;
    this.maxUntakenBytes = 3L * settings.outboxLimit() + 2L * Settings.MAX_FRAME_BYTES;
  }

  /** The class of Tyrus's filter, which answers the upgrade. */
  static Class<? extends Filter> tyrusFilter() {
    try {
      return Class.forName(TYRUS_FILTER).asSubclass(Filter.class);
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IllegalStateException("this Tyrus has no Grizzly filter named " + TYRUS_FILTER, e);
    }
  }

  /** Whether Grizzly's HTTP codec is parsing a request of this connection (its head or its body). */
  static boolean requestInParse(Connection<?> connection) {
    return HTTP_REQUEST_IN_PROCESS.get(connection) != null;
  }

  /** Whether Tyrus has upgraded this connection to WebSocket. */
  static boolean isUpgraded(Connection<?> connection) {
    return TYRUS_CONNECTION.get(connection) != null;
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    return receive(ctx.getConnection(), ctx.getMessage()) ? ctx.getStopAction() : ctx.getInvokeAction();
  }

  /**
   * Notes that the connection's upgrade request is being answered, with the bytes that came in the same read ({@link
   * EarlyFramesFilter}), if any: the first {@link #receive} after the upgrade sets the connection up (its lingering
   * close) and hands those bytes on first.
   */
  static void awaitUpgrade(Connection<?> connection, byte[] early) {
    PENDING.set(connection, new PendingUpgrade(early));
  }

  /**
   * Hands bytes read from a connection Tyrus has upgraded to it (through the frame guard, in the connection's task
   * order), after any that came with its upgrade request; false, and nothing done, for a connection that is not
   * upgraded. {@code input} may be null: only the upgrade's own set-up then.
   */
  boolean receive(Connection<?> connection, Buffer input) {
    org.glassfish.tyrus.spi.Connection websocket = TYRUS_CONNECTION.get(connection);
    TaskProcessor tasks = TASK_PROCESSOR.get(connection);
    if (websocket == null || tasks == null) {
      return false;
    }
    PendingUpgrade pending = PENDING.get(connection);
    if (pending == null) {
      deliver(connection, websocket, tasks, input);
      return true;
    }
    // set up after the chain of the upgrade request, when the connection may already be reading again on another
    // thread (worker threads in cluster mode): whichever comes first does it, and hands the early bytes on first
    synchronized (pending) {
      if (pending.finish()) {
        LingeringClose.install(websocket, connection);
        byte[] early = pending.early;
        if (early != null) {
          deliver(connection, websocket, tasks, Buffers.wrap(connection.getMemoryManager(), early));
        }
        PENDING.remove(connection);
      }
      deliver(connection, websocket, tasks, input);
    }
    return true;
  }

  /** An upgrade being answered, with the bytes that came in the same read as its request (null for none). */
  private static final class PendingUpgrade {
    final byte[] early;
    private boolean finished;

    PendingUpgrade(byte[] early) {
      this.early = early;
    }

    /** True the first time: the caller finishes the upgrade's set-up. */
    boolean finish() {
      boolean first = !finished;
      finished = true;
      return first;
    }
  }

  private void deliver(
      Connection<?> connection, org.glassfish.tyrus.spi.Connection websocket, TaskProcessor tasks, Buffer input) {
    if (input == null) {
      return;
    }
    FrameGuard guard = guard(connection);
    if (LingeringClose.isServerClosed(connection)) {
      // after the server's close frame: followed only to see the client's close frame come, handed to nobody
      forEachPart(input, bytes -> LingeringClose.drop(connection, guard, bytes));
      return;
    }
    if (guard.refusal().isEmpty() && untaken(connection) > maxUntakenBytes) {
      // a client that sends (pings, say) but never reads: what Tyrus answers by itself would queue without end
      FrameGuard.Refusal refusal = new FrameGuard.Refusal(1013, ContainerCloses.TAKES_NOTHING);
      guard.refuse(refusal);
      tasks.processTask(new Refuse(connection, websocket, refusal, false));
    }
    forEachPart(input, bytes -> pass(connection, bytes, guard, websocket, tasks));
  }

  private static void forEachPart(Buffer input, Consumer<ByteBuffer> action) {
    if (!input.isComposite()) {
      action.accept(input.toByteBuffer());
    } else {
      ByteBufferArray parts = input.toByteBufferArray();
      ByteBuffer[] array = parts.getArray();
      for (int i = 0; i < parts.size(); i++) {
        action.accept(array[i]);
      }
      parts.recycle();
    }
  }

  /** The connection's frame guard, made for the endpoint of its upgrade request on first use. */
  private FrameGuard guard(Connection<?> connection) {
    FrameGuard guard = GUARD.get(connection);
    if (guard == null) {
      guard = new FrameGuard(limitFor(HTTP_REQUEST_IN_PROCESS.get(connection)));
      GUARD.set(connection, guard);
    }
    HTTP_REQUEST_IN_PROCESS.remove(connection);
    return guard;
  }

  /** When the connection's last admitted ping came in full (see {@link FrameGuard#pingedAt}); 0 if none yet. */
  static long pingedAt(Connection<?> connection) {
    FrameGuard guard = GUARD.get(connection);
    return guard == null ? 0 : guard.pingedAt();
  }

  /** The connection's frame guard; a fresh one that never read a byte when the connection read none yet. */
  static FrameGuard guardOf(Connection<?> connection) {
    FrameGuard guard = GUARD.get(connection);
    return guard != null ? guard : new FrameGuard(Settings.MAX_FRAME_BYTES);
  }

  /** Bytes queued for the connection's socket that the client has not taken yet. */
  private static int untaken(Connection<?> connection) {
    return connection instanceof NIOConnection nio ? nio.getAsyncWriteQueue().spaceInBytes() : 0;
  }

  /** The largest message the endpoint the connection was upgraded on takes, by the path of its upgrade request. */
  private long limitFor(Object upgradeRequest) {
    long socketIo = settings.socketIo().maxPayload();
    if (upgradeRequest instanceof HttpRequestPacket request) {
      String path = EndpointPaths.matched(request.getRequestURI()); // as routed: /%73ocket.io/ is Engine.IO's
      return path.startsWith("/socket.io") ? socketIo : Settings.MAX_FRAME_BYTES;
    }
    return Math.max(socketIo, Settings.MAX_FRAME_BYTES);
  }

  /** Hands Tyrus the bytes the guard admits; after a refusal, closes the connection with its code instead. */
  private static void pass(
      Connection<?> connection,
      ByteBuffer bytes,
      FrameGuard guard,
      org.glassfish.tyrus.spi.Connection websocket,
      TaskProcessor tasks) {
    boolean refusedBefore = guard.refusal().isPresent();
    int admitted = guard.admit(bytes);
    if (admitted == bytes.remaining()) {
      tasks.processTask(new Read(bytes, websocket.getReadHandler()));
      return;
    }
    if (admitted > 0) {
      ByteBuffer head = bytes.duplicate();
      head.limit(head.position() + admitted);
      tasks.processTask(new Read(head, websocket.getReadHandler()));
    }
    if (!refusedBefore) {
      FrameGuard.Refusal refusal = guard.refusal().orElseThrow();
      tasks.processTask(new Refuse(connection, websocket, refusal, true));
    }
  }

  /**
   * The close of a connection whose guard refused what it read, after the frames before it, in the connection's order.
   * A refused frame's close goes out after the answers to those frames too, through the connection's outbox, where the
   * endpoint has made one; a client that takes nothing is closed at once, as it would not read them.
   */
  private static final class Refuse extends TaskProcessor.Task {
    private final Connection<?> connection;
    private final org.glassfish.tyrus.spi.Connection websocket;
    private final FrameGuard.Refusal refusal;
    private final boolean afterAnswers;

    Refuse(
        Connection<?> connection,
        org.glassfish.tyrus.spi.Connection websocket,
        FrameGuard.Refusal refusal,
        boolean afterAnswers) {
      this.connection = connection;
      this.websocket = websocket;
      this.refusal = refusal;
      this.afterAnswers = afterAnswers;
    }

    @Override
    public void execute() {
      CloseReason close = new CloseReason(CloseReason.CloseCodes.getCloseCode(refusal.code()), refusal.reason());
      if (!afterAnswers || !GrizzlyFrameSink.refuse(connection, close)) {
        websocket.close(close);
      }
    }
  }

  /** Bytes read from the socket, for Tyrus's frame parser, in the connection's task order. */
  private static final class Read extends TaskProcessor.Task {
    private final ByteBuffer bytes;
    private final ReadHandler reader;

    Read(ByteBuffer bytes, ReadHandler reader) {
      this.bytes = bytes;
      this.reader = reader;
    }

    @Override
    public void execute() {
      reader.handle(bytes);
      TyrusReadBuffers.releaseIfEmpty(reader);
    }
  }
}
