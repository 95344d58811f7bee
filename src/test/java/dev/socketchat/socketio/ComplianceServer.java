package dev.socketchat.socketio;

import dev.socketchat.standalone.StandaloneServer;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The server the official Socket.IO compliance suite ({@code socketio/socket.io-protocol}, {@code test-suite/})
 * expects on {@code localhost:3000}, configured as the reference one in that repository's README: ping every 300 ms,
 * 200 ms to pong, 1 MB payloads, 1 s to join a namespace, any origin may poll (for the suite's browser runner); on {@code /}, {@code message} comes back as {@code
 * message-back} and {@code message-with-ack} is acked with its own arguments; {@code /custom} also exists; every
 * socket is sent its {@code auth} on connect. It is the real standalone server with those two namespaces instead of
 * the chat. Run it as README.md says ("Socket.IO compliance").
 */
public final class ComplianceServer {
  private static final Map<String, String> REFERENCE_SETTINGS =
      Map.of(
          "socketchat.socketio.ping-interval", "300",
          "socketchat.socketio.ping-timeout", "200",
          "socketchat.socketio.max-payload", "1000000",
          "socketchat.socketio.connect-timeout", "1000",
          "socketchat.socketio.cors-origins", "*");

  private ComplianceServer() {}

  public static void main(String[] args) throws InterruptedException {
    REFERENCE_SETTINGS.forEach(System::setProperty);
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    StandaloneServer server = StandaloneServer.start("127.0.0.1", port);
    SocketIoNamespaces namespaces = CDI.current().select(SocketIoNamespaces.class).get();
    namespaces.register("/", ComplianceServer::echo);
    namespaces.register("/custom", socket -> authOnly(socket));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "compliance-shutdown"));
    System.out.println("compliance server ready at http://127.0.0.1:" + server.port() + "/socket.io/");
    System.out.flush();
    stopped.await();
  }

  /** {@code /}: sends {@code auth}, echoes {@code message} as {@code message-back}, acks {@code message-with-ack}. */
  private static SocketListener echo(SocketIoSocket socket) {
    return new SocketListener() {
      @Override
      public void connected() {
        socket.emit("auth", socket.auth());
      }

      @Override
      public void event(SocketEvent event) {
        switch (event.name()) {
          case "message" -> {
            JsonArrayBuilder back = Json.createArrayBuilder().add("message-back");
            event.args().forEach(back::add);
            socket.emit(back.build(), event.attachments());
          }
          case "message-with-ack" -> event.ack(event.args(), event.attachments());
          default -> {
            // the reference server has no other handlers
          }
        }
      }
    };
  }

  /** {@code /custom}: only sends {@code auth}. */
  private static SocketListener authOnly(SocketIoSocket socket) {
    return new SocketListener() {
      @Override
      public void connected() {
        socket.emit("auth", socket.auth());
      }

      @Override
      public void event(SocketEvent event) {}
    };
  }
}
