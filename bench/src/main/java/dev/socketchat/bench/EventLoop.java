package dev.socketchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread that runs every connection of a generator process, its timers and a ticker (the send schedule),
 * so that holding thousands of connections costs one thread and no locks. Everything but {@link #execute} and
 * {@link #call} must run on the loop thread.
 */
final class EventLoop implements AutoCloseable {
  private final Selector selector;
  private final Thread thread;
  /** Tasks run per turn at most, so that a stream of them (the JDK client's callbacks) cannot starve the ticker. */
  private static final int TASKS_PER_TURN = 256;

  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private long timerSerial;
  private volatile boolean running = true;
  private Runnable ticker;

  /** Where reads land; shared by all connections because only one reads at a time. */
  final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);
  /** Where outgoing frames are built; shared for the same reason. */
  byte[] frameScratch = new byte[16 * 1024];
  /** Where outgoing payloads are assembled before framing. */
  byte[] payloadScratch = new byte[16 * 1024];

  /** A task due at a point in time; cancelled timers stay queued and are skipped. */
  static final class Timer implements Comparable<Timer> {
    final long due;
    final long serial;
    final Runnable task;
    boolean cancelled;

    Timer(long due, long serial, Runnable task) {
      this.due = due;
      this.serial = serial;
      this.task = task;
    }

    void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Timer other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(serial, other.serial);
    }
  }

  EventLoop(String name) {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  Selector selector() {
    return selector;
  }

  /** Whether the caller runs on the loop thread. */
  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Runs a task on the loop thread. */
  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  /** Runs a task on the loop thread and hands back its result. */
  <T> CompletableFuture<T> call(Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    execute(
        () -> {
          try {
            result.complete(task.call());
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  /** Runs a task after a delay, on the loop thread. */
  Timer schedule(long delayNanos, Runnable task) {
    Timer timer = new Timer(System.nanoTime() + delayNanos, timerSerial++, task);
    timers.add(timer);
    return timer;
  }

  /** Sets the task run on every turn of the loop, at least once a millisecond; null stops it. */
  void tick(Runnable task) {
    ticker = task;
  }

  private void run() {
    while (running) {
      try {
        if (tasks.isEmpty()) {
          selector.select(waitMillis());
        } else {
          selector.selectNow();
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (key.isValid() && key.attachment() instanceof WsConnection connection) {
            connection.ready(key);
          }
        }
        Runnable task;
        for (int n = 0; n < TASKS_PER_TURN && (task = tasks.poll()) != null; n++) {
          task.run();
        }
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().due <= now) {
          Timer timer = timers.poll();
          if (!timer.cancelled) {
            timer.task.run();
          }
        }
        if (ticker != null) {
          ticker.run();
        }
      } catch (IOException e) {
        System.err.println("event loop: " + e);
      } catch (RuntimeException e) {
        System.err.println("event loop task failed: " + e);
        System.err.println("  at " + java.util.Arrays.toString(e.getStackTrace()));
      }
    }
  }

  private long waitMillis() {
    if (ticker != null) {
      return 1;
    }
    while (!timers.isEmpty() && timers.peek().cancelled) {
      timers.poll();
    }
    if (timers.isEmpty()) {
      return 100;
    }
    long millis = (timers.peek().due - System.nanoTime()) / 1_000_000;
    return Math.max(1, Math.min(100, millis));
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
  }
}
