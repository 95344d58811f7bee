package dev.socketchat.config;

import dev.socketchat.auth.AuthSettings;
import dev.socketchat.cluster.ClusterSettings;
import dev.socketchat.domain.FloodLimits;
import dev.socketchat.domain.HistoryLimits;
import dev.socketchat.domain.RoomLimits;
import dev.socketchat.domain.SessionLimits;
import dev.socketchat.metrics.MetricsSettings;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The server's tunables. Each is read from a system property ({@code socketchat.heartbeat.interval}), else the
 * matching environment variable ({@code SOCKETCHAT_HEARTBEAT_INTERVAL}; dots and dashes become underscores), else, in a
 * web application, the context parameter of the dotted name, else its default.
 *
 * @param heartbeatInterval how often an idle connection is pinged
 * @param heartbeatTimeout how long a connection may stay silent (no frame, no pong) before it counts as dead
 * @param outboxLimit how many characters may wait to be sent to one connection before it is closed as too slow
 * @param cluster whether and how this node shares its rooms with other nodes through Redis
 * @param socketIo the Engine.IO / Socket.IO tunables ({@code socketchat.socketio.*})
 * @param origins the page origins ({@code https://www.example.com}) whose pages may open WebSocket connections
 *     ({@code /chat} and {@code /socket.io/}); empty or {@code *} allows any
 * @param limits how fast one connection may send messages and other requests ({@code socketchat.limits.*})
 * @param roomLimits how many rooms one connection may own and be in, and the server may hold
 * @param connectionsPerAddress how many connections ({@code /chat} and Socket.IO sessions) one client address may
 *     hold at once; 0 for no limit
 * @param transport how long the server waits on a client that stopped reading or sending
 * @param history how much chat an owned room shows a joiner and keeps ({@code socketchat.history.*})
 * @param sessions how long a dropped connection waits for its client to resume ({@code socketchat.session.*})
 * @param auth whether connections sign in with a site's token, and what it is checked against ({@code
 *     socketchat.auth.*})
 */
public record Settings(
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    int outboxLimit,
    ClusterSettings cluster,
    SocketIo socketIo,
    List<String> origins,
    FloodLimits limits,
    RoomLimits roomLimits,
    int connectionsPerAddress,
    Transport transport,
    HistoryLimits history,
    SessionLimits sessions,
    AuthSettings auth) {
  /** Frames over this many bytes are refused by closing the connection with 1009. */
  public static final int MAX_FRAME_BYTES = 64 * 1024;

  /** The most {@code socketchat.socketio.max-payload} may be: 100 MB, a body held whole in memory. */
  public static final int MAX_PAYLOAD = 100_000_000;

  public Settings {
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(socketIo, "socketIo");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(roomLimits, "roomLimits");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(auth, "auth");
    origins = List.copyOf(origins);
    origins.forEach(origin -> requireOrigin("socketchat.origins", origin));
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("socketchat.heartbeat.interval must be positive");
    }
    if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException("socketchat.heartbeat.timeout must be longer than the interval");
    }
    if (connectionsPerAddress < 0) {
      throw new IllegalArgumentException("socketchat.limits.connections-per-address must be 0 (off) or more");
    }
    if (outboxLimit < MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("socketchat.outbox.limit must be at least " + MAX_FRAME_BYTES);
    }
  }

  /**
   * Refuses what no browser sends as its {@code Origin}: a page origin is a scheme and a host (and port), no path; an
   * origin that could never match would silently let no page in.
   */
  private static void requireOrigin(String setting, String origin) {
    if (!origin.equals("*") && !origin.matches("[a-z][a-z0-9+.-]*://[^/\\s]+")) {
      throw new IllegalArgumentException(
          setting + " takes origins such as https://www.example.com (scheme and host, no path), not \"" + origin
              + "\"");
    }
  }

  /** Settings of a single node (no cluster), with Socket.IO's defaults. */
  public Settings(Duration heartbeatInterval, Duration heartbeatTimeout, int outboxLimit) {
    this(heartbeatInterval, heartbeatTimeout, outboxLimit, ClusterSettings.NONE);
  }

  /** Settings with Socket.IO's defaults and the default flood limits. */
  public Settings(Duration heartbeatInterval, Duration heartbeatTimeout, int outboxLimit, ClusterSettings cluster) {
    this(
        heartbeatInterval,
        heartbeatTimeout,
        outboxLimit,
        cluster,
        SocketIo.defaults(),
        List.of(),
        FloodLimits.defaults(),
        RoomLimits.defaults(),
        0,
        Transport.defaults(),
        HistoryLimits.defaults(),
        SessionLimits.defaults(),
        AuthSettings.OFF);
  }

  /**
   * Whether a WebSocket handshake with this {@code Origin} header may go ahead: any when no origins are configured
   * (or {@code *}), and always when the header is absent (clients that are not browsers send none).
   */
  public boolean allowsWebSocketOrigin(String origin) {
    return origin == null || origins.isEmpty() || origins.contains("*") || origins.contains(origin);
  }

  /**
   * The session settings, for connections whose death goes unnoticed until the heartbeat gives up on them: its timeout
   * and one interval after their last frame. (Only /chat sessions lose rooms: a Socket.IO socket is in open rooms.)
   */
  public SessionLimits sessionsAsNoticed() {
    return sessions.noticingDropsWithin(heartbeatInterval.plus(heartbeatTimeout));
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
   * @param timeZone the zone of the chat's {@code time} field ({@code 오후 03:15})
   * @param entryNotice the notice of a first entry; {@code {name}} stands for the newcomer
   * @param leaveNotice the notice of a member leaving; {@code {name}} stands for the one leaving
   * @param removalNotice the notice of someone sent out of the room; {@code {name}} stands for that person
   */
  public record SocketIo(
      Duration pingInterval,
      Duration pingTimeout,
      int maxPayload,
      Duration connectTimeout,
      List<String> corsOrigins,
      ZoneId timeZone,
      String entryNotice,
      String leaveNotice,
      String removalNotice) {
    /** The seed chat's notices, in Korean. */
    public static final String ENTRY_NOTICE = "{name} 님이 입장하셨습니다.";

    public static final String LEAVE_NOTICE = "{name} 님이 퇴장하셨습니다.";
    public static final String REMOVAL_NOTICE = "{name} 님을 챗방에서 내보냈습니다.";

    public SocketIo {
      positive(pingInterval, "socketchat.socketio.ping-interval");
      positive(pingTimeout, "socketchat.socketio.ping-timeout");
      positive(connectTimeout, "socketchat.socketio.connect-timeout");
      // clients wait pingInterval + pingTimeout for each ping, and their timers (setTimeout) take no more than an int
      if (pingInterval.plus(pingTimeout).toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "socketchat.socketio.ping-interval plus socketchat.socketio.ping-timeout must be at most "
                + Integer.MAX_VALUE + " ms together (clients wait that long for a ping), not "
                + pingInterval.plus(pingTimeout).toMillis());
      }
      if (maxPayload < 1024 || maxPayload > MAX_PAYLOAD) {
        throw new IllegalArgumentException(
            "socketchat.socketio.max-payload must be from 1024 to " + MAX_PAYLOAD + " (bytes), not " + maxPayload);
      }
      corsOrigins = List.copyOf(corsOrigins);
      corsOrigins.forEach(origin -> requireOrigin("socketchat.socketio.cors-origins", origin));
      Objects.requireNonNull(timeZone, "socketchat.socketio.time-zone");
      notice(entryNotice, "socketchat.socketio.entry-notice");
      notice(leaveNotice, "socketchat.socketio.leave-notice");
      notice(removalNotice, "socketchat.socketio.removal-notice");
    }

    /**
     * The Socket.IO server's defaults: ping every 25 s, wait 20 s for the pong, 1 MB per payload, 45 s to connect, no
     * cross-origin polling; times in the machine's time zone; the seed chat's Korean notices.
     */
    public static SocketIo defaults() {
      return new SocketIo(
          Duration.ofSeconds(25),
          Duration.ofSeconds(20),
          1_000_000,
          Duration.ofSeconds(45),
          List.of(),
          ZoneId.systemDefault(),
          ENTRY_NOTICE,
          LEAVE_NOTICE,
          REMOVAL_NOTICE);
    }

    private static void notice(String text, String name) {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException(name + " must not be empty");
      }
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

  /**
   * How long the server waits on a client that stopped taking what it is sent, or sends nothing.
   *
   * @param stallTimeout how long one frame may wait to be taken by a WebSocket reader (its socket buffers full) before
   *     the connection is closed with 1013 as too slow ({@code socketchat.outbox.stall-timeout})
   * @param closeTimeout how long, on the standalone runner, a connection may stay open after the server sent its close
   *     frame before its TCP connection is aborted ({@code socketchat.websocket.close-timeout})
   * @param httpIdleTimeout how long, on the standalone runner, a connection that is not a WebSocket may go without a
   *     complete request header (after connecting, or after its last response) before it is closed; whole seconds
   *     ({@code socketchat.http.idle-timeout})
   */
  public record Transport(Duration stallTimeout, Duration closeTimeout, Duration httpIdleTimeout) {
    public Transport {
      SocketIo.positive(stallTimeout, "socketchat.outbox.stall-timeout");
      SocketIo.positive(closeTimeout, "socketchat.websocket.close-timeout");
      SocketIo.positive(httpIdleTimeout, "socketchat.http.idle-timeout");
    }

    /** 10 s for a stalled reader, 5 s for the close handshake, 30 s for an idle HTTP connection. */
    public static Transport defaults() {
      return new Transport(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** The HTTP idle timeout in whole seconds, rounded up, as Grizzly takes it. */
    public int httpIdleSeconds() {
      return Math.toIntExact((httpIdleTimeout.toMillis() + 999) / 1000);
    }
  }

  /**
   * The defaults: ping every 25 s, drop after 60 s of silence, 1 MiB of backlog per connection, a single node, pages
   * from any origin.
   */
  public static Settings defaults() {
    return new Settings(Duration.ofSeconds(25), Duration.ofSeconds(60), 1024 * 1024, ClusterSettings.NONE);
  }

  /** Reads the settings from system properties and the environment. */
  public static Settings fromEnvironment() {
    return fromEnvironment(name -> null);
  }

  /**
   * Reads the settings from system properties and the environment, then from {@code fallback} (a web application's
   * context parameters) for what neither sets.
   */
  public static Settings fromEnvironment(UnaryOperator<String> fallback) {
    return from(environment(fallback));
  }

  /**
   * The lookup of dotted names that settings are read through: a system property, else the environment variable, else
   * {@code fallback}.
   */
  public static UnaryOperator<String> environment(UnaryOperator<String> fallback) {
    Objects.requireNonNull(fallback, "fallback");
    return name -> {
      String property = System.getProperty(name);
      if (property != null) {
        return property;
      }
      String variable = System.getenv(variable(name));
      return variable != null ? variable : fallback.apply(name);
    };
  }

  /** The environment variable a dotted name is read from: upper case, dots and dashes as underscores. */
  public static String variable(String name) {
    return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Reads the metrics settings ({@code socketchat.metrics.*}) through a lookup of dotted names. */
  public static MetricsSettings metrics(UnaryOperator<String> lookup) {
    String enabled = lookup.apply("socketchat.metrics.enabled");
    boolean on = enabled == null || enabled.isBlank() || bool("socketchat.metrics.enabled", enabled);
    return new MetricsSettings(on, lookup.apply("socketchat.metrics.token"));
  }

  private static boolean bool(String name, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, not \"" + value + "\"");
    };
  }

  /** Reads the settings through a lookup of dotted names ({@code socketchat.heartbeat.interval}); null means unset. */
  public static Settings from(UnaryOperator<String> lookup) {
    Settings defaults = defaults();
    SocketIo socketIo = defaults.socketIo();
    return new Settings(
        millis(lookup, "socketchat.heartbeat.interval", defaults.heartbeatInterval()),
        millis(lookup, "socketchat.heartbeat.timeout", defaults.heartbeatTimeout()),
        integer(lookup, "socketchat.outbox.limit", defaults.outboxLimit()),
        new ClusterSettings(
            uri(lookup, "socketchat.redis.url"),
            millis(lookup, "socketchat.redis.timeout", ClusterSettings.NONE.timeout()),
            millis(lookup, "socketchat.redis.liveness", ClusterSettings.NONE.liveness())),
        new SocketIo(
            millis(lookup, "socketchat.socketio.ping-interval", socketIo.pingInterval()),
            millis(lookup, "socketchat.socketio.ping-timeout", socketIo.pingTimeout()),
            integer(lookup, "socketchat.socketio.max-payload", socketIo.maxPayload()),
            millis(lookup, "socketchat.socketio.connect-timeout", socketIo.connectTimeout()),
            list(lookup, "socketchat.socketio.cors-origins", socketIo.corsOrigins()),
            zone(lookup, "socketchat.socketio.time-zone", socketIo.timeZone()),
            text(lookup, "socketchat.socketio.entry-notice", socketIo.entryNotice()),
            text(lookup, "socketchat.socketio.leave-notice", socketIo.leaveNotice()),
            text(lookup, "socketchat.socketio.removal-notice", socketIo.removalNotice())),
        list(lookup, "socketchat.origins", defaults.origins()),
        new FloodLimits(
            rate(lookup, "socketchat.limits.messages-per-second", defaults.limits().messagesPerSecond()),
            atLeast(lookup, "socketchat.limits.message-burst", defaults.limits().messageBurst(), 1),
            rate(lookup, "socketchat.limits.requests-per-second", defaults.limits().requestsPerSecond()),
            atLeast(lookup, "socketchat.limits.request-burst", defaults.limits().requestBurst(), 1),
            atLeast(lookup, "socketchat.limits.refusals-to-close", defaults.limits().refusalsToClose(), 1)),
        new RoomLimits(
            atLeast(lookup, "socketchat.limits.rooms-per-connection", defaults.roomLimits().ownedPerConnection(), 1),
            atLeast(
                lookup,
                "socketchat.limits.memberships-per-connection",
                defaults.roomLimits().membershipsPerConnection(),
                1),
            atLeast(lookup, "socketchat.limits.rooms", defaults.roomLimits().roomsPerServer(), 1)),
        integer(lookup, "socketchat.limits.connections-per-address", defaults.connectionsPerAddress()),
        new Transport(
            millis(lookup, "socketchat.outbox.stall-timeout", defaults.transport().stallTimeout()),
            millis(lookup, "socketchat.websocket.close-timeout", defaults.transport().closeTimeout()),
            millis(lookup, "socketchat.http.idle-timeout", defaults.transport().httpIdleTimeout())),
        new HistoryLimits(
            atLeast(lookup, "socketchat.history.size", defaults.history().size(), 0),
            atLeast(lookup, "socketchat.history.keep", defaults.history().keep(), 0)),
        new SessionLimits(millis(lookup, "socketchat.session.resume-window", defaults.sessions().resumeWindow())),
        auth(lookup));
  }

  /** The {@code socketchat.auth.*} settings; off unless {@code socketchat.auth.mode} says otherwise. */
  private static AuthSettings auth(UnaryOperator<String> lookup) {
    String mode = lookup.apply("socketchat.auth.mode");
    return new AuthSettings(
        mode == null || mode.isBlank() ? AuthSettings.Mode.OFF : AuthSettings.Mode.of(mode),
        verbatim(lookup, "socketchat.auth.hmac-secret"),
        path(lookup, "socketchat.auth.public-key"),
        path(lookup, "socketchat.auth.jwks"),
        verbatim(lookup, "socketchat.auth.issuer"),
        verbatim(lookup, "socketchat.auth.audience"),
        Duration.ofSeconds(
            integer(lookup, "socketchat.auth.clock-skew", (int) AuthSettings.DEFAULT_CLOCK_SKEW.toSeconds())));
  }

  /** A value taken as it is (no trimming: a secret's spaces count), null when unset or empty. */
  private static String verbatim(UnaryOperator<String> lookup, String name) {
    String value = lookup.apply(name);
    return value == null || value.isEmpty() ? null : value;
  }

  private static java.nio.file.Path path(UnaryOperator<String> lookup, String name) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? null : java.nio.file.Path.of(value.strip());
  }

  /** A rate per second: 0 (off) or a positive number up to the largest int, fractions allowed; no NaN, no infinity. */
  private static double rate(UnaryOperator<String> lookup, String name, double fallback) {
    String value = lookup.apply(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    double parsed;
    try {
      parsed = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, not \"" + value + "\"", e);
    }
    if (!(parsed >= 0 && parsed <= Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(
          name + " must be 0 (off) or a positive number up to " + Integer.MAX_VALUE + ", not \"" + value + "\"");
    }
    return parsed;
  }

  /** A whole number no less than {@code least}, refused with the setting's name otherwise. */
  private static int atLeast(UnaryOperator<String> lookup, String name, int fallback, int least) {
    int value = integer(lookup, name, fallback);
    if (value < least) {
      throw new IllegalArgumentException(name + " must be at least " + least + ", not " + value);
    }
    return value;
  }

  private static Duration millis(UnaryOperator<String> lookup, String name, Duration fallback) {
    String value = lookup.apply(name);
    // as an int, as timers in Java and in browsers (setTimeout) take it: about 24.8 days
    return value == null || value.isBlank() ? fallback : Duration.ofMillis(whole(name, value));
  }

  private static int integer(UnaryOperator<String> lookup, String name, int fallback) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? fallback : whole(name, value);
  }

  /** A whole number that fits an int: a larger one is refused with a sentence rather than an overflow. */
  private static int whole(String name, String value) {
    long parsed = parse(name, value);
    if (parsed != (int) parsed) {
      throw new IllegalArgumentException(
          name + " must be at most " + Integer.MAX_VALUE + " (and no less than " + Integer.MIN_VALUE + "), not \""
              + value + "\"");
    }
    return (int) parsed;
  }

  private static URI uri(UnaryOperator<String> lookup, String name) {
    String value = lookup.apply(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return new URI(value.strip());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not an address: \"" + value + "\"", e);
    }
  }

  private static List<String> list(UnaryOperator<String> lookup, String name, List<String> fallback) {
    String value = lookup.apply(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
  }

  private static ZoneId zone(UnaryOperator<String> lookup, String name, ZoneId fallback) {
    String value = lookup.apply(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return ZoneId.of(value.strip());
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          name + " must be a time zone such as Asia/Seoul or +09:00, not \"" + value + "\"", e);
    }
  }

  private static String text(UnaryOperator<String> lookup, String name, String fallback) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static long parse(String name, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not \"" + value + "\"", e);
    }
  }
}
