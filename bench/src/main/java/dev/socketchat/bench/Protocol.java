package dev.socketchat.bench;

/** The wire protocols the generator speaks. */
enum Protocol {
  /** socketchat's JSON room protocol at {@code /chat}. */
  CHAT,
  /** Socket.IO v5 over Engine.IO v4, websocket transport, the seed's events. */
  SOCKETIO;

  static Protocol named(String name) {
    return switch (name) {
      case "chat" -> CHAT;
      case "sio", "socketio", "socket.io" -> SOCKETIO;
      default -> throw new IllegalArgumentException("unknown protocol " + name + " (chat or sio)");
    };
  }

  String label() {
    return this == CHAT ? "chat" : "sio";
  }
}
