package dev.socketchat.threads;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the server's own pools and timers: named daemon threads, which never keep the JVM alive. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Threads all called {@code name}: for an executor of one thread. */
  public static ThreadFactory named(String name) {
    Objects.requireNonNull(name, "name");
    return runnable -> daemon(runnable, name);
  }

  /** Threads called {@code prefix-1}, {@code prefix-2}, ... in the order they start. */
  public static ThreadFactory numbered(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    AtomicInteger count = new AtomicInteger();
    return runnable -> daemon(runnable, prefix + "-" + count.incrementAndGet());
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
