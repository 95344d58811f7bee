package dev.socketchat.testing;

import jakarta.websocket.DeploymentException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import org.glassfish.tyrus.server.Server;

/** A bare Tyrus container on a free loopback port serving a test's own endpoints: no runner, no chat. */
public final class BareTyrus implements AutoCloseable {
  private final Server server;
  private final int port;

  private BareTyrus(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts a container serving these {@code @ServerEndpoint} classes. */
  public static BareTyrus serving(Class<?>... endpoints) throws DeploymentException {
    int port = FreePorts.take(1)[0];
    Server server = new Server("127.0.0.1", port, "/", Map.of(), endpoints);
    server.start();
    return new BareTyrus(server, port);
  }

  /** The {@code ws://} address of a path on this container. */
  public URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + port + path);
  }

  /** Opens a JDK WebSocket to the path, whose frames go to {@code frames}. */
  public WebSocket connect(String path, FrameQueue frames) {
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .buildAsync(uri(path), frames)
        .join();
  }

  @Override
  public void close() {
    server.stop();
  }
}
