package dev.socketchat.testing;

/**
 * The application server the integration tests currently share. A server is started for the first test class that
 * needs it and kept for the next ones (classes run grouped by server, see {@link ClassesBySimpleName}); it is stopped
 * when a class needs another server, or when the test run ends, so at most one runs at a time.
 */
final class SharedServers {
  private static AppServerProcess current;

  static {
    // a test JVM that ends abnormally must not leave a server behind
    Runtime.getRuntime().addShutdownHook(new Thread(SharedServers::stopCurrent, "stop-app-server"));
  }

  private SharedServers() {}

  /** The running server of this kind, started now if it is not running. */
  static synchronized AppServerProcess acquire(AppServer server) {
    return acquire(server, java.util.Map.of());
  }

  /**
   * The running server of this kind with these settings beyond the test settings, started now (the one running
   * stopped) if it is not running with them.
   */
  static synchronized AppServerProcess acquire(AppServer server, java.util.Map<String, String> extra) {
    if (current != null && current.server() == server && current.isAlive() && current.extraSettings().equals(extra)) {
      return current;
    }
    stopCurrent();
    current = AppServerProcess.start(server, extra);
    return current;
  }

  /** Stops the server if it is the one running. */
  static synchronized void stop(AppServer server) {
    if (current != null && current.server() == server) {
      stopCurrent();
    }
  }

  static synchronized void stopCurrent() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  /** Stops the last server when the test run ends; kept in JUnit's root store, which closes it then. */
  static final class StopAtEnd implements AutoCloseable {
    @Override
    public void close() {
      stopCurrent();
    }
  }
}
