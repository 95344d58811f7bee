package dev.socketchat.bench;

import java.util.Locale;

/** The WebSocket client a generator's connections are made with ({@code --client}). */
enum Client {
  /** Our own NIO client ({@link WsConnection}) on the generator's selector thread, source addresses bound. */
  OWN,
  /** The JDK's {@code java.net.http.WebSocket}, a client we did not write ({@link JdkWebSocketConnection}). */
  JDK;

  static Client named(String name) {
    return switch (name) {
      case "own" -> OWN;
      case "jdk" -> JDK;
      default -> throw new IllegalArgumentException("unknown client " + name + " (own or jdk)");
    };
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Who generated the load, for the tables. */
  String describe() {
    return this == OWN
        ? "the bench's own NIO WebSocket client (`--client own`)"
        : "the JDK's `java.net.http.WebSocket` (`--client jdk`, Java " + System.getProperty("java.version") + ")";
  }

  /** Makes this client's connections, every one of them reporting on {@code loop}'s thread. */
  Connection.Factory on(EventLoop loop) {
    return this == OWN ? handler -> new WsConnection(loop, handler) : JdkWebSocketConnection.factory(loop);
  }
}
