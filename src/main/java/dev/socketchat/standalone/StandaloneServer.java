package dev.socketchat.standalone;

import dev.socketchat.auth.TokenVerifier;
import dev.socketchat.config.EngineProducers;
import dev.socketchat.config.Settings;
import dev.socketchat.connection.AddressSlots;
import dev.socketchat.connection.LiveSessions;
import dev.socketchat.connection.PageOrigins;
import dev.socketchat.connection.TyrusFrameBuffer;
import dev.socketchat.domain.RoomManager;
import dev.socketchat.metrics.Meters;
import dev.socketchat.socketio.ClientScriptServlet;
import dev.socketchat.socketio.EngineSessions;
import dev.socketchat.socketio.PollingServlet;
import dev.socketchat.socketio.SocketIoEndpoint;
import dev.socketchat.socketio.SocketIoNamespaces;
import dev.socketchat.socketio.chat.ChatNamespace;
import dev.socketchat.web.HealthServlet;
import dev.socketchat.web.MetricsServlet;
import dev.socketchat.web.StatusServlet;
import dev.socketchat.websocket.ChatEndpoint;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.glassfish.grizzly.IOStrategy;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.servlet.ServletRegistration;
import org.glassfish.grizzly.servlet.WebappContext;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** Runs socketchat without an application server: CDI by Weld SE, WebSocket by Tyrus, HTTP by Grizzly. */
public final class StandaloneServer implements AutoCloseable {
  /** Every CDI bean of the application; the WAR finds the same ones by annotation. */
  static final List<Class<?>> BEANS =
      List.of(
          EngineProducers.class,
          RoomManager.class,
          LiveSessions.class,
          AddressSlots.class,
          PageOrigins.class,
          ChatEndpoint.class,
          SocketIoNamespaces.class,
          EngineSessions.class,
          SocketIoEndpoint.class,
          ChatNamespace.class);

  /** Every endpoint of the application. */
  static final List<Class<?>> ENDPOINTS = List.of(ChatEndpoint.class, SocketIoEndpoint.class);

  /** Every servlet of the application; the WAR finds the same ones by annotation. */
  static final List<Class<? extends HttpServlet>> SERVLETS =
      List.of(
          StatusServlet.class,
          HealthServlet.class,
          MetricsServlet.class,
          PollingServlet.class,
          ClientScriptServlet.class);

  /**
   * Bytes a request's head (its request line and headers) may take, as Node's HTTP server takes them: a Socket.IO
   * handshake whose query is too long for the chat (a room key of 1,000 Hangul syllables is 9,000 characters escaped)
   * reaches it and gets Socket.IO's {@code connect_error}, as from Socket.IO's own server, not Grizzly's 400 at its
   * default of 8 KiB, which socket.io-client reports without a reason and retries without end.
   */
  static final int MAX_HEAD_BYTES = 16 * 1024;

  private final WeldContainer weld;
  private final HttpServer http;
  private final TyrusContainer websockets;
  private final HttpRequestPool requests;
  private final CloseTimeouts closeTimeouts;
  private final String host;
  private final int port;

  private StandaloneServer(
      WeldContainer weld,
      HttpServer http,
      TyrusContainer websockets,
      HttpRequestPool requests,
      CloseTimeouts closeTimeouts,
      String host,
      int port) {
    this.weld = weld;
    this.http = http;
    this.websockets = websockets;
    this.requests = requests;
    this.closeTimeouts = closeTimeouts;
    this.host = host;
    this.port = port;
  }

  /**
   * Starts a server bound to {@code host:port} (port 0 picks a free one).
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static StandaloneServer start(String host, int port) {
    return start(host, port, Settings.environment(name -> null));
  }

  /**
   * Starts a server bound to {@code host:port} whose settings ({@code socketchat.*}, the HTTP limits included) are
   * read through {@code lookup} alone.
   *
   * @throws IllegalArgumentException naming a setting the server cannot use
   * @throws UncheckedIOException when the port cannot be bound
   */
  static StandaloneServer start(String host, int port, UnaryOperator<String> lookup) {
    Objects.requireNonNull(host, "host");
    RunnerSettings runnerSettings = new RunnerSettings(lookup);
    HttpLimits limits = HttpLimits.from(lookup);
    WeldContainer weld =
        new Weld("socketchat")
            .disableDiscovery()
            .property("org.jboss.weld.se.shutdownHook", false)
            .addBeanClasses(BEANS.toArray(Class<?>[]::new))
            .addExtension(runnerSettings)
            .initialize();
    CloseTimeouts closeTimeouts = null;
    try {
      Settings settings = runnerSettings.settings();
      closeTimeouts = new CloseTimeouts(settings.transport().closeTimeout());
      TyrusContainer websockets = new TyrusContainer(settings.socketIo().maxPayload());
      for (Class<?> endpoint : ENDPOINTS) {
        websockets.addEndpoint(endpoint);
      }
      HttpServer http = new HttpServer();
      NetworkListener listener = new NetworkListener("socketchat", host, port);
      listener.getTransport().setIOStrategy(ioStrategy(settings));
      listener.getKeepAlive().setIdleTimeoutInSeconds(settings.transport().httpIdleSeconds());
      listener.setMaxHttpHeaderSize(MAX_HEAD_BYTES);
      listener.registerAddOn(webSocketAddOn(websockets));
      ConnectionCapFilter cap = new ConnectionCapFilter(limits.maxConnections());
      weld.select(Meters.class)
          .get()
          .total(
              Meters.REFUSALS,
              Meters.REFUSALS_DESCRIPTION,
              cap,
              ConnectionCapFilter::refused,
              "reason",
              ConnectionCapFilter.REFUSED);
      listener.registerAddOn(
          new RunnerFilters(
              settings,
              closeTimeouts,
              cap,
              weld.select(AddressSlots.class).get(),
              weld.select(PageOrigins.class).get(),
              weld.select(TokenVerifier.class).get(),
              weld.select(RoomManager.class).get()));
      HttpRequestPool requests = HttpRequestPool.start(limits, listener, settings.socketIo().maxPayload() + 1);
      listener.registerAddOn(requests.addOn());
      http.addListener(listener);
      http.getServerConfiguration().setHttpServerName("socketchat");
      http.getServerConfiguration().setHttpServerVersion(null);
      http.getServerConfiguration().setDefaultErrorPageGenerator(new PlainErrorPage());
      http.getServerConfiguration()
          .addHttpHandler(new StaticFiles(StandaloneServer.class.getClassLoader(), "webapp/"), "/");
      WebappContext servlets = new WebappContext("socketchat", "");
      servlets.addContextInitParameter(PollingServlet.BODIES_GATHERED, "true"); // HttpRequestPool gathers them
      for (Class<? extends HttpServlet> servlet : SERVLETS) {
        register(servlets, servlet);
      }
      servlets.deploy(http);
      websockets.start("/", port);
      http.start();
      return new StandaloneServer(weld, http, websockets, requests, closeTimeouts, host, listener.getPort());
    } catch (IOException e) {
      stop(closeTimeouts, weld);
      throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + reason(e), e);
    } catch (DeploymentException | RuntimeException e) {
      stop(closeTimeouts, weld);
      throw new IllegalStateException("cannot start socketchat: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the settings and binds {@code host:port} for a moment, as {@link #start} would: a setting the server cannot
   * use, or an address it cannot listen on, stops the start before the warm-up.
   *
   * @throws IllegalArgumentException naming a setting the server cannot use
   * @throws UncheckedIOException when the port cannot be bound
   */
  static void check(String host, int port, UnaryOperator<String> lookup) {
    TokenVerifier.of(new RunnerSettings(lookup).settings().auth(), Clock.systemUTC());
    HttpLimits.from(lookup);
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + reason(e), e);
    }
  }

  /** Why the listener could not bind, as the operating system said it ("Address already in use"). */
  private static String reason(IOException e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  /** Stops what a start that failed had started. */
  private static void stop(CloseTimeouts closeTimeouts, WeldContainer weld) {
    if (closeTimeouts != null) {
      closeTimeouts.close();
    }
    weld.shutdown();
  }

  public int port() {
    return port;
  }

  public String host() {
    return host;
  }

  /** The filters of the listener's chain, in order: Grizzly keeps 28 bytes for each on every connection. */
  List<Filter> filters() {
    List<Filter> filters = new ArrayList<>();
    for (NetworkListener listener : http.getListeners()) {
      filters.addAll(listener.getFilterChain());
    }
    return List.copyOf(filters);
  }

  /**
   * Drains, as a node that restarts: readiness turns false, every connection is closed with 1012 and every Socket.IO
   * session likewise (in cluster mode with sessions on, their sessions wait in Redis for their clients to resume them
   * on another node); a connection that opens from now on is closed with 1012 too, a polling handshake answered 503.
   */
  public void drain() {
    weld.select(LiveSessions.class).get().drain();
    weld.select(EngineSessions.class).get().drain();
  }

  /**
   * Drains ({@link #drain}), waits for the connections to take what was queued for them and their close (at most the
   * stall timeout), and stops: HTTP and CDI.
   */
  @Override
  public void close() {
    // a close frame queued behind a slow reader's backlog arms its abort at once: the drain's readers get its wait
    closeTimeouts.atLeast(weld.select(Settings.class).get().transport().stallTimeout());
    drain();
    weld.select(LiveSessions.class).get().awaitDrained();
    websockets.stop();
    http.shutdownNow();
    requests.close();
    closeTimeouts.close();
    weld.shutdown();
  }

  /**
   * How Grizzly runs the work of a readable socket. With rooms in memory nothing a request does blocks (sends are
   * queued, pings and closes have their own threads), so the selector thread that read a frame handles it: no hand-off
   * to a worker thread and back, which measured 25 % less CPU per delivered message (BENCHMARK.md). In cluster mode a
   * request waits for Redis, so worker threads handle it and the selectors keep reading.
   */
  static IOStrategy ioStrategy(Settings settings) {
    return settings.cluster().enabled()
        ? WorkerThreadIOStrategy.getInstance()
        : SameThreadIOStrategy.getInstance();
  }

  /** Maps a servlet as its {@code @WebServlet} says, so the jar serves the same paths as the WAR. */
  private static void register(WebappContext servlets, Class<? extends HttpServlet> servlet) {
    WebServlet declared = servlet.getAnnotation(WebServlet.class);
    ServletRegistration registration = servlets.addServlet(servlet.getSimpleName(), servlet);
    registration.addMapping(declared.urlPatterns());
    registration.setAsyncSupported(declared.asyncSupported());
  }

  /**
   * Tyrus's Grizzly add-on is public but its constructor is not; the stock container would bind every interface
   * (0.0.0.0) where we bind only the host asked for, so the add-on is made here with the container we own.
   */
  private static AddOn webSocketAddOn(ServerContainer container) {
    try {
      Constructor<WebSocketAddOn> constructor =
          WebSocketAddOn.class.getDeclaredConstructor(ServerContainer.class, String.class);
      constructor.setAccessible(true);
      return constructor.newInstance(container, "/");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Tyrus version has no usable WebSocketAddOn", e);
    }
  }

  /** A Tyrus server container whose HTTP side is the Grizzly server above. */
  private static final class TyrusContainer extends TyrusServerContainer {
    private final WebSocketEngine engine;
    private final TyrusScheduler scheduler = new TyrusScheduler();

    /**
     * Tyrus reads each frame whole, by default refusing (1011) one over 4 MiB: its buffer is sized for a Socket.IO
     * message of {@code maxPayload} in one frame. It grows only as a frame arrives, and the frame guard has already
     * refused a frame that announces more.
     */
    TyrusContainer(int maxPayload) {
      super((java.util.Set<Class<?>>) null);
      this.engine =
          TyrusWebSocketEngine.builder(this).incomingBufferSize(TyrusFrameBuffer.bytesFor(maxPayload)).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
      engine.register(endpointClass, "/");
    }

    @Override
    public void register(jakarta.websocket.server.ServerEndpointConfig config) throws DeploymentException {
      engine.register(config, "/");
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
      return engine;
    }

    @Override
    public java.util.concurrent.ScheduledExecutorService getScheduledExecutorService() {
      return scheduler;
    }

    @Override
    public void stop() {
      super.stop();
      scheduler.shutdownNow();
    }
  }
}
