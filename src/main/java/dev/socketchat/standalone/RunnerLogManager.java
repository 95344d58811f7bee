package dev.socketchat.standalone;

import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The runner's log manager: the JDK's closes every log handler in a shutdown hook of its own, which runs alongside the
 * runner's, so what the runner logs while it drains and stops (the connections it closed, the node leaving the
 * cluster, a goodbye Redis did not hear) was lost; this one keeps the handlers until the runner has stopped. {@link
 * Main} makes it the JVM's (unless {@code java.util.logging.manager} names another) before anything logs.
 */
public final class RunnerLogManager extends LogManager {
  // whether the runner's shutdown hook is in place, which resets the handlers once it is done
  private static volatile boolean holding;

  /**
   * From now on a reset during shutdown waits for {@link #stopped}; the root handlers are made now, as the JDK makes
   * no more of them once it shuts down (a configuration that logs only warnings would otherwise have none by then).
   */
  static void holdUntilStopped() {
    var unused = Logger.getLogger("").getHandlers();
    holding = true;
  }

  /** Flushes and closes the handlers, as the JDK would have at shutdown, once the runner has stopped. */
  static void stopped() {
    if (LogManager.getLogManager() instanceof RunnerLogManager runner) {
      runner.resetNow();
    }
  }

  @Override
  public void reset() {
    if (!(holding && shuttingDown())) {
      super.reset(); // reading the configuration, a reset someone asked for, or an exit before the runner ran
    }
  }

  private void resetNow() {
    super.reset();
  }

  /** Whether the JVM is running its shutdown hooks: it takes no more of them then. */
  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shutdownInProgress) {
      return true;
    }
  }
}
