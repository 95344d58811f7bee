package dev.socketchat.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The server's tunables. Each is read from a system property ({@code socketchat.heartbeat.interval}), else the
 * matching environment variable ({@code SOCKETCHAT_HEARTBEAT_INTERVAL}; dots and dashes become underscores), else
 * its default.
 *
 * @param heartbeatInterval how often an idle connection is pinged
 * @param heartbeatTimeout how long a connection may stay silent (no frame, no pong) before it counts as dead
 * @param outboxLimit how many characters may wait to be sent to one connection before it is closed as too slow
 * @param socketIo the Engine.IO / Socket.IO tunables ({@code socketchat.socketio.*})
 */
public record Settings(Duration heartbeatInterval, Duration heartbeatTimeout, int outboxLimit, SocketIo socketIo) {
  /** Frames over this many bytes are refused by closing the connection with 1009. */
  public static final int MAX_FRAME_BYTES = 64 * 1024;

  public Settings {
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(socketIo, "socketIo");
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("socketchat.heartbeat.interval must be positive");
    }
    if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException("socketchat.heartbeat.timeout must be longer than the interval");
    }
    if (outboxLimit < MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("socketchat.outbox.limit must be at least " + MAX_FRAME_BYTES);
    }
  }

  /**
   * The Engine.IO heartbeat and limits announced to Socket.IO clients in the open packet, and how long a new
   * connection may take to join a namespace.
   *
   * @param pingInterval how often the server sends an Engine.IO ping ({@code 2})
   * @param pingTimeout how long the server waits for the pong ({@code 3}) before it closes the session
   * @param maxPayload the most bytes one HTTP request body or WebSocket message may carry
   * @param connectTimeout how long a session may stay without any namespace before it is closed
   * @param corsOrigins the page origins ({@code https://www.example.com}) allowed to poll from another origin; {@code
   *     *} allows any; empty allows none
   */
  public record SocketIo(
      Duration pingInterval, Duration pingTimeout, int maxPayload, Duration connectTimeout, List<String> corsOrigins) {
    public SocketIo {
      positive(pingInterval, "socketchat.socketio.ping-interval");
      positive(pingTimeout, "socketchat.socketio.ping-timeout");
      positive(connectTimeout, "socketchat.socketio.connect-timeout");
      if (maxPayload < 1024) {
        throw new IllegalArgumentException("socketchat.socketio.max-payload must be at least 1024");
      }
      corsOrigins = List.copyOf(corsOrigins);
    }

    /**
     * The Socket.IO server's defaults: ping every 25 s, wait 20 s for the pong, 1 MB per payload, 45 s to connect, no
     * cross-origin polling.
     */
    public static SocketIo defaults() {
      return new SocketIo(
          Duration.ofSeconds(25), Duration.ofSeconds(20), 1_000_000, Duration.ofSeconds(45), List.of());
    }

    /** Whether a page from this origin may poll (its requests then get CORS headers). */
    public boolean allowsOrigin(String origin) {
      return origin != null && (corsOrigins.contains("*") || corsOrigins.contains(origin));
    }

    private static void positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
    }
  }

  /** The defaults: ping every 25 s, drop after 60 s of silence, 1 MiB of backlog per connection. */
  public static Settings defaults() {
    return new Settings(Duration.ofSeconds(25), Duration.ofSeconds(60), 1024 * 1024, SocketIo.defaults());
  }

  /** Reads the settings from system properties and the environment. */
  public static Settings fromEnvironment() {
    return from(name -> {
      String property = System.getProperty(name);
      return property != null ? property : System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    });
  }

  /** Reads the settings through a lookup of dotted names ({@code socketchat.heartbeat.interval}); null means unset. */
  public static Settings from(UnaryOperator<String> lookup) {
    Settings defaults = defaults();
    SocketIo socketIo = defaults.socketIo();
    return new Settings(
        millis(lookup, "socketchat.heartbeat.interval", defaults.heartbeatInterval()),
        millis(lookup, "socketchat.heartbeat.timeout", defaults.heartbeatTimeout()),
        integer(lookup, "socketchat.outbox.limit", defaults.outboxLimit()),
        new SocketIo(
            millis(lookup, "socketchat.socketio.ping-interval", socketIo.pingInterval()),
            millis(lookup, "socketchat.socketio.ping-timeout", socketIo.pingTimeout()),
            integer(lookup, "socketchat.socketio.max-payload", socketIo.maxPayload()),
            millis(lookup, "socketchat.socketio.connect-timeout", socketIo.connectTimeout()),
            list(lookup, "socketchat.socketio.cors-origins", socketIo.corsOrigins())));
  }

  private static Duration millis(UnaryOperator<String> lookup, String name, Duration fallback) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? fallback : Duration.ofMillis(parse(name, value));
  }

  private static int integer(UnaryOperator<String> lookup, String name, int fallback) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? fallback : Math.toIntExact(parse(name, value));
  }

  private static List<String> list(UnaryOperator<String> lookup, String name, List<String> fallback) {
    String value = lookup.apply(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
  }

  private static long parse(String name, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not \"" + value + "\"", e);
    }
  }
}
