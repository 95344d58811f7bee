package dev.socketchat.standalone;

import dev.socketchat.connection.FrameSink;
import dev.socketchat.connection.FrameRefusals;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.MessageCloner;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOTransport;

/**
 * Writes framed frames straight into the connection's Grizzly write queue, where the transport filter would put them
 * at the end of the filter chain, in order with every write before them; nothing in the chain touches a data frame
 * (the {@link CloseTimeoutFilter} looks only at close frames). Tyrus's own writes (pongs, closes) take the chain to the
 * same queue. The sink writes only once Tyrus has upgraded the connection, after its handshake answer. The frame's
 * array is shared by every recipient of a broadcast: Grizzly's heap memory manager wraps it without ever taking it
 * back into its buffer pool (a wrapped buffer is not disposable), so it is never overwritten. The sink stays with its
 * connection, where the frame guard's refusal finds where it goes through it ({@link #refuse}).
 */
final class GrizzlyFrameSink extends EmptyCompletionHandler<WriteResult<WritableMessage, Object>>
    implements FrameSink {
  /** The result of every write that went out: a send result holds nothing but its outcome, so one serves all. */
  private static final SendResult WRITTEN = new SendResult();

  private static final Attribute<GrizzlyFrameSink> SINK =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(GrizzlyFrameSink.class.getName());

  private final Connection<?> connection;
  private volatile AsyncQueueWriter<Object> queue;
  /**
   * The handler of the write under way; null between writes (it holds the send's frame, which an idle connection
   * would otherwise keep). There is one at a time ({@link FrameSink}'s contract), so the sink itself is the queue's
   * completion handler: a delivered frame costs no handler object of its own.
   */
  private volatile SendHandler pending;
  /** Where a refused frame's close goes (the connection's outbox, or the protocol over it); null until it opened. */
  private volatile FrameRefusals refusals;

  private GrizzlyFrameSink(Connection<?> connection) {
    this.connection = connection;
  }

  /** A sink for the connection, kept with it; a handshake repeated on the connection gets a new one. */
  static GrizzlyFrameSink attachTo(Connection<?> connection) {
    GrizzlyFrameSink sink = new GrizzlyFrameSink(connection);
    SINK.set(connection, sink);
    return sink;
  }

  /**
   * Closes the connection for a frame the guard refused, after the answers its outbox holds for the frames before it;
   * false, and nothing done, when it has no outbox (its endpoint did not open it yet): the caller closes it then.
   */
  static boolean refuse(Connection<?> connection, CloseReason close) {
    GrizzlyFrameSink sink = SINK.get(connection);
    FrameRefusals to = sink == null ? null : sink.refusals;
    if (to == null) {
      return false;
    }
    to.refuseFrame(close);
    return true;
  }

  @Override
  public void refusesThrough(FrameRefusals refusals) {
    this.refusals = refusals;
  }

  @Override
  public long pingedAt() {
    return UpgradedConnectionFilter.pingedAt(connection);
  }

  @Override
  public boolean ended() {
    return !connection.isOpen();
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean write(byte[] frame, SendHandler done) {
    AsyncQueueWriter<Object> to = queue;
    if (to == null) {
      if (!UpgradedConnectionFilter.isUpgraded(connection)
          || !(connection.getTransport() instanceof NIOTransport transport)) {
        return false;
      }
      to = (AsyncQueueWriter<Object>) transport.getAsyncQueueIO().getWriter();
      queue = to;
    }
    if (!connection.isOpen() || LingeringClose.isServerClosed(connection)) {
      // gone, or closing (nothing may follow the server's close frame, and the output may be shut already): the send
      // fails here rather than going the container's way, which would only fail later or throw
      done.onResult(new SendResult(new IOException("the connection is closed")));
      return true;
    }
    pending = done;
    to.write(
        (Connection<Object>) connection,
        null,
        Buffers.wrap(connection.getMemoryManager(), frame),
        this,
        (MessageCloner<WritableMessage>) null);
    return true;
  }

  /** The queue wrote the frame: hands that to the send's handler. */
  @Override
  public void completed(WriteResult<WritableMessage, Object> result) {
    report(WRITTEN);
  }

  @Override
  public void failed(Throwable cause) {
    report(new SendResult(cause instanceof Exception e ? e : new IllegalStateException(cause)));
  }

  @Override
  public void cancelled() {
    report(new SendResult(new IllegalStateException("the write was cancelled")));
  }

  /**
   * Hands the outcome to the handler of the write that ended, taken first: calling it may start the next write. A
   * second outcome of the same write, should Grizzly report one (a failure, then the close's), finds none.
   */
  private void report(SendResult result) {
    SendHandler done = pending;
    pending = null;
    if (done != null) {
      done.onResult(result);
    }
  }
}
