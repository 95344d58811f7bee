package dev.socketchat.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The WAR deployed to one application server, for a test class: register it as a static
 * {@code @RegisterExtension} field and use it as the class's {@link ServerUnderTest}.
 *
 * <pre>{@code
 * class Tomcat11SocketIoIT extends SocketIoContract {
 *   @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_11);
 *   @Override ServerUnderTest server() { return SERVER; }
 * }
 * }</pre>
 *
 * The class is skipped when {@code -Dservers=...} leaves its server out. Its server is shared with the other classes
 * of the same server (see {@link SharedServers}): name a class after its server ({@code Tomcat11...IT}) so that
 * {@link ClassesBySimpleName} runs them one after another; {@code ...WarDeploymentIT}, which stops the server at its
 * end, sorts last. When one of the class's tests failed, the end of the server's log is printed after the class.
 */
public final class DeployedServer
    implements ServerUnderTest, ExecutionCondition, BeforeAllCallback, AfterAllCallback, TestWatcher {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DeployedServer.class);

  private final AppServer server;
  private final Map<String, String> settings;
  private final AtomicBoolean failed = new AtomicBoolean();
  private volatile AppServerProcess running;

  private DeployedServer(AppServer server, Map<String, String> settings) {
    this.server = Objects.requireNonNull(server, "server");
    this.settings = Map.copyOf(settings);
  }

  public static DeployedServer on(AppServer server) {
    return new DeployedServer(server, Map.of());
  }

  /**
   * The WAR on that server started with settings of the class's own beyond {@link AppServer#TEST_SETTINGS} (the
   * shared server is restarted for it, and again for the next class without them).
   */
  public static DeployedServer on(AppServer server, Map<String, String> settings) {
    return new DeployedServer(server, settings);
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    ServerSelection selection = ServerSelection.current();
    return selection.includes(server)
        ? ConditionEvaluationResult.enabled(server.id() + " is selected")
        : ConditionEvaluationResult.disabled(server.id() + " is not selected (-Dservers=" + selection + ")");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedServers.StopAtEnd.class);
    running = SharedServers.acquire(server, settings);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    failed.set(true);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (failed.get() && running != null) {
      System.err.println(running.logTail(300));
    }
  }

  /** The running server; only during the test class. */
  public AppServerProcess running() {
    return Optional.ofNullable(running).orElseThrow(() -> new IllegalStateException(server.id() + " is not started"));
  }

  /** Stops the server now (with SIGTERM, as an operator would); the next class that needs it starts it again. */
  public void stop() {
    SharedServers.stop(server);
  }

  public AppServer appServer() {
    return server;
  }

  @Override
  public String name() {
    return server.id();
  }

  @Override
  public URI base() {
    return running().base();
  }

  @Override
  public Duration heartbeatTimeout() {
    return AppServer.HEARTBEAT_TIMEOUT;
  }
}
