package dev.socketchat.bench;

import java.util.ArrayList;
import java.util.List;

/** A server the benchmark can measure: how to run it and which protocol the generator speaks to it. */
record ServerSpec(String name, Kind kind, Protocol protocol, String baseUrl, List<Long> pids) {

  /** How the server is run. */
  enum Kind {
    /** socketchat's standalone jar, in memory. */
    JAR,
    /** socketchat's standalone jar in cluster mode, with a local redis-server. */
    JAR_REDIS,
    /** A Node peer from bench/peers. */
    NODE,
    /** Already running, started by someone else: measured through its base URL and process ids. */
    ATTACHED
  }

  /** The built-in servers, in the order "all" runs them. */
  static List<ServerSpec> builtIn() {
    return List.of(
        new ServerSpec("socketchat", Kind.JAR, Protocol.CHAT, null, List.of()),
        new ServerSpec("socketchat-sio", Kind.JAR, Protocol.SOCKETIO, null, List.of()),
        new ServerSpec("socketchat-redis", Kind.JAR_REDIS, Protocol.CHAT, null, List.of()),
        new ServerSpec("socketchat-redis-sio", Kind.JAR_REDIS, Protocol.SOCKETIO, null, List.of()),
        new ServerSpec("ws", Kind.NODE, Protocol.CHAT, "ws-chat-server.js", List.of()),
        new ServerSpec("socketio", Kind.NODE, Protocol.SOCKETIO, "socketio-server.js", List.of()));
  }

  /** Parses {@code NAME=PROTOCOL,BASE_URL,PID[+PID...]}, e.g. {@code tomcat=chat,http://127.0.0.1:8080/socketchat,4242}. */
  static ServerSpec attached(String text) {
    int eq = text.indexOf('=');
    String[] parts = text.substring(eq + 1).split(",");
    if (eq <= 0 || parts.length != 3) {
      throw new IllegalArgumentException("--attach wants NAME=PROTOCOL,BASE_URL,PID[+PID...], not " + text);
    }
    List<Long> pids = new ArrayList<>();
    for (String pid : parts[2].split("\\+")) {
      pids.add(Long.parseLong(pid.strip()));
    }
    return new ServerSpec(text.substring(0, eq), Kind.ATTACHED, Protocol.named(parts[0]), parts[1], pids);
  }

  /** The socketchat variants, whose rows are compared with the peers. */
  boolean isSocketchat() {
    return kind != Kind.NODE;
  }
}
