package dev.socketchat.standalone;

import dev.socketchat.threads.DaemonThreads;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.Closeable;
import org.glassfish.grizzly.CloseType;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.utils.DelayedExecutor;

/**
 * The aborts armed by {@link CloseTimeoutFilter}: one thread checks them all a few times per close timeout
 * (Grizzly's {@link DelayedExecutor}, as its idle timeouts do), so arming and disarming one wakes nobody; a timer task
 * per closed connection woke the timer's thread about once per close.
 */
final class CloseTimeouts implements AutoCloseable {
  // when the connection's abort is due (ms, the clock of System.currentTimeMillis), or UNSET_TIMEOUT once disarmed
  private static final Attribute<Long> ABORT_AT =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(CloseTimeouts.class.getName() + ".abortAt");

  private volatile long timeoutMillis;
  private final ExecutorService thread;
  private final DelayedExecutor checker;
  private final DelayedExecutor.DelayQueue<Connection<?>> armed;

  /** Aborts connections still open {@code timeout} after they were armed, checked every quarter of it (≤ 1 s). */
  CloseTimeouts(Duration timeout) {
    this(timeout, CloseTimeouts::abort);
  }

  /** The same with another way to end a connection (tests watch which ones end). */
  CloseTimeouts(Duration timeout, Consumer<Connection<?>> abort) {
    this.timeoutMillis = timeout.toMillis();
    this.thread =
        Executors.newSingleThreadExecutor(DaemonThreads.named("socketchat-close-timeouts"));
    this.checker =
        new DelayedExecutor(thread, Math.max(10, Math.min(1000, timeoutMillis / 4)), TimeUnit.MILLISECONDS);
    this.armed =
        checker.createDelayQueue(
            connection -> {
              abort.accept(connection);
              return true;
            },
            new Deadlines());
    checker.start();
  }

  /**
   * From now on gives the connections closed at least {@code timeout} (a drain: its readers have the stall timeout to
   * take what was queued for them before the close frame, which arms the abort as it is queued).
   */
  void atLeast(Duration timeout) {
    timeoutMillis = Math.max(timeoutMillis, timeout.toMillis());
  }

  /**
   * Arms a connection's abort, once: it ends the connection if it is still open a close timeout from now, and is
   * disarmed when the connection closes first, as it usually does within milliseconds.
   */
  void arm(Connection<?> connection) {
    if (ABORT_AT.get(connection) != null) {
      return;
    }
    armed.add(connection, timeoutMillis, TimeUnit.MILLISECONDS);
    // a close listener, not the close future: the future's handlers run in no set order, its listeners in theirs
    connection.addCloseListener((CloseListener<Closeable, CloseType>) (closed, type) -> armed.remove(connection));
  }

  /** Whether the connection's abort is armed: armed and neither done nor disarmed yet. */
  static boolean armed(Connection<?> connection) {
    Long due = ABORT_AT.get(connection);
    return due != null && due != DelayedExecutor.UNSET_TIMEOUT;
  }

  @Override
  public void close() {
    checker.destroy();
    thread.shutdownNow();
  }

  /**
   * Closes the socket at once with a reset (linger 0), dropping whatever the kernel still holds for the peer. Grizzly's
   * own close does nothing once a graceful close (Tyrus's, after its close frame) waits for the write queue to drain,
   * so the channel is closed here too.
   */
  private static void abort(Connection<?> connection) {
    if (!(connection instanceof NIOConnection nio) || !(nio.getChannel() instanceof SocketChannel channel)) {
      connection.terminateSilently();
      return;
    }
    if (!channel.isOpen()) {
      return;
    }
    try {
      channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException | RuntimeException e) {
      // closed meanwhile: the close below does no harm
    }
    connection.terminateSilently();
    try {
      channel.close();
    } catch (IOException e) {
      // it is closed either way
    }
  }

  /** Keeps each armed connection's deadline on the connection itself. */
  private static final class Deadlines implements DelayedExecutor.Resolver<Connection<?>> {
    @Override
    public boolean removeTimeout(Connection<?> connection) {
      boolean wasArmed = armed(connection);
      ABORT_AT.set(connection, DelayedExecutor.UNSET_TIMEOUT);
      return wasArmed;
    }

    @Override
    public long getTimeoutMillis(Connection<?> connection) {
      Long due = ABORT_AT.get(connection);
      return due == null ? DelayedExecutor.UNSET_TIMEOUT : due;
    }

    @Override
    public void setTimeoutMillis(Connection<?> connection, long due) {
      ABORT_AT.set(connection, due);
    }
  }
}
